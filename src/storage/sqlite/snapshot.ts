// Snapshots of the SQLite store: `VACUUM INTO` copies the database as one read transaction, so
// the copy is consistent at one revision while the server goes on writing (WAL lets a reader in
// another connection or process run beside the writer). The SQLite backup API would restart
// from scratch at every concurrent commit and never finish under steady writes.
// A snapshot is itself a kts database file: restoring it is a checked copy into place, with every
// revision, the history still in the window and the compaction state kept as they were.
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { APPLICATION_ID, assertNotInUse, checkDatabaseFile } from './schema.ts';

// Runs in a short-lived worker so that a large copy never blocks the server's event loop.
const VACUUM_WORKER = `
const { DatabaseSync } = require('node:sqlite');
const { workerData } = require('node:worker_threads');
const db = new DatabaseSync(workerData.source);
try {
  db.exec('PRAGMA busy_timeout = 5000');
  db.prepare('VACUUM INTO ?').run(workerData.target);
} finally {
  db.close();
}
// A backup is only as good as its check: the copy must be a sound kts database.
const copy = new DatabaseSync(workerData.target, { readOnly: true });
try {
  if (copy.prepare('PRAGMA application_id').get().application_id !== workerData.applicationId) {
    throw new Error(workerData.source + ' is not a kts database');
  }
  const problems = copy.prepare('PRAGMA quick_check').all().map((r) => r.quick_check).filter((r) => r !== 'ok');
  if (problems.length > 0) throw new Error('the snapshot failed its check: ' + problems.join('; '));
} finally {
  copy.close();
}
`;

function fsyncPath(path: string, flags = 'r'): void {
  const fd = openSync(path, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes a consistent copy of the database `source` to `target` (replaced atomically). */
export async function saveSqliteSnapshot(source: string, target: string): Promise<void> {
  if (!existsSync(source)) throw new Error(`no kts database at ${source}`);
  mkdirSync(dirname(target), { recursive: true });
  const partial = join(dirname(target), `.${basename(target)}.partial-${process.pid}-${Date.now()}`);
  try {
    await new Promise<void>((resolve, reject) => {
      const worker = new Worker(VACUUM_WORKER, {
        eval: true,
        workerData: { source, target: partial, applicationId: APPLICATION_ID },
      });
      worker.once('error', reject);
      worker.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`snapshot worker exited with ${code}`)),
      );
    });
    chmodSync(partial, 0o600); // the store holds Secrets
    fsyncPath(partial);
    renameSync(partial, target);
    fsyncPath(dirname(target));
  } finally {
    rmSync(partial, { force: true });
  }
}

export interface RestoreResult {
  /** Where the database that was replaced went (undefined when there was none). */
  previous?: string;
}

/**
 * Puts the snapshot `snapshot` in place as the database `target`. Refuses while anything has
 * `target` open (stop the server first) and checks the snapshot's integrity before touching
 * anything; a database already there is moved aside, not deleted.
 */
export function restoreSqliteSnapshot(snapshot: string, target: string): RestoreResult {
  if (!existsSync(snapshot)) throw new Error(`no snapshot at ${snapshot}`);
  checkDatabaseFile(snapshot);
  assertNotInUse(target);
  mkdirSync(dirname(target), { recursive: true });
  const result: RestoreResult = {};
  if (existsSync(target)) {
    const previous = `${target}.before-restore-${new Date().toISOString().replaceAll(':', '')}`;
    renameSync(target, previous);
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(target + suffix)) renameSync(target + suffix, previous + suffix);
    }
    result.previous = previous;
  }
  const partial = `${target}.restoring`;
  copyFileSync(snapshot, partial);
  chmodSync(partial, 0o600);
  fsyncPath(partial);
  renameSync(partial, target);
  fsyncPath(dirname(target));
  return result;
}
