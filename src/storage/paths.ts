// Where kts keeps its state by default (like k3s's /var/lib/rancher/k3s/server/db/state.db).
// The server and `kts store snapshot` both resolve the datastore from here.
import { join } from 'node:path';

export const DEFAULT_DATA_DIR = '/var/lib/kts';

/** The embedded database inside a data dir: DATA_DIR/server/state.db. */
export function sqlitePathFor(dataDir: string): string {
  return join(dataDir, 'server', 'state.db');
}

export const DEFAULT_SQLITE_PATH = sqlitePathFor(DEFAULT_DATA_DIR);

/** The `--datastore` URL used when none is given: the embedded SQLite database of the data dir. */
export function defaultDatastoreFor(dataDir: string = DEFAULT_DATA_DIR): string {
  return `sqlite://${sqlitePathFor(dataDir)}`;
}
