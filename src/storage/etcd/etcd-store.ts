// The Store on a real etcd cluster (for HA), through the etcd3 client.
//
// Revisions are etcd's own. Every write is one transaction comparing the key's mod revision, so
// compare-and-swap and "create only if absent" are etcd's; the failure branch reads the key to
// tell a conflict (with the winning value) from a missing key. TTLs are leases (shared by writes
// close in time, see lease-cache.ts).
//
// Compaction: the compacted revision is kept in the key `compact_rev_key` (as the Kubernetes API
// server does), so that several kts servers on one etcd agree on it. compact(C) tells etcd to
// compact to C - 1, which keeps the state at C - 1: events from C on keep their previous values,
// the same contract as the SQLite backend. Reads below C are refused here with ExpiredError.
import { CompareResult, CompareTarget, Etcd3, type ICompare, type IKeyValue } from 'etcd3';
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
  ValueTooLargeError,
  type Watch,
  type WatchCallbacks,
  type WriteOptions,
} from '../store.ts';
import { WatchMux } from './etcd-watch.ts';
import { LeaseCache } from './lease-cache.ts';
import { saveEtcdSnapshot } from './snapshot.ts';

export interface EtcdStoreOptions {
  /** Client URLs or host:port pairs of the etcd members. */
  endpoints: string[];
  compaction?: CompactionOptions;
  onBackgroundError?: (error: Error) => void;
  /** Per-request deadline. Default 30 s. */
  requestTimeoutMs?: number;
}

/** Where the compacted revision lives (outside /registry, like the Kubernetes API server's). */
export const COMPACT_REV_KEY = 'compact_rev_key';

const utf8 = new TextDecoder();

function modEquals(key: Buffer, revision: number): ICompare {
  return { key, target: CompareTarget.Mod, result: CompareResult.Equal, mod_revision: revision };
}

function exists(key: Buffer): ICompare {
  return { key, target: CompareTarget.Create, result: CompareResult.Greater, create_revision: 0 };
}

function toKeyValue(kv: IKeyValue): KeyValue {
  return {
    key: utf8.decode(kv.key),
    value: kv.value,
    createRevision: Number(kv.create_revision),
    modRevision: Number(kv.mod_revision),
  };
}

