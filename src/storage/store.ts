// The Store: a revisioned key-value store, the only place where cluster state lives.
// Its one user is the API server. Modelled on etcd's MVCC semantics (as kine serves them):
// every write gets the next revision of one cluster-wide counter; a key's `modRevision` is the
// revision of its last write; reads and watches can name a past revision while it is still
// inside the compaction window.
//
// Values are opaque bytes (JSON today). A backend may keep the Uint8Array it is given and hand the
// same one out to readers and watchers: treat values as immutable once written or returned.
// This module imports nothing else of ours.

/** One stored key at some revision. */
export interface KeyValue {
  key: string;
  value: Uint8Array;
  /** Revision of the write that created this key (stable across updates). */
  createRevision: number;
  /** Revision of the last write to this key. This is the object's resourceVersion. */
  modRevision: number;
}

export interface GetOptions {
  /**
   * Read the key as it was at this revision (must be inside the compaction window, else
   * ExpiredError; not beyond the current one, else FutureRevisionError). 0 or absent: current.
   */
  revision?: number;
}

export interface ListOptions {
  /** Read at this revision (0 or absent: the current one). A continue token carries its own. */
  revision?: number;
  /** Maximum number of items to return (0 or absent: all). */
  limit?: number;
  /** Opaque token from a previous page's `continue`. */
  continue?: string;
  /**
   * Start listing at this key (inclusive; must lie under the prefix). With `revision`, this lets
   * the API server write its own continue tokens (revision + next key), as upstream's etcd3 store does.
   */
  startKey?: string;
}

export interface ListResult {
  items: KeyValue[];
  /** The revision the whole list (across all its pages) is a consistent snapshot of. */
  revision: number;
  /** Present when more items remain; pass it back to get the next page at the same revision. */
  continue?: string;
  /** Number of items after this page, when known. */
  remaining?: number;
}

export interface WriteOptions {
  /**
   * The key disappears (with a DELETED event) about this many seconds after the write (etcd
   * rounds short TTLs up to its minimum lease TTL and may reuse a lease for writes close in
   * time). A later write without a TTL makes the key permanent again, as in etcd.
   */
  ttlSeconds?: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  type: WatchEventType;
  key: string;
  /** Revision of this event. For DELETED, the revision of the delete itself. */
  revision: number;
  /** The new value (ADDED, MODIFIED); for DELETED, the last value before the delete. */
  value: Uint8Array;
  /** The value before this write (MODIFIED, DELETED); absent for ADDED. */
  prevValue?: Uint8Array;
  /** Key's create revision (for the object's value at this event). */
  createRevision: number;
}

/** A running watch. Events arrive in revision order, with no gaps or duplicates. */
export interface Watch {
  /** Stops the watch; no more events are delivered after it returns. */
  stop(): void;
  /**
   * Asks for an onProgress soon (like etcd's RequestProgress), so that a watch cache can learn
   * that it has caught up with the current revision without waiting for the periodic one.
   */
  requestProgress?(): void;
}

export interface WatchCallbacks {
  /**
   * Events in revision order; called in batches that share nothing but ordering. The array may be
   * shared with other watchers of the same prefix: don't mutate it.
   */
  onEvents(events: WatchEvent[]): void;
  /**
   * Progress notification: every event up to `revision` under the prefix has been delivered.
   * Lets watch caches answer "consistent" reads and send bookmarks. Sent periodically (about
   * every second on SQLite; on etcd as often as its --experimental-watch-progress-notify-interval)
   * when the position moved, and soon after requestProgress().
   */
  onProgress?(revision: number): void;
  /** The watch ended abnormally (e.g. compacted past, backend gone). No more events follow. */
  onError(error: Error): void;
}

