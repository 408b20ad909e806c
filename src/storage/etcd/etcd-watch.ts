// Watches on etcd: every Store watch shares one gRPC watch stream (watch IDs chosen here, which
// etcd ≥ 3.4 accepts, so creates need no ordering). If the stream breaks, each watch is created
// again from the revision after the last one it delivered: no gap, no duplicate; a watch whose
// revision was compacted meanwhile ends with ExpiredError.
//
// Progress: etcd's per-watch progress notifications (sent only to watches that are caught up)
// are passed on. A RequestProgress answer is for the whole stream, and etcd before 3.4.24 sends
// it without checking that each watch is caught up, so it is passed only to watches known to be
// caught up: created beyond the current revision, or having had a per-watch notification or an
// event at or past the revision current when they were created.
import type { IDuplexStream, IEvent, IWatchRequest, IWatchResponse, WatchClient } from 'etcd3';
import { prefixEnd } from '../keys.ts';
import { ExpiredError, StoreError, type Watch, type WatchCallbacks, type WatchEvent } from '../store.ts';

const utf8 = new TextDecoder();

class EtcdWatcher implements Watch {
  readonly id: number;
  readonly prefix: string;
  readonly callbacks: WatchCallbacks;
  /** Every event up to here has been delivered. */
  position: number;
  /** Revision current when the etcd watch was created (0 until then). */
  createdAt = 0;
  caughtUp = false;
  stopped = false;
  readonly #mux: WatchMux;

  constructor(mux: WatchMux, id: number, prefix: string, after: number, callbacks: WatchCallbacks) {
    this.#mux = mux;
    this.id = id;
    this.prefix = prefix;
    this.position = after;
    this.callbacks = callbacks;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.#mux.cancel(this);
  }

  requestProgress(): void {
    this.#mux.requestProgress();
  }
}

function toEvent(e: IEvent): WatchEvent | undefined {
  const key = utf8.decode(e.kv.key);
  const revision = Number(e.kv.mod_revision);
  if (e.type === 'Delete' || (e.type as string) === 'DELETE') {
    if (!e.prev_kv) return undefined;
    const value = e.prev_kv.value;
    return {
      type: 'DELETED',
      key,
      revision,
      value,
      prevValue: value,
      createRevision: Number(e.prev_kv.create_revision),
    };
  }
  const createRevision = Number(e.kv.create_revision);
  if (createRevision === revision) return { type: 'ADDED', key, revision, value: e.kv.value, createRevision };
  if (!e.prev_kv) return undefined;
  return { type: 'MODIFIED', key, revision, value: e.kv.value, prevValue: e.prev_kv.value, createRevision };
}

export class WatchMux {
  readonly #client: WatchClient;
  readonly #watchers = new Map<number, EtcdWatcher>();
  readonly #compactedRevision: () => number;
  #stream: IDuplexStream<IWatchRequest, IWatchResponse> | undefined;
  #connecting: Promise<void> | undefined;
  #nextId = 1;
  #closed = false;
  #retryDelay = 100;

  /** `compactedRevision` is the store's cached compacted revision (our numbering). */
  constructor(client: WatchClient, compactedRevision: () => number) {
    this.#client = client;
    this.#compactedRevision = compactedRevision;
  }

