// The Store: a revisioned key-value store, the only place where cluster state lives.
// Its one user is the API server. Modelled on etcd's MVCC semantics (as kine serves them):
// every write gets the next revision of one cluster-wide counter; a key's `modRevision` is the
// revision of its last write; reads and watches can name a past revision while it is still
// inside the compaction window.
//
// Values are opaque bytes (JSON today). This module imports nothing else of ours.

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
  /** Read the key as it was at this revision (must be inside the compaction window). */
  revision?: number;
}

export interface ListOptions {
  /** Read at this revision; default: the current one. A continue token carries its own. */
  revision?: number;
  /** Maximum number of items to return (0 or absent: all). */
  limit?: number;
  /** Opaque token from a previous page's `continue`. */
  continue?: string;
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
  /** The key disappears (with a DELETED event) this many seconds after the write. */
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
}

export interface WatchCallbacks {
  /** Events in revision order; called in batches that share nothing but ordering. */
  onEvents(events: WatchEvent[]): void;
  /**
   * Progress notification: every event up to `revision` under the prefix has been delivered.
   * Lets watch caches answer "consistent" reads and send bookmarks.
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
  update(key: string, value: Uint8Array, expectedModRevision: number, options?: WriteOptions): Promise<KeyValue>;
  /**
   * Deletes the key, returning its last value with `modRevision` set to the delete's revision.
   * With `expectedModRevision`, deletes only if it matches (ConflictError otherwise).
   */
  delete(key: string, expectedModRevision?: number): Promise<KeyValue>;
  /**
   * Watches keys under `prefix`, delivering every event with revision > `afterRevision`.
   * Fails (through onError, or by throwing ExpiredError synchronously-or-async) when
   * `afterRevision` is below the compaction window.
   */
  watch(prefix: string, afterRevision: number, callbacks: WatchCallbacks): Watch;
  /** The revision of the newest write. */
  currentRevision(): Promise<number>;
  /** Oldest revision still readable / watchable (everything at or above it is kept). */
  compactedRevision(): Promise<number>;
  /** Drops history below `revision` (kept: the newest value of every live key). */
  compact(revision: number): Promise<void>;
  /** Writes a consistent snapshot of the whole store to `file`, while writes go on. */
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
