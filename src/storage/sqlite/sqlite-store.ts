// The embedded Store on SQLite (node:sqlite, WAL, synchronous=FULL).
//
// Shape of the design:
// - The live keys are held in memory (a Map plus a sorted key array), loaded at startup. Gets,
//   counts and lists at the current revision never touch the disk; the log on disk serves the
//   past (reads at a revision, continued pages, watch replay).
// - Writes are decided here, on the main thread, against the live keys plus an overlay of
//   writes not yet durable ("pending"). A write that passes gets the next revision and joins the
//   open batch; batches go to the writer thread, which commits whatever has queued up in one
//   transaction (group commit). Once a batch is durable its writes are applied to the live keys,
//   published to watchers in revision order, and only then acknowledged. A write that loses
//   against a pending write is rejected only after that write is durable, so no error ever shows
//   data that could still be lost.
// - If a commit fails, every write not yet acknowledged is rejected, rows that did reach the disk
//   are replayed from the log, and the writer starts over from there.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AutoCompactor } from '../auto-compactor.ts';
import { type CompactionOptions, resolveCompaction } from '../compaction-policy.ts';
import { decodeContinue, encodeContinue } from '../continue-token.ts';
import { checkKey, checkTtl, checkValue, prefixEnd } from '../keys.ts';
import {
  ConflictError,
  ExpiredError,
  FutureRevisionError,
  type GetOptions,
  KeyExistsError,
  KeyNotFoundError,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type Store,
  StoreError,
  type Watch,
  type WatchCallbacks,
  type WatchEvent,
  type WatchEventType,
  type WriteOptions,
} from '../store.ts';
import { History } from './history.ts';
import { type Entry, LiveKeys, toKeyValue } from './live-keys.ts';
import { assertNotInUse, asUnusable, openDatabase } from './schema.ts';
import { saveSqliteSnapshot } from './snapshot.ts';
import { TtlQueue } from './ttl-queue.ts';
import { WatchHub } from './watch-hub.ts';
import { type Batch, deadline, newBatch, type Op, type Slot, toEvent, toRows } from './write-batch.ts';
import { Writer } from './writer.ts';

export interface SqliteStoreOptions {
  /** Path of the database file; created (with its directory) when absent. */
  file: string;
  compaction?: CompactionOptions;
  /** How often watchers get onProgress when their position moved. Default 1 s. */
  progressIntervalMs?: number;
  /** How often TTL deadlines are checked. Default 1 s. */
  ttlCheckIntervalMs?: number;
  /** Background failures (automatic compaction); default: a process warning. */
  onBackgroundError?: (error: Error) => void;
  /** Rows scanned per compaction transaction. Default 1000. */
  compactionStepRows?: number;
  /**
   * A size quota in database pages (4 KiB each), like etcd's --quota-backend-bytes: writes that
   * would grow the file beyond it fail (and are rejected) while reads go on. Default: none.
   */
  maxPageCount?: number;
  /**
   * A read at a past revision R is answered from memory plus the keys changed since R when at
   * most this many revisions passed (or twice the keys in the range); older reads scan the log.
   * Default 20,000. Tests force one way with 0 (always scan) or Infinity (always memory).
   */
  overlayMaxRevisions?: number;
}

export async function openSqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  const file = options.file;
  mkdirSync(dirname(file), { recursive: true });
  assertNotInUse(file);
  const db = openDatabase(file);
  try {
    const history = new History(db);
    const store = new SqliteStore(options, db, history);
    await store.start();
    return store;
  } catch (error) {
    db.close();
    throw asUnusable(file, error);
  }
}

export class SqliteStore implements Store {
  readonly file: string;
  readonly #db: import('node:sqlite').DatabaseSync;
  readonly #history: History;
  readonly #writer: Writer;
  readonly #hub: WatchHub;
  readonly #ttl = new TtlQueue();
  readonly #compactor: AutoCompactor;
  readonly #overlayMaxRevisions: number;
  readonly #ttlTimer: NodeJS.Timeout;
  readonly #live = new LiveKeys();
  readonly #pending = new Map<string, Slot>();
  #committedRev = 0;
  #nextRev = 0;
  #compactRev = 0;
  #open: Batch = newBatch();
  #inflight: Batch[] = [];
  #seq = 0;
  #flushScheduled = false;
  #failure: Error | undefined;
  #closed: Promise<void> | undefined;
  #drained: (() => void) | undefined;
  #compactionWaiters: { revision: number; resolve: () => void }[] = [];
  #compactionDoneRev = 0;

