// The SQLite file: its schema, its pragmas, and opening it safely.
//
// One table, `log`, holds a row per write, like kine's: the revision is the row id, a delete is a
// tombstone row. There is no separate "current" table: the store keeps the live keys in memory
// (loaded here at startup) and writes each change once. `meta` holds the compaction state.
//
// A file that is not a kts database, or that SQLite reports as corrupt, stops startup with an
// error naming the file and how to restore it; it is never recreated silently.
import { chmodSync, existsSync, statSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { StoreError } from '../store.ts';

/** 'kts1' in the SQLite header: marks files written by this backend. */
export const APPLICATION_ID = 0x6b747331;
export const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE log (
  rev        INTEGER PRIMARY KEY,
  key        TEXT    NOT NULL,
  create_rev INTEGER NOT NULL,
  prev_rev   INTEGER NOT NULL,  -- the key's previous row (0 for a create): its value is the prevValue
  deleted    INTEGER NOT NULL,  -- 1 for a delete's tombstone (value NULL)
  expires_at INTEGER,           -- TTL deadline in ms since the epoch, NULL for none
  value      BLOB
);
CREATE INDEX log_key_rev ON log (key, rev);
CREATE TABLE meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO meta (name, value) VALUES ('compact_rev', 0), ('compact_cursor', 0);
`;

/** The database file cannot be used: corrupt, unreadable, or not a kts database. */
export class DatabaseUnusableError extends StoreError {
  override name = 'DatabaseUnusableError';
  readonly file: string;
  constructor(file: string, problem: string) {
    super(
      `the kts database ${file} cannot be used: ${problem}. kts does not recreate it: restore it from a ` +
        `snapshot with \`kts store snapshot restore SNAPSHOT_FILE --datastore sqlite://${file}\` (stop the server ` +
        'first), or move the file away to start an empty cluster.',
    );
    this.file = file;
  }
}

/** Another process (or store) has the database open for writing. */
export class DatabaseInUseError extends StoreError {
  override name = 'DatabaseInUseError';
  constructor(file: string) {
    super(`the kts database ${file} is in use by another process (a running kts server?)`);
  }
}

export interface SqliteErrorLike {
  errcode?: number;
  errstr?: string;
  message: string;
}

const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_CORRUPT = 11;
const SQLITE_CANTOPEN = 14;
const SQLITE_NOTADB = 26;

export function isBusy(error: unknown): boolean {
  const code = (error as SqliteErrorLike).errcode;
  return code !== undefined && ((code & 0xff) === SQLITE_BUSY || (code & 0xff) === SQLITE_LOCKED);
}

function isUnusable(error: unknown): boolean {
  const code = (error as SqliteErrorLike).errcode;
  if (code === undefined) return false;
  const primary = code & 0xff;
  return primary === SQLITE_CORRUPT || primary === SQLITE_NOTADB || primary === SQLITE_CANTOPEN;
}

/** Pragmas every connection of the store uses. */
export function configureConnection(db: DatabaseSync): void {
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA cache_size = -32768'); // 32 MiB
  db.exec('PRAGMA temp_store = MEMORY');
}

/**
 * Opens (creating when absent) the database at `file`, checks that it is a kts database and
 * returns the connection. Corruption and foreign files become DatabaseUnusableError.
 */
export function openDatabase(file: string): DatabaseSync {
  const isNew = !existsSync(file);
  if (!isNew && statSync(file).size === 0) {
    // An empty file is what a failed copy or a truncation leaves; never take it for a new cluster.
    throw new DatabaseUnusableError(file, 'the file is empty');
  }
  if (isNew && (existsSync(`${file}-wal`) || existsSync(`${file}-journal`))) {
    throw new DatabaseUnusableError(file, 'the file is missing but its write-ahead log is present');
  }
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(file);
    configureConnection(db);
    if (isNew) {
      // auto_vacuum must be chosen before the first table exists; journal_mode persists in the file.
      db.exec('PRAGMA auto_vacuum = INCREMENTAL');
      db.exec('PRAGMA journal_mode = WAL');
      db.exec('BEGIN IMMEDIATE');
      db.exec(SCHEMA);
      db.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
      db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
      db.exec('COMMIT');
      // The store holds Secrets: only its owner may read it (SQLite gives -wal/-shm the same mode).
      chmodSync(file, 0o600);
    } else {
      checkIdentity(db, file);
      db.exec('PRAGMA journal_mode = WAL');
    }
    db.exec('PRAGMA journal_size_limit = 67108864'); // the WAL shrinks back to 64 MiB after resets
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof StoreError) throw error;
    if (isUnusable(error)) throw new DatabaseUnusableError(file, (error as Error).message);
    throw error;
  }
}

function checkIdentity(db: DatabaseSync, file: string): void {
  const appId = (db.prepare('PRAGMA application_id').get() as { application_id: number }).application_id;
  if (appId !== APPLICATION_ID) throw new DatabaseUnusableError(file, 'it is not a kts database');
  const version = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
  if (version !== SCHEMA_VERSION) {
    throw new DatabaseUnusableError(
      file,
      `its schema version ${version} is not the supported ${SCHEMA_VERSION}`,
    );
  }
}

/**
 * Fails with DatabaseInUseError while any other connection has the file open: a store keeps its
 * connections open for its whole life, so a second server (or a restore) cannot take the file
 * from under a running one. An exclusive lock is only granted when nobody else holds the file.
 */
export function assertNotInUse(file: string): void {
  if (!existsSync(file) || statSync(file).size === 0) return;
  let probe: DatabaseSync | undefined;
  try {
    probe = new DatabaseSync(file);
    probe.exec('PRAGMA busy_timeout = 1000');
    probe.exec('PRAGMA locking_mode = EXCLUSIVE');
    probe.exec('BEGIN EXCLUSIVE');
    probe.exec('COMMIT');
  } catch (error) {
    if (isBusy(error)) throw new DatabaseInUseError(file);
    throw asUnusable(file, error);
  } finally {
    probe?.close();
  }
}

/** Wraps errors thrown while reading the database at startup. */
export function asUnusable(file: string, error: unknown): unknown {
  return isUnusable(error) ? new DatabaseUnusableError(file, (error as Error).message) : error;
}

/** Runs SQLite's own consistency check on a file (used before restoring a snapshot). */
export function checkDatabaseFile(file: string): void {
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(file, { readOnly: true });
    checkIdentity(db, file);
    const rows = db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[];
    const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    if (problems.length > 0)
      throw new DatabaseUnusableError(file, `integrity check failed: ${problems.join('; ')}`);
  } catch (error) {
    throw asUnusable(file, error);
  } finally {
    db?.close();
  }
}
