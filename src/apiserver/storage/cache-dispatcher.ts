// Feeds every resource's WatchCache from ONE store watch on `/registry/`: loads the whole
// state at one revision, then applies events in revision order. Because all caches advance
// together, `revision` is a consistent point for every resource, and a read can wait until
// the caches have caught up with the store ("consistent reads from cache", as upstream 1.31+).
import type { KubeObject } from '../../api/strategy.ts';
import type { Store, Watch, WatchEvent } from '../../storage/store.ts';
import { decodeObject, decodeWritten, forgetRendered, prefixOfKey } from './object-codec.ts';
import { type CacheEvent, WatchCache } from './watch-cache.ts';

export const REGISTRY_ROOT = '/registry/';

interface Waiter {
  revision: number;
  resolve: () => void;
}

export class CacheDispatcher {
  private readonly store: Store;
  private readonly caches = new Map<string, WatchCache>();
  private watchHandle?: Watch;
  private startRevision = 0;
  private current = 0;
  private waiters: Waiter[] = [];
  private failure?: Error;
  private readonly capacity: number;
  /** Called when the store watch fails for good (the server should restart its caches). */
  onFailure?: (error: Error) => void;

  constructor(store: Store, options: { capacity?: number } = {}) {
    this.store = store;
    this.capacity = options.capacity ?? 20_000;
  }

  /** Loads everything under /registry/ at one revision and starts watching from there. */
  async start(): Promise<void> {
    let cont: string | undefined;
    let revision = 0;
    const loaded: [string, KubeObject][] = [];
    do {
      const page = await this.store.list(REGISTRY_ROOT, { limit: 5000, ...(cont ? { continue: cont } : {}) });
      revision = page.revision;
      for (const kv of page.items) loaded.push([kv.key, freeze(decodeObject(kv.value, kv.modRevision))]);
      cont = page.continue;
    } while (cont);
    this.startRevision = revision;
    this.current = revision;
    for (const [key, obj] of loaded) this.cacheFor(prefixOfKey(key)).load(key, obj);
    this.watchHandle = this.store.watch(REGISTRY_ROOT, revision, {
      onEvents: (events) => this.applyEvents(events),
      onProgress: (rev) => this.advance(rev),
      onError: (error) => {
        this.failure = error;
        this.onFailure?.(error);
      },
    });
  }

  stop(): void {
    this.watchHandle?.stop();
    for (const w of this.waiters) w.resolve();
    this.waiters = [];
  }

  /** The revision every cache reflects. */
  get revision(): number {
    return this.current;
  }

  get healthy(): boolean {
    return this.failure === undefined;
  }

  /** The cache of one storage prefix, created empty on first use (it has seen every event since start). */
  cacheFor(prefix: string): WatchCache {
    let cache = this.caches.get(prefix);
    if (!cache) {
      cache = new WatchCache(prefix, this.startRevision, this.capacity);
      this.caches.set(prefix, cache);
    }
    return cache;
  }

  /** Resolves once every cache reflects at least `revision`. */
  waitFor(revision: number): Promise<void> {
    if (revision <= this.current || this.failure) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ revision, resolve }));
  }

  /** `waitFor` for at most `timeoutMs`: true once the caches reflect `revision`, false if time ran out first. */
  async waitForWithin(revision: number, timeoutMs: number): Promise<boolean> {
    if (revision <= this.current || this.failure) return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const reached = await Promise.race([this.waitFor(revision).then(() => true as const), timedOut]);
    clearTimeout(timer);
    return reached;
  }

  /** Waits until the caches have caught up with the store's newest revision (a consistent read). */
  async waitFresh(): Promise<number> {
    const rev = await this.store.currentRevision();
    // Writes outside /registry/ (etcd's own bookkeeping) advance the revision without an event
    // reaching us: ask the store to confirm how far the watch has come.
    if (rev > this.current) this.watchHandle?.requestProgress?.();
    await this.waitFor(rev);
    return Math.max(rev, this.current);
  }

  private applyEvents(events: WatchEvent[]): void {
    for (const e of events) {
      if (e.revision <= this.current) continue;
      const prefix = prefixOfKey(e.key);
      const object = freeze(decodeWritten(e.value, e.revision));
      const event: CacheEvent = { type: e.type, key: e.key, object, revision: e.revision };
      this.current = e.revision;
      this.cacheFor(prefix).apply(event);
      // The watchers have their event (its text encoded once, from the stored text): the cached
      // object need not keep that text.
      forgetRendered(object);
    }
    this.release();
  }

  private advance(revision: number): void {
    if (revision > this.current) this.current = revision;
    for (const cache of this.caches.values()) cache.progress(this.current);
    this.release();
  }

  private release(): void {
    if (this.waiters.length === 0) return;
    const still: Waiter[] = [];
    for (const w of this.waiters) {
      if (w.revision <= this.current) w.resolve();
      else still.push(w);
    }
    this.waiters = still;
  }
}

/** Deep-freezes a decoded object: cached objects are shared by every reader. */
export function freeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  // Indexed and keyed loops rather than Object.values: no array allocated per node.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) freeze(value[i]);
  } else {
    const obj = value as Record<string, unknown>;
    for (const key in obj) if (Object.hasOwn(obj, key)) freeze(obj[key]);
  }
  return value;
}
