// Chooses the Store backend from a `--datastore` URL, through a small explicit registry keyed by
// scheme (like kine's drivers registry):
//   sqlite:///var/lib/kts/server/state.db   the embedded default (a plain path means the same)
//   etcd://host1:2379,host2:2379            a real etcd cluster (http:// endpoints work too)
import type { CompactionOptions } from './compaction-policy.ts';
import type { EtcdRestoreOptions } from './etcd/index.ts';
import { openSqliteStore, restoreSqliteSnapshot, saveSqliteSnapshot } from './sqlite/index.ts';
import { type Store, StoreError } from './store.ts';

export interface OpenStoreOptions {
  compaction?: CompactionOptions;
  /**
   * SQLite: how often watchers are told their position (onProgress). Default 1 s. On etcd the
   * period is etcd's own --experimental-watch-progress-notify-interval.
   */
  progressIntervalMs?: number;
  /** Failures of background work (automatic compaction). Default: a process warning. */
  onBackgroundError?: (error: Error) => void;
}

/** What restoring needs besides the snapshot: etcd's offline restore builds a member data dir. */
export interface RestoreOptions {
  etcd?: Omit<EtcdRestoreOptions, 'snapshot'>;
}

interface Backend {
  open(location: string, options: OpenStoreOptions): Promise<Store>;
  /** Saves a snapshot without opening a Store (works beside a running server). */
  saveSnapshot(location: string, file: string): Promise<void>;
  /** Restores a snapshot; returns a sentence saying what was done. */
  restoreSnapshot(location: string, file: string, options: RestoreOptions): Promise<string>;
}

const sqlite: Backend = {
  open: (file, options) => openSqliteStore({ file, ...options }),
  saveSnapshot: (file, target) => saveSqliteSnapshot(file, target),
  async restoreSnapshot(file, snapshot) {
    const { previous } = restoreSqliteSnapshot(snapshot, file);
    return `restored ${snapshot} to ${file}${previous ? ` (the previous database was moved to ${previous})` : ''}`;
  },
};

// The etcd client (and its gRPC stack, ~10 MB) loads only when an etcd datastore is used.
const etcdModule = () => import('./etcd/index.ts');

const etcd: Backend = {
  async open(location, { progressIntervalMs: _, ...options }) {
    const { openEtcdStore } = await etcdModule();
    return openEtcdStore({ endpoints: etcdEndpoints(location), ...options });
  },
  async saveSnapshot(location, target) {
    const { openEtcdStore } = await etcdModule();
    const store = await openEtcdStore({ endpoints: etcdEndpoints(location), compaction: { enabled: false } });
    try {
      await store.snapshot(target);
    } finally {
      await store.close();
    }
  },
  async restoreSnapshot(_location, snapshot, options) {
    if (!options.etcd) {
      throw new StoreError(
        'an etcd cluster is restored member by member while it is stopped: give --etcd-data-dir, --etcd-name and ' +
          '--etcd-peer-url (and --etcd-initial-cluster for several members) to build a member data dir, or run ' +
          '`etcdctl snapshot restore` on each member',
      );
    }
    const { restoreEtcdSnapshot } = await etcdModule();
    await restoreEtcdSnapshot({ snapshot, ...options.etcd });
    return `restored ${snapshot} into the etcd data dir ${options.etcd.dataDir}: start member ${options.etcd.name} on it`;
  },
};

/** The registry: scheme → backend. */
const backends: Record<string, Backend> = { sqlite, etcd, http: etcd };

export interface Datastore {
  scheme: string;
  /** A file path (sqlite) or the comma-separated endpoints (etcd). */
  location: string;
}

export function parseDatastore(url: string): Datastore {
  const match = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(url);
  if (!match) {
    if (url === '') throw new StoreError('the datastore URL is empty');
    return { scheme: 'sqlite', location: url };
  }
  const scheme = match[1]!.toLowerCase();
  const rest = match[2]!;
  if (scheme === 'https')
    throw new StoreError('TLS connections to etcd are not supported yet; use etcd:// or http://');
  if (!backends[scheme]) {
    throw new StoreError(
      `unknown datastore scheme ${scheme}:// (known: ${Object.keys(backends).join(', ')})`,
    );
  }
  if (rest === '')
    throw new StoreError(`the datastore URL ${url} names no ${scheme === 'sqlite' ? 'file' : 'endpoint'}`);
  if (scheme === 'http') return { scheme: 'etcd', location: url };
  return { scheme, location: rest };
}

/** `host1:2379,host2:2379` (or full URLs) → the client URLs etcd3 dials. */
export function etcdEndpoints(location: string): string[] {
  return location
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => (part.includes('://') ? part : `http://${part}`));
}

function backendFor(url: string): { backend: Backend; location: string } {
  const { scheme, location } = parseDatastore(url);
  return { backend: backends[scheme]!, location };
}

export function openStore(datastore: string, options: OpenStoreOptions = {}): Promise<Store> {
  const { backend, location } = backendFor(datastore);
  return backend.open(location, options);
}

export function saveSnapshot(datastore: string, file: string): Promise<void> {
  const { backend, location } = backendFor(datastore);
  return backend.saveSnapshot(location, file);
}

export function restoreSnapshot(
  datastore: string,
  file: string,
  options: RestoreOptions = {},
): Promise<string> {
  const { backend, location } = backendFor(datastore);
  return backend.restoreSnapshot(location, file, options);
}