export interface Store {
  get(key: string, options?: GetOptions): Promise<KeyValue | undefined>;
  /** Keys starting with `prefix`, in key order. */
  list(prefix: string, options?: ListOptions): Promise<ListResult>;
  /** Number of keys under `prefix` at the current revision. */
  count(prefix: string): Promise<number>;
  /** Fails with KeyExistsError if the key exists. */
  create(key: string, value: Uint8Array, options?: WriteOptions): Promise<KeyValue>;
  /**
   * Compare-and-swap: writes only if the key's current modRevision equals `expectedModRevision`.
   * Fails with ConflictError (carrying the current value) otherwise, KeyNotFoundError if absent.
   */
  update(
    key: string,
    value: Uint8Array,
    expectedModRevision: number,
    options?: WriteOptions,
  ): Promise<KeyValue>;
  /**
   * Deletes the key, returning its last value with `modRevision` set to the delete's revision.
   * With `expectedModRevision`, deletes only if it matches (ConflictError otherwise).
   */
  delete(key: string, expectedModRevision?: number): Promise<KeyValue>;
  /**
   * Watches keys under `prefix`, delivering every event with revision > `afterRevision` (etcd's
   * start revision is afterRevision + 1). Never throws: when `afterRevision + 1` is below the
   * compacted revision the watch fails through onError with ExpiredError. Callbacks never run
   * inside this call. An `afterRevision` beyond the current revision waits for that revision.
   */
  watch(prefix: string, afterRevision: number, callbacks: WatchCallbacks): Watch;
  /** The revision of the newest acknowledged write. */
  currentRevision(): Promise<number>;
  /**
   * Oldest revision still readable (0 when nothing was compacted): reads at or above it work,
   * reads below fail with ExpiredError; watches need `afterRevision >= compactedRevision() - 1`.
   */
  compactedRevision(): Promise<number>;
  /**
   * Drops history below `revision`: afterwards it is the compacted revision. The state at
   * `revision - 1` stays available internally so that events from `revision` on keep their
   * prevValue. Compacting to a revision at or below the compacted one does nothing; above the
   * current one fails with FutureRevisionError.
   */
  compact(revision: number): Promise<void>;
  /**
   * Writes a consistent snapshot of the whole store to `file`, while writes go on. Every write
   * acknowledged before the call is in it. The format is the backend's own (a SQLite database;
   * etcd's snapshot file, restorable with etcdctl too).
   */
  snapshot(file: string): Promise<void>;
  close(): Promise<void>;
}

/** Largest value accepted (etcd's default request limit is 1.5 MiB). */
export const MAX_VALUE_BYTES = 1536 * 1024;

export class StoreError extends Error {
  override name = 'StoreError';
}

export class KeyExistsError extends StoreError {
  override name = 'KeyExistsError';
  readonly key: string;
  constructor(key: string) {
    super(`key already exists: ${key}`);
    this.key = key;
  }
}

export class KeyNotFoundError extends StoreError {
  override name = 'KeyNotFoundError';
  readonly key: string;
  constructor(key: string) {
    super(`key not found: ${key}`);
    this.key = key;
  }
}

/** A compare-and-swap lost: `current` is the value that won. */
export class ConflictError extends StoreError {
  override name = 'ConflictError';
  readonly key: string;
  readonly current: KeyValue;
  constructor(key: string, current: KeyValue) {
    super(`revision mismatch for ${key}: current modRevision is ${current.modRevision}`);
    this.key = key;
    this.current = current;
  }
}

/** The requested revision was compacted away (the API answers 410 Gone, reason Expired). */
export class ExpiredError extends StoreError {
  override name = 'ExpiredError';
  readonly requested: number;
  readonly compacted: number;
  constructor(requested: number, compacted: number) {
    super(`required revision ${requested} has been compacted (oldest available: ${compacted})`);
    this.requested = requested;
    this.compacted = compacted;
  }
}

/** A revision newer than the store's current one was asked for. */
export class FutureRevisionError extends StoreError {
  override name = 'FutureRevisionError';
  readonly requested: number;
  readonly current: number;
  constructor(requested: number, current: number) {
    super(`revision ${requested} is newer than the current revision ${current}`);
    this.requested = requested;
    this.current = current;
  }
}

export class ValueTooLargeError extends StoreError {
  override name = 'ValueTooLargeError';
  readonly size: number;
  constructor(key: string, size: number) {
    super(`value for ${key} is ${size} bytes, over the limit of ${MAX_VALUE_BYTES} bytes`);
    this.size = size;
  }
}

/** A continue token that is malformed or belongs to another prefix. */
export class InvalidContinueError extends StoreError {
  override name = 'InvalidContinueError';
}