export async function openEtcdStore(options: EtcdStoreOptions): Promise<EtcdStore> {
  if (options.endpoints.length === 0) throw new StoreError('no etcd endpoints given');
  const store = new EtcdStore(options);
  try {
    await store.start();
  } catch (error) {
    await store.close();
    throw new StoreError(`cannot reach etcd at ${options.endpoints.join(',')}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return store;
}

export class EtcdStore implements Store {
  readonly endpoints: string[];
  readonly #client: Etcd3;
  readonly #leases: LeaseCache;
  readonly #watches: WatchMux;
  readonly #compactor: AutoCompactor;
  readonly #timeoutMs: number;
  #compactRev = 0;
  #closed = false;

  /** Use openEtcdStore(). */
  constructor(options: EtcdStoreOptions) {
    this.endpoints = options.endpoints;
    this.#timeoutMs = options.requestTimeoutMs ?? 30_000;
    this.#client = new Etcd3({
      hosts: options.endpoints,
      grpcOptions: {
        'grpc.max_receive_message_length': -1,
        'grpc.max_send_message_length': -1,
        'grpc.keepalive_time_ms': 30_000,
      },
      defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + this.#timeoutMs }),
    });
    this.#leases = new LeaseCache(this.#client);
    this.#watches = new WatchMux(this.#client.watchClient, () => this.#compactRev);
    const onError = options.onBackgroundError ?? ((error: Error) => process.emitWarning(error));
    this.#compactor = new AutoCompactor(this, resolveCompaction(options.compaction), onError);
  }

  async start(): Promise<void> {
    await this.#readCompactRev();
    this.#compactor.start();
  }

  // ---- reads ----

  async get(key: string, options?: GetOptions): Promise<KeyValue | undefined> {
    checkKey(key);
    const revision = this.#checkRevision(options?.revision);
    const response = await this.#call(
      () => this.#client.kv.range({ key: Buffer.from(key), revision }),
      revision,
    );
    const kv = response.kvs[0];
    return kv ? toKeyValue(kv) : undefined;
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
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
    const revision = this.#checkRevision(requested);
    const limit = options.limit && options.limit > 0 ? options.limit : 0;
    const response = await this.#call(
      () =>
        this.#client.kv.range({
          key: Buffer.from(start === '' ? '\0' : start),
          range_end: Buffer.from(prefixEnd(prefix) ?? '\0'),
          revision,
          limit,
        }),
      revision,
    );
    const items = response.kvs.map(toKeyValue);
    const listRevision = revision || Number(response.header.revision);
    const result: ListResult = {
      items,
      revision: listRevision,
      remaining: Number(response.count) - items.length,
    };
    if (response.more && items.length > 0) {
      result.continue = encodeContinue(prefix, items[items.length - 1]!.key, listRevision);
    }
    return result;
  }

  async count(prefix: string): Promise<number> {
    const response = await this.#call(() =>
      this.#client.kv.range({
        key: Buffer.from(prefix === '' ? '\0' : prefix),
        range_end: Buffer.from(prefixEnd(prefix) ?? '\0'),
        count_only: true,
      }),
    );
    return Number(response.count);
  }

  async currentRevision(): Promise<number> {
    const response = await this.#call(() =>
      this.#client.kv.range({ key: Buffer.from(COMPACT_REV_KEY), count_only: true }),
    );
    return Number(response.header.revision);
  }

  async compactedRevision(): Promise<number> {
    return this.#readCompactRev();
  }

  /** 0 (current) or a revision inside the window; FutureRevisionError comes from etcd. */
  #checkRevision(requested: number | undefined): number {
    this.#checkOpen();
    if (!requested) return 0;
    if (requested < this.#compactRev) throw new ExpiredError(requested, this.#compactRev);
    return requested;
  }

  // ---- writes ----

  async create(key: string, value: Uint8Array, options?: WriteOptions): Promise<KeyValue> {
    this.#checkWrite(key, value, options);
    const k = Buffer.from(key);
    const lease =
      options?.ttlSeconds === undefined ? undefined : await this.#leases.leaseFor(options.ttlSeconds);
    const response = await this.#call(() =>
      this.#client.kv.txn({
        compare: [modEquals(k, 0)],
        success: [{ request_put: { key: k, value: Buffer.from(value), lease } }],
        failure: [],
      }),
    );
    if (!response.succeeded) throw new KeyExistsError(key);
    const revision = Number(response.header.revision);
    return { key, value, createRevision: revision, modRevision: revision };
  }

  async update(key: string, value: Uint8Array, expected: number, options?: WriteOptions): Promise<KeyValue> {
    this.#checkWrite(key, value, options);
    const k = Buffer.from(key);
    const lease =
      options?.ttlSeconds === undefined ? undefined : await this.#leases.leaseFor(options.ttlSeconds);
    const response = await this.#call(() =>
      this.#client.kv.txn({
        compare: [exists(k), modEquals(k, expected)],
        success: [{ request_put: { key: k, value: Buffer.from(value), lease, prev_kv: true } }],
        failure: [{ request_range: { key: k } }],
      }),
    );
    if (!response.succeeded) throw this.#lost(key, response.responses);
    const prev = response.responses[0]!.response_put.prev_kv;
    const revision = Number(response.header.revision);
    return { key, value, createRevision: Number(prev.create_revision), modRevision: revision };
  }

  async delete(key: string, expected?: number): Promise<KeyValue> {
    checkKey(key);
    this.#checkOpen();
    const k = Buffer.from(key);
    const response = await this.#call(() =>
      this.#client.kv.txn({
        compare: [expected === undefined ? exists(k) : modEquals(k, expected)],
        success: [{ request_delete_range: { key: k, prev_kv: true } }],
        failure: [{ request_range: { key: k } }],
      }),
    );
    if (!response.succeeded) throw this.#lost(key, response.responses);
    const prev = response.responses[0]!.response_delete_range.prev_kvs[0];
    if (!prev) throw new KeyNotFoundError(key);
    return { ...toKeyValue(prev), modRevision: Number(response.header.revision) };
  }

  /** The error for a transaction whose comparison failed, from the key read in its failure branch. */
  #lost(key: string, responses: { response_range?: { kvs: IKeyValue[] } }[]): Error {
    const current = responses[0]?.response_range?.kvs[0];
    return current ? new ConflictError(key, toKeyValue(current)) : new KeyNotFoundError(key);
  }

  #checkWrite(key: string, value: Uint8Array, options: WriteOptions | undefined): void {
    checkKey(key);
    checkValue(key, value);
    checkTtl(options?.ttlSeconds);
    this.#checkOpen();
  }

  #checkOpen(): void {
    if (this.#closed) throw new StoreError('the store is closed');
  }

  /** Runs an etcd call, turning etcd's errors into the Store's. */
  async #call<T>(fn: () => Promise<T>, revision = 0): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      const message = (error as Error).message ?? '';
      if (message.includes('required revision has been compacted')) {
        const compacted = await this.#readCompactRev().catch(() => this.#compactRev);
        throw new ExpiredError(revision, Math.max(compacted, revision + 1));
      }
      if (message.includes('required revision is a future revision')) {
        throw new FutureRevisionError(revision, await this.currentRevision());
      }
      if (message.includes('request is too large')) throw new ValueTooLargeError('(request)', Number.NaN);
      throw error;
    }
  }

  // ---- watch, compaction, snapshots ----

  watch(prefix: string, afterRevision: number, callbacks: WatchCallbacks): Watch {
    return this.#watches.watch(prefix, afterRevision, callbacks);
  }

  async #readCompactRev(): Promise<number> {
    const response = await this.#call(() => this.#client.kv.range({ key: Buffer.from(COMPACT_REV_KEY) }));
    const kv = response.kvs[0];
    const stored = kv ? Number(utf8.decode(kv.value)) : 0;
    if (stored > this.#compactRev) this.#compactRev = stored;
    return this.#compactRev;
  }

  async compact(revision: number): Promise<void> {
    this.#checkOpen();
    for (;;) {
      const response = await this.#call(() => this.#client.kv.range({ key: Buffer.from(COMPACT_REV_KEY) }));
      const kv = response.kvs[0];
      const stored = kv ? Number(utf8.decode(kv.value)) : 0;
      if (stored >= revision) {
        this.#compactRev = Math.max(this.#compactRev, stored);
        return;
      }
      if (revision > Number(response.header.revision)) {
        throw new FutureRevisionError(revision, Number(response.header.revision));
      }
      // Record the new compacted revision first, only if nobody else moved it meanwhile.
      const key = Buffer.from(COMPACT_REV_KEY);
      const recorded = await this.#call(() =>
        this.#client.kv.txn({
          compare: [modEquals(key, kv ? Number(kv.mod_revision) : 0)],
          success: [{ request_put: { key, value: Buffer.from(String(revision)) } }],
          failure: [],
        }),
      );
      if (!recorded.succeeded) continue;
      this.#compactRev = Math.max(this.#compactRev, revision);
      if (revision > 1) {
        try {
          await this.#client.kv.compact({ revision: revision - 1, physical: false });
        } catch (error) {
          if (!(error as Error).message?.includes('required revision has been compacted')) throw error;
        }
      }
      return;
    }
  }

  async snapshot(file: string): Promise<void> {
    this.#checkOpen();
    await saveEtcdSnapshot(this.#client, file);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#compactor.stop();
    this.#watches.close();
    this.#client.close();
  }
}
