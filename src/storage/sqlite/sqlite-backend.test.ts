// What only the SQLite backend has to prove: persistence across reopen, refusal of corrupt or
// foreign files, single ownership, the two ways of reading the past agreeing with each other,
// compaction dropping rows without the file growing, and recovery after a failed commit.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, describe, it } from 'node:test';
import { compareKeys } from '../keys.ts';
import type { KeyValue, Store, WatchEvent } from '../store.ts';
import {
  DatabaseInUseError,
  DatabaseUnusableError,
  openSqliteStore,
  type SqliteStoreOptions,
  saveSqliteSnapshot,
} from './index.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array | undefined) => (b === undefined ? undefined : new TextDecoder().decode(b));
const root = mkdtempSync(join(tmpdir(), 'kts-sqlite-backend-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshFile = () => join(root, `case-${++n}`, 'state.db');
const open = (file: string, options: Partial<SqliteStoreOptions> = {}) =>
  openSqliteStore({ file, compaction: { enabled: false }, ...options });

function logRows(file: string): number {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return Number((db.prepare('SELECT COUNT(*) AS n FROM log').get() as { n: number }).n);
  } finally {
    db.close();
  }
}

describe('SQLite backend', () => {
  it('keeps state, revisions and the compacted revision across reopen', async () => {
    const file = freshFile();
    let store = await open(file);
    const a = await store.create('/k/a', enc('a1'));
    const a2 = await store.update('/k/a', enc('a2'), a.modRevision);
    await store.create('/k/b', enc('b'));
    await store.delete('/k/b');
    await store.compact(a2.modRevision);
    const revision = await store.currentRevision();
    await store.close();

    store = await open(file);
    try {
      assert.equal(await store.currentRevision(), revision);
      assert.equal(await store.compactedRevision(), a2.modRevision);
      assert.deepEqual(
        (await store.list('/k/')).items.map((kv) => [kv.key, dec(kv.value), kv.modRevision]),
        [['/k/a', 'a2', a2.modRevision]],
      );
      const next = await store.create('/k/c', enc('c'));
      assert.equal(next.modRevision, revision + 1);
    } finally {
      await store.close();
    }
  });

  it('expires TTL keys written before a restart', async () => {
    const file = freshFile();
    let store = await open(file);
    const created = await store.create('/events/e1', enc('e'), { ttlSeconds: 1 });
    await store.close();
    store = await open(file, { ttlCheckIntervalMs: 100 });
    try {
      const deleted = await new Promise<WatchEvent>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('never expired')), 60_000);
        const watch = store.watch('/events/', created.modRevision, {
          onEvents(events) {
            clearTimeout(timer);
            watch.stop();
            resolve(events[0]!);
          },
          onError: reject,
        });
      });
      assert.equal(deleted.type, 'DELETED');
      assert.equal(dec(deleted.value), 'e');
    } finally {
      await store.close();
    }
  });

  it('refuses corrupt, empty and foreign files without touching them', async () => {
    const corrupt = freshFile();
    const store = await open(corrupt);
    for (let i = 0; i < 200; i++) await store.create(`/k/${i}`, enc('x'.repeat(500)));
    await store.close();
    const bytes = readFileSync(corrupt);
    bytes.fill(0xa5, 4096, bytes.length); // every page after the header page
    writeFileSync(corrupt, bytes);
    const error = await open(corrupt).catch((e: unknown) => e);
    assert.ok(error instanceof DatabaseUnusableError, String(error));
    assert.match(error.message, new RegExp(corrupt.replaceAll('/', '\\/')));
    assert.match(error.message, /kts store snapshot restore/);
    assert.deepEqual(readFileSync(corrupt), bytes);

    const garbage = freshFile();
    await open(garbage).then((s) => s.close());
    writeFileSync(garbage, 'this is not a database at all, not even close '.repeat(200));
    await assert.rejects(open(garbage), DatabaseUnusableError);

    const empty = freshFile();
    await open(empty).then((s) => s.close());
    writeFileSync(empty, '');
    await assert.rejects(open(empty), /the file is empty/);
    assert.equal(statSync(empty).size, 0);

    const foreign = freshFile();
    await open(foreign).then((s) => s.close());
    rmSync(foreign);
    const other = new DatabaseSync(foreign);
    other.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    other.close();
    await assert.rejects(open(foreign), /not a kts database/);
  });

  it('refuses a second opener while the database is open', async () => {
    const file = freshFile();
    const store = await open(file);
    try {
      await assert.rejects(open(file), DatabaseInUseError);
      await store.create('/k/still-works', enc('yes'));
    } finally {
      await store.close();
    }
    const again = await open(file);
    assert.equal(dec((await again.get('/k/still-works'))?.value), 'yes');
    await again.close();
  });

  it('answers reads of the past the same from memory and from the log', async () => {
    const file = freshFile();
    let store: Store = await open(file);
    // A random history over a few prefixes; the model is every acknowledged write.
    let seed = 42;
    const random = (k: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % k;
    };
    const writes: { revision: number; key: string; value: string | null }[] = [];
    for (let i = 0; i < 400; i++) {
      const key = `/r/${['a', 'b', 'ab'][random(3)]}/${random(40)}`;
      const current = await store.get(key);
      const action = random(4);
      let kv: KeyValue;
      if (!current) kv = await store.create(key, enc(`v${i}`));
      else if (action === 0) {
        kv = await store.delete(key);
        writes.push({ revision: kv.modRevision, key, value: null });
        continue;
      } else kv = await store.update(key, enc(`v${i}`), current.modRevision);
      writes.push({ revision: kv.modRevision, key, value: `v${i}` });
    }
    await store.close();
    const stateAt = (revision: number, prefix: string) => {
      const state = new Map<string, string>();
      for (const w of writes) {
        if (w.revision > revision) break;
        if (w.value === null) state.delete(w.key);
        else state.set(w.key, w.value);
      }
      return [...state].filter(([k]) => k.startsWith(prefix)).sort(([x], [y]) => compareKeys(x, y));
    };
    for (const overlayMaxRevisions of [Number.POSITIVE_INFINITY, 0]) {
      store = await open(file, { overlayMaxRevisions });
      try {
        for (let probe = 0; probe < 25; probe++) {
          const revision = writes[random(writes.length)]!.revision;
          const prefix = ['/r/', '/r/a', '/r/a/', '/r/b/', '/r/ab/'][random(5)]!;
          const pages: [string, string][] = [];
          let token: string | undefined;
          do {
            const page = await store.list(prefix, { revision, limit: 1 + random(9), continue: token });
            pages.push(...page.items.map((kv): [string, string] => [kv.key, dec(kv.value)!]));
            token = page.continue;
          } while (token);
          assert.deepEqual(
            pages,
            stateAt(revision, prefix),
            `${prefix} at ${revision} (${overlayMaxRevisions})`,
          );
        }
      } finally {
        await store.close();
      }
    }
  });

  it('compaction drops old rows in steps and the file stops growing under churn', async () => {
    const file = freshFile();
    const store = await open(file, { compactionStepRows: 100 });
    try {
      const keys = Array.from({ length: 50 }, (_, i) => `/churn/${i}`);
      const revisions = new Map<string, number>();
      for (const key of keys) revisions.set(key, (await store.create(key, new Uint8Array(1024))).modRevision);
      const sizes: number[] = [];
      for (let round = 0; round < 8; round++) {
        await Promise.all(
          keys.map(async (key) => {
            for (let i = 0; i < 20; i++) {
              const kv = await store.update(key, new Uint8Array(1024).fill(i), revisions.get(key)!);
              revisions.set(key, kv.modRevision);
            }
          }),
        );
        const target = (await store.currentRevision()) - 100;
        await store.compact(target);
        await store.compactionSettled(target);
        // Left: the newest row of each key below the target, and every row from it on.
        assert.ok(logRows(file) <= keys.length + 101, `round ${round}: ${logRows(file)} rows`);
        sizes.push(statSync(file).size);
      }
      // Freed pages are reused: after the first rounds the file does not grow.
      assert.ok(sizes[7]! <= sizes[2]!, `sizes: ${sizes.join(', ')}`);
    } finally {
      await store.close();
    }
  });

  it('rejects writes that could not be committed and keeps the acknowledged ones', async () => {
    const file = freshFile();
    let store = await open(file, { maxPageCount: 40 });
    const acknowledged = new Map<string, number>();
    const rejected: string[] = [];
    for (let i = 0; i < 200 && rejected.length === 0; i++) {
      const batch = Array.from({ length: 8 }, (_, j) => `/full/${i}-${j}`);
      await Promise.all(
        batch.map((key) =>
          store.create(key, new Uint8Array(2000)).then(
            (kv) => acknowledged.set(key, kv.modRevision),
            (error: Error) => {
              assert.match(error.message, /full/);
              rejected.push(key);
            },
          ),
        ),
      );
    }
    assert.ok(rejected.length > 0, 'the quota was never reached');
    // The store still reads, and its revision is that of the last acknowledged write.
    const maxAcked = Math.max(...acknowledged.values());
    assert.equal(await store.currentRevision(), maxAcked);
    for (const key of rejected) assert.equal(await store.get(key), undefined);
    await store.close();
    store = await open(file);
    try {
      const listed = await store.list('/full/');
      assert.deepEqual(new Set(listed.items.map((kv) => kv.key)), new Set(acknowledged.keys()));
      for (const kv of listed.items) assert.equal(kv.modRevision, acknowledged.get(kv.key));
      const next = await store.create('/full/after', enc('room now'));
      assert.equal(next.modRevision, maxAcked + 1);
    } finally {
      await store.close();
    }
  });

  it('snapshots are plain database files that open as a store', async () => {
    const file = freshFile();
    const store = await open(file);
    await store.create('/s/a', enc('a'));
    const snapshot = join(root, 'plain-snapshot.db');
    await store.snapshot(snapshot);
    await store.close();
    const reopened = await open(snapshot);
    assert.equal(dec((await reopened.get('/s/a'))?.value), 'a');
    assert.equal((statSync(snapshot).mode & 0o777).toString(8), '600');
    await reopened.close();
    // Only kts databases are saved: a foreign file fails and leaves no snapshot behind.
    const foreign = join(root, 'foreign.db');
    const other = new DatabaseSync(foreign);
    other.exec('CREATE TABLE t (x)');
    other.close();
    await assert.rejects(
      saveSqliteSnapshot(foreign, join(root, 'foreign-snapshot.db')),
      /not a kts database/,
    );
    assert.equal(existsSync(join(root, 'foreign-snapshot.db')), false);
  });
});