  /** Use openSqliteStore(). */
  constructor(options: SqliteStoreOptions, db: import('node:sqlite').DatabaseSync, history: History) {
    this.file = options.file;
    this.#db = db;
    this.#history = history;
    this.#overlayMaxRevisions = options.overlayMaxRevisions ?? 20_000;
    this.#load();
    this.#writer = new Writer(
      this.file,
      {
        committed: (seq) => this.#onCommitted(seq),
        failed: (_seq, error) => this.#onFailed(error),
        fatal: (error) => this.#onFatal(error),
        compactionDone: (revision) => this.#onCompactionDone(revision),
      },
      options.compactionStepRows,
      options.maxPageCount,
    );
    this.#hub = new WatchHub(
      {
        committedRevision: () => this.#committedRev,
        compactedRevision: () => this.#compactRev,
        readEvents: (after, upTo, start, end, limit) => this.#history.events(after, upTo, start, end, limit),
      },
      { progressIntervalMs: options.progressIntervalMs ?? 1000, replayChunk: 1000 },
    );
    this.#ttlTimer = setInterval(() => this.#expire(), options.ttlCheckIntervalMs ?? 1000);
    this.#ttlTimer.unref();
    const onError = options.onBackgroundError ?? ((error: Error) => process.emitWarning(error));
    this.#compactor = new AutoCompactor(this, resolveCompaction(options.compaction), onError);
  }

  async start(): Promise<void> {
    await this.#writer.ready();
    this.#compactor.start();
    this.#expire();
  }

  #load(): void {
    for (const e of this.#history.loadCurrent()) {
      this.#live.load(e);
      if (e.expiresAt !== null) this.#ttl.push({ at: e.expiresAt, key: e.key, modRevision: e.modRevision });
    }
    this.#committedRev = this.#history.maxRevision();
    this.#nextRev = this.#committedRev;
    this.#compactRev = this.#history.meta('compact_rev');
    this.#compactionDoneRev = this.#history.meta('compact_cursor') >= this.#compactRev ? this.#compactRev : 0;
  }

  // ---- reads ----

  async get(key: string, options?: GetOptions): Promise<KeyValue | undefined> {
    checkKey(key);
    this.#checkUsable();
    const revision = this.#readRevision(options?.revision);
    const e = this.#live.get(key);
    if (e && e.modRevision <= revision) return toKeyValue(key, e);
    if (revision === this.#committedRev) return undefined;
    return this.#history.getAt(key, revision);
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    this.#checkUsable();
    let start =
      options.startKey !== undefined && options.startKey > prefix && options.startKey.startsWith(prefix)
        ? options.startKey
        : prefix;
    let requested = options.revision;
    if (options.continue) {
      const point = decodeContinue(prefix, options.continue);
      start = point.startKey;
      requested = point.revision;
    }
    const revision = this.#readRevision(requested);
    const end = prefixEnd(prefix);
    const limit = options.limit && options.limit > 0 ? options.limit : Number.POSITIVE_INFINITY;
    const page =
      revision === this.#committedRev
        ? this.#live.listCurrent(start, end, limit)
        : this.#live.listPast(
            this.#history,
            this.#committedRev,
            this.#overlayMaxRevisions,
            start,
            end,
            revision,
            limit,
          );
    const result: ListResult = { items: page.items, revision };
    if (page.more) result.continue = encodeContinue(prefix, page.items[page.items.length - 1]!.key, revision);
    if (page.remaining !== undefined) result.remaining = page.remaining;
    return result;
  }

  async count(prefix: string): Promise<number> {
    this.#checkUsable();
    return this.#live.count(prefix, prefixEnd(prefix));
  }

  async currentRevision(): Promise<number> {
    this.#checkUsable();
    return this.#committedRev;
  }

  async compactedRevision(): Promise<number> {
    this.#checkUsable();
    return this.#compactRev;
  }

  #readRevision(requested: number | undefined): number {
    if (requested === undefined || requested === 0) return this.#committedRev;
    if (requested < this.#compactRev) throw new ExpiredError(requested, this.#compactRev);
    if (requested > this.#committedRev) throw new FutureRevisionError(requested, this.#committedRev);
    return requested;
  }

  // ---- writes ----

  create(key: string, value: Uint8Array, options?: WriteOptions): Promise<KeyValue> {
    try {
      this.#checkWrite(key, value, options);
    } catch (error) {
      return Promise.reject(error);
    }
    const { entry: current, pending } = this.#latest(key);
    if (current) return this.#rejectAfter(pending, new KeyExistsError(key));
    const revision = ++this.#nextRev;
    const entry = { value, createRevision: revision, modRevision: revision, expiresAt: deadline(options) };
    return this.#enqueue(key, 'ADDED', entry, null, revision);
  }

  update(
    key: string,
    value: Uint8Array,
    expectedModRevision: number,
    options?: WriteOptions,
  ): Promise<KeyValue> {
    try {
      this.#checkWrite(key, value, options);
    } catch (error) {
      return Promise.reject(error);
    }
    const { entry: current, pending } = this.#latest(key);
    if (!current) return this.#rejectAfter(pending, new KeyNotFoundError(key));
    if (current.modRevision !== expectedModRevision) {
      return this.#rejectAfter(pending, new ConflictError(key, toKeyValue(key, current)));
    }
    const revision = ++this.#nextRev;
    const entry = {
      value,
      createRevision: current.createRevision,
      modRevision: revision,
      expiresAt: deadline(options),
    };
    return this.#enqueue(key, 'MODIFIED', entry, current, revision);
  }

  delete(key: string, expectedModRevision?: number): Promise<KeyValue> {
    try {
      checkKey(key);
      this.#checkUsable();
    } catch (error) {
      return Promise.reject(error);
    }
    const { entry: current, pending } = this.#latest(key);
    if (!current) return this.#rejectAfter(pending, new KeyNotFoundError(key));
    if (expectedModRevision !== undefined && current.modRevision !== expectedModRevision) {
      return this.#rejectAfter(pending, new ConflictError(key, toKeyValue(key, current)));
    }
    return this.#enqueue(key, 'DELETED', null, current, ++this.#nextRev);
  }

  #checkWrite(key: string, value: Uint8Array, options: WriteOptions | undefined): void {
    checkKey(key);
    checkValue(key, value);
    checkTtl(options?.ttlSeconds);
    this.#checkUsable();
  }

  #checkUsable(): void {
    if (this.#failure) throw this.#failure;
    if (this.#closed) throw new StoreError('the store is closed');
  }

  /** The key's newest state, durable or not, and whether a pending write decided it. */
  #latest(key: string): { entry: Entry | null | undefined; pending: boolean } {
    const slot = this.#pending.get(key);
    if (slot) return { entry: slot.entry, pending: true };
    return { entry: this.#live.get(key), pending: false };
  }

  /** Rejects now, or, when a pending write decided the outcome, once that write is durable. */
  #rejectAfter(pending: boolean, error: Error): Promise<never> {
    if (!pending) return Promise.reject(error);
    return new Promise((_, reject) => {
      const batch = this.#open.ops.length > 0 ? this.#open : this.#inflight[this.#inflight.length - 1];
      if (batch) batch.after.push({ error, reject });
      else reject(error);
    });
  }

  #enqueue(key: string, type: WatchEventType, entry: Entry | null, prev: Entry | null, revision: number) {
    const slot: Slot = { entry };
    this.#pending.set(key, slot);
    const result: KeyValue = entry
      ? toKeyValue(key, entry)
      : { key, value: prev!.value, createRevision: prev!.createRevision, modRevision: revision };
    return new Promise<KeyValue>((resolve, reject) => {
      this.#open.ops.push({ key, revision, type, entry, prev, slot, result, resolve, reject });
      if (!this.#flushScheduled) {
        this.#flushScheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#flushScheduled = false;
    const batch = this.#open;
    if (batch.ops.length === 0) return;
    this.#open = newBatch();
    batch.seq = ++this.#seq;
    this.#inflight.push(batch);
    this.#writer.write(batch.seq, toRows(batch.ops));
  }

  #onCommitted(seq: number): void {
    while (this.#inflight.length > 0 && this.#inflight[0]!.seq <= seq) {
      const batch = this.#inflight.shift()!;
      const events: WatchEvent[] = new Array(batch.ops.length);
      for (let i = 0; i < batch.ops.length; i++) {
        const op = batch.ops[i]!;
        this.#apply(op.key, op.entry);
        if (this.#pending.get(op.key) === op.slot) this.#pending.delete(op.key);
        events[i] = toEvent(op);
      }
      this.#committedRev = batch.ops[batch.ops.length - 1]!.revision;
      this.#hub.publish(events);
      for (const op of batch.ops) op.resolve(op.result);
      for (const d of batch.after) d.reject(d.error);
    }
    if (this.#inflight.length === 0 && this.#open.ops.length === 0) this.#drained?.();
  }

  /** Makes a durable write visible in the live keys. */
  #apply(key: string, entry: Entry | null): void {
    this.#live.apply(key, entry);
    if (entry?.expiresAt != null)
      this.#ttl.push({ at: entry.expiresAt, key, modRevision: entry.modRevision });
  }

  /** A commit failed: reject what is not durable, replay what is, start over from there. */
  #onFailed(cause: Error): void {
    const error = new StoreError(`write to ${this.file} failed: ${cause.message}`, { cause });
    const batches = [...this.#inflight, this.#open];
    this.#inflight = [];
    this.#open = newBatch();
    this.#pending.clear();
    for (const batch of batches) {
      for (const op of batch.ops) op.reject(error);
      for (const d of batch.after) d.reject(error);
    }
    try {
      this.#replayTail();
    } catch (replayError) {
      this.#onFatal(replayError as Error);
      return;
    }
    this.#nextRev = this.#committedRev;
    this.#writer.reset();
    this.#drained?.();
  }

  /** Rows on disk beyond the committed revision (a commit that reported failure yet landed). */
  #replayTail(): void {
    const rows = this.#history.tail(this.#committedRev);
    if (rows.length === 0) return;
    const events: WatchEvent[] = [];
    for (const row of rows) {
      const prev = this.#live.get(row.key) ?? null;
      const entry: Entry | null = row.deleted
        ? null
        : {
            value: row.value!,
            createRevision: row.createRevision,
            modRevision: row.rev,
            expiresAt: row.expiresAt,
          };
      const type: WatchEventType = row.deleted ? 'DELETED' : prev ? 'MODIFIED' : 'ADDED';
      events.push(
        toEvent({ key: row.key, revision: row.rev, type, entry, prev } as Pick<
          Op,
          'key' | 'revision' | 'type' | 'entry' | 'prev'
        >),
      );
      this.#apply(row.key, entry);
    }
    this.#committedRev = rows[rows.length - 1]!.rev;
    this.#hub.publish(events);
  }

  #onFatal(cause: Error): void {
    if (this.#failure) return;
    this.#failure = new StoreError(
      `the store on ${this.file} failed and must be reopened: ${cause.message}`,
      {
        cause,
      },
    );
    const batches = [...this.#inflight, this.#open];
    this.#inflight = [];
    this.#open = newBatch();
    for (const batch of batches) {
      for (const op of batch.ops) op.reject(this.#failure);
      for (const d of batch.after) d.reject(this.#failure);
    }
    this.#hub.close(this.#failure);
    this.#drained?.();
  }

  /** Deletes keys whose TTL passed (if no write replaced the one that set it). */
  #expire(): void {
    if (this.#failure || this.#closed) return;
    for (const due of this.#ttl.popDue(Date.now())) {
      const { entry } = this.#latest(due.key);
      if (!entry || entry.modRevision !== due.modRevision) continue;
      this.delete(due.key, due.modRevision).catch(() => {
        // Lost against a concurrent write: that write decides the key's fate.
      });
    }
  }

  // ---- watch, compaction, snapshots ----

  watch(prefix: string, afterRevision: number, callbacks: WatchCallbacks): Watch {
    return this.#hub.watch(prefix, afterRevision, callbacks);
  }

  async compact(revision: number): Promise<void> {
    this.#checkUsable();
    if (revision <= this.#compactRev) return;
    if (revision > this.#committedRev) throw new FutureRevisionError(revision, this.#committedRev);
    // Refuse old reads from now on, before the writer thread starts dropping rows: every read
    // runs synchronously on this thread, so none can see a half-compacted past.
    this.#compactRev = revision;
    await this.#writer.compact(revision);
  }

  /** Resolves once the rows below `revision` were physically dropped (for tests and tools). */
  compactionSettled(revision: number): Promise<void> {
    if (this.#compactionDoneRev >= revision) return Promise.resolve();
    return new Promise((resolve) => this.#compactionWaiters.push({ revision, resolve }));
  }

  #onCompactionDone(revision: number): void {
    this.#compactionDoneRev = revision;
    const done = this.#compactionWaiters.filter((w) => w.revision <= revision);
    this.#compactionWaiters = this.#compactionWaiters.filter((w) => w.revision > revision);
    for (const w of done) w.resolve();
  }

  async snapshot(file: string): Promise<void> {
    this.#checkUsable();
    await saveSqliteSnapshot(this.file, file);
  }

  close(): Promise<void> {
    if (!this.#closed) this.#closed = this.#close();
    return this.#closed;
  }

  async #close(): Promise<void> {
    this.#compactor.stop();
    clearInterval(this.#ttlTimer);
    if (this.#open.ops.length > 0) this.#flush();
    if (this.#inflight.length > 0 && !this.#failure) {
      await new Promise<void>((resolve) => {
        this.#drained = resolve;
      });
    }
    this.#hub.close(new StoreError('the store is closed'));
    await this.#writer.close();
    this.#db.close();
  }
}
