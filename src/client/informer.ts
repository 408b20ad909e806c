// A shared informer (client-go's SharedIndexInformer): one reflector keeps one indexed cache
// of a resource (optionally narrowed by namespace and selectors) and tells every registered
// handler what changed. Handlers run after the cache is updated, so a lister read inside a
// handler already sees the change. Handlers must be quick (typically: enqueue a key) and must
// never mutate the objects they receive: those are the cached ones, shared by every reader.
//
// After a relist, objects whose resourceVersion changed get onUpdate, new ones onAdd, vanished
// ones onDelete with `finalStateUnknown` (the delete happened while we were not watching).
// With a resync period, every handler gets onUpdate(obj, obj) for every cached object
// periodically, so level-based controllers revisit everything now and then.
import type { Client } from './client.ts';
import { deepFreeze, Indexer, type IndexFunc, indexByNamespace, NAMESPACE_INDEX } from './indexer.ts';
import { Lister } from './lister.ts';
import type { ObjectLike } from './object.ts';
import { Reflector, type ReflectorOptions, type ReflectorSink } from './reflector.ts';
import type { ResourceDescriptor } from './resource.ts';
import type { LabelSelectorInput } from './selectors.ts';
import { stripManagedFields } from './strip-managed-fields.ts';

export { stripManagedFields };

/** What a handler hears. Objects are the cached ones: read, never mutate. */
export interface EventHandler<T> {
  /** `isInInitialList`: the object was part of the first list (or replayed to a late handler). */
  onAdd?(obj: T, isInInitialList: boolean): void;
  onUpdate?(oldObj: T, newObj: T): void;
  /** `finalStateUnknown`: the deletion was noticed by a relist; `obj` is the last state we saw. */
  onDelete?(obj: T, finalStateUnknown: boolean): void;
}

/** A registered handler; `remove()` unregisters it. */
export interface HandlerRegistration {
  remove(): void;
  hasSynced(): boolean;
}

/** Which objects an informer holds. */
export interface InformerSelector {
  namespace?: string;
  labelSelector?: LabelSelectorInput;
  fieldSelector?: string | Record<string, string>;
}

export interface InformerOptions<T> extends InformerSelector {
  /** Default resync period of handlers, in ms (0: none). */
  resyncPeriodMs?: number;
  /** Extra indexes beside the namespace index. */
  indexers?: Record<string, IndexFunc<T>>;
  /** Deep-freeze cached objects (default: in tests and with KTS_DEV=1). */
  freeze?: boolean;
  reflector?: ReflectorOptions;
  /**
   * Rewrites each object before it is cached and handed to handlers (client-go's SetTransform),
   * e.g. `stripManagedFields`. It may modify the object it is given.
   */
  transform?: (obj: T) => T;
  /** Reports handler exceptions and list/watch failures (default: console.error). */
  onError?: (e: unknown, context: string) => void;
}

interface Listener<T> {
  handler: EventHandler<T>;
  synced: boolean;
  timer?: ReturnType<typeof setInterval>;
}

/** One cache of one resource, shared by many handlers. Usage: `const inf = new SharedInformer<Pod>(client, PODS); inf.start(); await inf.waitForSync()`. */
export class SharedInformer<T extends ObjectLike> {
  readonly descriptor: ResourceDescriptor;
  readonly indexer: Indexer<T>;
  readonly lister: Lister<T>;
  readonly #client: Client;
  readonly #o: InformerOptions<T>;
  readonly #listeners = new Set<Listener<T>>();
  readonly #syncWaiters = new Set<(synced: boolean) => void>();
  #reflector: Reflector<T> | undefined;
  #abort: AbortController | undefined;
  #running: Promise<void> | undefined;
  #synced = false;

  constructor(client: Client, descriptor: ResourceDescriptor, o: InformerOptions<T> = {}) {
    this.#client = client;
    this.descriptor = descriptor;
    this.#o = o;
    this.indexer = new Indexer<T>({
      indexers: { [NAMESPACE_INDEX]: indexByNamespace, ...o.indexers },
      ...(o.freeze !== undefined ? { freeze: o.freeze } : {}),
    });
    this.lister = new Lister(this.indexer);
  }

  /** Adds indexes (also after start: they are built over the current cache). */
  addIndexers(indexers: Record<string, IndexFunc<T>>): void {
    this.indexer.addIndexers(indexers);
  }