  watch(prefix: string, after: number, callbacks: WatchCallbacks): Watch {
    const watcher = new EtcdWatcher(this, this.#nextId++, prefix, after, callbacks);
    queueMicrotask(() => {
      if (this.#closed) return this.#fail(watcher, new StoreError('the store is closed'));
      const compacted = this.#compactedRevision();
      if (after < compacted - 1) return this.#fail(watcher, new ExpiredError(after, compacted));
      this.#watchers.set(watcher.id, watcher);
      void this.#ensureStream().then(() => this.#create(watcher));
    });
    return watcher;
  }

  cancel(watcher: EtcdWatcher): void {
    if (!this.#watchers.delete(watcher.id)) return;
    this.#send({ cancel_request: { watch_id: watcher.id } });
  }

  requestProgress(): void {
    this.#send({ progress_request: {} });
  }

  close(): void {
    this.#closed = true;
    const all = [...this.#watchers.values()];
    this.#watchers.clear();
    for (const w of all) this.#fail(w, new StoreError('the store is closed'));
    this.#stream?.cancel();
    this.#stream = undefined;
  }

  #send(request: IWatchRequest): void {
    if (!this.#stream) return; // re-sent for every watcher on reconnect
    try {
      this.#stream.write(request);
    } catch {
      // The stream is failing; its error handler reconnects.
    }
  }

  #ensureStream(): Promise<void> {
    if (this.#stream) return Promise.resolve();
    if (!this.#connecting) {
      this.#connecting = this.#client
        .watch()
        .then((stream) => {
          if (this.#closed) {
            stream.cancel();
            return;
          }
          this.#stream = stream;
          stream.on('data', (response: IWatchResponse) => this.#onResponse(response));
          stream.on('error', (error: Error) => this.#onStreamBroken(stream, error));
          stream.on('end', () =>
            this.#onStreamBroken(stream, new StoreError('etcd closed the watch stream')),
          );
        })
        .catch((error: Error) => this.#onStreamBroken(undefined, error))
        .finally(() => {
          this.#connecting = undefined;
        });
    }
    return this.#connecting;
  }

  #create(w: EtcdWatcher): void {
    if (w.stopped || !this.#watchers.has(w.id)) return;
    const end = prefixEnd(w.prefix);
    w.createdAt = 0;
    this.#send({
      create_request: {
        key: Buffer.from(w.prefix === '' ? '\0' : w.prefix),
        range_end: Buffer.from(end ?? '\0'),
        start_revision: w.position + 1,
        prev_kv: true,
        progress_notify: true,
        watch_id: w.id,
      },
    });
  }

  #onStreamBroken(stream: IDuplexStream<IWatchRequest, IWatchResponse> | undefined, _error: Error): void {
    if (stream && stream !== this.#stream) return;
    this.#stream = undefined;
    if (this.#closed || this.#watchers.size === 0) return;
    const delay = this.#retryDelay;
    this.#retryDelay = Math.min(this.#retryDelay * 2, 5000);
    setTimeout(() => {
      if (this.#closed) return;
      void this.#ensureStream().then(() => {
        for (const w of this.#watchers.values()) this.#create(w);
      });
    }, delay).unref();
  }

  #onResponse(response: IWatchResponse): void {
    this.#retryDelay = 100;
    const headerRevision = Number(response.header.revision);
    const id = Number(response.watch_id);
    if (id === -1) {
      // A RequestProgress answer for the whole stream.
      for (const w of this.#watchers.values()) if (w.caughtUp) this.#progress(w, headerRevision);
      return;
    }
    const w = this.#watchers.get(id);
    if (!w) return;
    if (response.created) {
      w.createdAt = headerRevision;
      if (headerRevision <= w.position) w.caughtUp = true;
    }
    if (response.canceled) {
      this.#watchers.delete(w.id);
      const compact = Number(response.compact_revision);
      if (compact > 0) this.#fail(w, new ExpiredError(w.position, compact + 1));
      else
        this.#fail(w, new StoreError(`etcd cancelled the watch on ${w.prefix}: ${response.cancel_reason}`));
      return;
    }
    if (response.events.length > 0) {
      const events: WatchEvent[] = [];
      for (const e of response.events) {
        const event = toEvent(e);
        if (!event) {
          // The previous value was compacted away (etcd compacted past this watch's start).
          this.cancel(w);
          this.#fail(w, new ExpiredError(w.position, Number(e.kv.mod_revision)));
          return;
        }
        if (event.revision > w.position) events.push(event);
      }
      if (events.length === 0) return;
      const last = events[events.length - 1]!.revision;
      try {
        w.callbacks.onEvents(events);
      } catch (error) {
        this.cancel(w);
        this.#fail(w, error as Error);
        return;
      }
      w.position = last;
      if (w.createdAt > 0 && last >= w.createdAt) w.caughtUp = true;
      return;
    }
    if (!response.created) {
      // A per-watch progress notification: etcd sends these only to caught-up watches.
      w.caughtUp = true;
      this.#progress(w, headerRevision);
    }
  }

  #progress(w: EtcdWatcher, revision: number): void {
    if (w.stopped || revision < w.position) return;
    w.position = revision;
    try {
      w.callbacks.onProgress?.(revision);
    } catch (error) {
      this.cancel(w);
      this.#fail(w, error as Error);
    }
  }

  #fail(w: EtcdWatcher, error: Error): void {
    w.stopped = true;
    this.#watchers.delete(w.id);
    try {
      w.callbacks.onError(error);
    } catch {
      // The watch is over either way.
    }
  }
}
