// The embedded SQLite backend: `sqlite:///path/to/state.db` (or a plain path).
export { DatabaseInUseError, DatabaseUnusableError } from './schema.ts';
export { type RestoreResult, restoreSqliteSnapshot, saveSqliteSnapshot } from './snapshot.ts';
export { openSqliteStore, SqliteStore, type SqliteStoreOptions } from './sqlite-store.ts';