  /**
   * Registers a handler. Added after the first sync, it first receives onAdd for every cached
   * object. Usage: `informer.addEventHandler({ onAdd: (p) => queue.add(objectKey(p)) })`.
   */
  addEventHandler(handler: EventHandler<T>, o: { resyncPeriodMs?: number } = {}): HandlerRegistration {
    const listener: Listener<T> = { handler, synced: false };
    this.#listeners.add(listener);
    if (this.#synced) {
      for (const obj of this.indexer.list()) this.#call(() => handler.onAdd?.(obj, true));
      listener.synced = true;
    }
    const period = o.resyncPeriodMs ?? this.#o.resyncPeriodMs ?? 0;
    if (period > 0) {
      listener.timer = setInterval(() => {
        if (!this.#synced) return;
        for (const obj of this.indexer.list()) this.#call(() => handler.onUpdate?.(obj, obj));
      }, period);
      listener.timer.unref?.();
    }
    return {
      remove: () => {
        if (listener.timer) clearInterval(listener.timer);
        this.#listeners.delete(listener);
      },
      hasSynced: () => listener.synced,
    };
  }

  /** Starts listing and watching in the background (idempotent; an informer runs once). */
  start(): void {
    if (this.#running) return;
    this.#abort = new AbortController();
    let resource = this.#client.resource<T>(this.descriptor);
    if (this.#o.namespace) resource = resource.namespace(this.#o.namespace);
    const selectors: InformerSelector = {};
    if (this.#o.labelSelector !== undefined) selectors.labelSelector = this.#o.labelSelector;
    if (this.#o.fieldSelector !== undefined) selectors.fieldSelector = this.#o.fieldSelector;
    const onError = (e: unknown) => this.#report(e, `list/watch ${this.descriptor.resource}`);
    // Objects that lose their managedFields anyway are decoded without them: the same objects,
    // without building the field sets (the larger part of a pod's watch event).
    const omitManagedFields = this.#o.transform === stripManagedFields;
    this.#reflector = new Reflector<T>(resource, selectors, this.#sink(), {
      omitManagedFields,
      ...this.#o.reflector,
      onError,
    });
    this.#running = this.#reflector.run(this.#abort.signal);
  }

  /** Stops the reflector and the resync timers; waits for the loop to end. */
  async stop(): Promise<void> {
    this.#abort?.abort();
    for (const l of this.#listeners) if (l.timer) clearInterval(l.timer);
    for (const w of this.#syncWaiters) w(false);
    this.#syncWaiters.clear();
    await this.#running;
  }

  /** True once the first list (or watch-list) has filled the cache. */
  hasSynced(): boolean {
    return this.#synced;
  }

  /** Resolves true once synced, false if stopped (or `signal` aborted) first. */
  waitForSync(signal?: AbortSignal): Promise<boolean> {
    if (this.#synced) return Promise.resolve(true);
    if (this.#abort?.signal.aborted || signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (synced: boolean) => {
        this.#syncWaiters.delete(done);
        signal?.removeEventListener('abort', onAbort);
        resolve(synced);
      };
      const onAbort = () => done(false);
      this.#syncWaiters.add(done);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** The resourceVersion the informer has caught up to. */
  get lastSyncResourceVersion(): string {
    return this.#reflector?.lastSyncResourceVersion ?? '';
  }

  #sink(): ReflectorSink<T> {
    const transform = this.#o.transform;
    return {
      replace: (listed) => {
        const items = transform ? listed.map(transform) : listed;
        const initial = !this.#synced;
        const previous = this.indexer.replace(items);
        for (const obj of items) {
          const old = previous.get(this.indexer.keyFunc(obj));
          if (old === undefined) this.#notify((h) => h.onAdd?.(obj, initial));
          else {
            previous.delete(this.indexer.keyFunc(obj));
            if (old.metadata?.resourceVersion !== obj.metadata?.resourceVersion)
              this.#notify((h) => h.onUpdate?.(old, obj));
          }
        }
        for (const gone of previous.values()) this.#notify((h) => h.onDelete?.(gone, true));
        if (!this.#synced) {
          this.#synced = true;
          for (const l of this.#listeners) l.synced = true;
          for (const w of [...this.#syncWaiters]) w(true);
        }
      },
      added: (obj) => this.#upsert(transform ? transform(obj) : obj),
      modified: (obj) => this.#upsert(transform ? transform(obj) : obj),
      deleted: (deleted) => {
        const obj = transform ? transform(deleted) : deleted;
        this.indexer.delete(obj);
        if (this.indexer.freeze) deepFreeze(obj);
        this.#notify((h) => h.onDelete?.(obj, false));
      },
    };
  }

  #upsert(obj: T): void {
    const old = this.indexer.upsert(obj);
    if (old === undefined) this.#notify((h) => h.onAdd?.(obj, false));
    else this.#notify((h) => h.onUpdate?.(old, obj));
  }

  #notify(call: (h: EventHandler<T>) => void): void {
    for (const l of this.#listeners) this.#call(() => call(l.handler));
  }

  #call(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.#report(e, `event handler of ${this.descriptor.resource}`);
    }
  }

  #report(e: unknown, context: string): void {
    if (this.#o.onError) this.#o.onError(e, context);
    else console.error(`informer: ${context}:`, e);
  }
}
