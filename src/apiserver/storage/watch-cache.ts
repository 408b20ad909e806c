// The watch cache of one resource (one storage prefix): the current objects, decoded once,
// and a window of recent events, fed in revision order by the CacheDispatcher. Lists and
// watches are served from here so that thousands of watchers never each hit the store
// (upstream's cacher). Cached objects are shared and frozen: never mutate them.
import type { KubeObject } from '../../api/strategy.ts';

export type CacheEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface CacheEvent {
  type: CacheEventType;
  key: string;
  /** The object after the event; for DELETED, its last state with the delete's revision. */
  object: KubeObject;
  /** The object before the event (MODIFIED, DELETED). */
  prevObject?: KubeObject;
  revision: number;
}

export type WatchEventType = CacheEventType | 'BOOKMARK' | 'ERROR';

/** What a watcher receives; `object` is shared and frozen. */
export interface DeliveredEvent {
  type: WatchEventType;
  object: KubeObject;
  /** The cache event this came from (for per-event serialization caching). */
  source?: CacheEvent;
}

/** Selects the objects a watcher or list sees: namespace, then any predicate (label/field selectors). */
export interface ObjectFilter {
  namespace?: string;
  /** When set, only this key can match (a metadata.name field selector). */
  key?: string;
  predicate?: (obj: KubeObject) => boolean;
}

export interface CacheWatcher {
  filter: ObjectFilter;
  /** Called synchronously in revision order; must not throw or block. */
  deliver(event: DeliveredEvent): void;
  /** Bookmark opportunity: everything up to `revision` has been delivered. */
  progress?(revision: number): void;
}

export class TooOldResourceVersionError extends Error {
  readonly requested: number;
  readonly oldest: number;
  constructor(requested: number, oldest: number) {
    super(`too old resource version: ${requested} (${oldest})`);
    this.requested = requested;
    this.oldest = oldest;
  }
}

function matches(filter: ObjectFilter, key: string, obj: KubeObject): boolean {
  if (filter.key !== undefined && filter.key !== key) return false;
  if (filter.namespace && obj.metadata?.namespace !== filter.namespace) return false;
  return filter.predicate ? filter.predicate(obj) : true;
}

export class WatchCache {
  readonly prefix: string;
  private readonly items = new Map<string, KubeObject>();
  private sortedKeys: string[] = [];
  private sortedDirty = false;
  private readonly ring: CacheEvent[];
  private ringStart = 0;
  private ringLength = 0;
  /** Every event with revision > windowStart is in the ring. */
  private windowStart: number;
  private readonly watchers = new Set<CacheWatcher>();

  constructor(prefix: string, startRevision: number, capacity = 20_000) {
    this.prefix = prefix;
    this.windowStart = startRevision;
    this.ring = new Array(capacity);
  }

  get size(): number {
    return this.items.size;
  }

  /** Initial state at the cache's start revision (objects already stamped and frozen). */
  load(key: string, obj: KubeObject): void {
    this.items.set(key, obj);
    this.sortedDirty = true;
  }

  get(key: string): KubeObject | undefined {
    return this.items.get(key);
  }

  /** Applies one event (called in revision order) and fans it out to watchers. */
  apply(event: CacheEvent): void {
    const previous = this.items.get(event.key);
    if (event.type === 'DELETED') {
      this.items.delete(event.key);
      this.sortedDirty = true;
    } else {
      if (!previous) this.sortedDirty = true;
      this.items.set(event.key, event.object);
    }
    if (previous && !event.prevObject) event.prevObject = previous;
    this.pushRing(event);
    for (const w of this.watchers) this.deliverTo(w, event);
  }

  progress(revision: number): void {
    for (const w of this.watchers) w.progress?.(revision);
  }

  private pushRing(event: CacheEvent): void {
    const cap = this.ring.length;
    if (this.ringLength === cap) {
      const evicted = this.ring[this.ringStart]!;
      this.windowStart = evicted.revision;
      this.ringStart = (this.ringStart + 1) % cap;
      this.ringLength--;
    }
    this.ring[(this.ringStart + this.ringLength) % cap] = event;
    this.ringLength++;
  }

  private deliverTo(w: CacheWatcher, event: CacheEvent): void {
    const f = w.filter;
    if (f.key !== undefined && f.key !== event.key) return;
    const cur = event.type !== 'DELETED' && matches(f, event.key, event.object);
    const prev = event.prevObject !== undefined && matches(f, event.key, event.prevObject);
    if (event.type === 'DELETED') {
      if (matches(f, event.key, event.object))
        w.deliver({ type: 'DELETED', object: event.object, source: event });
      return;
    }
    if (cur && prev) w.deliver({ type: 'MODIFIED', object: event.object, source: event });
    else if (cur) w.deliver({ type: 'ADDED', object: event.object, source: event });
    else if (prev) {
      // The object left the selection: the watcher sees it deleted, at this event's revision.
      const gone = {
        ...event.prevObject!,
        metadata: { ...event.prevObject!.metadata, resourceVersion: String(event.revision) },
      };
      w.deliver({ type: 'DELETED', object: gone });
    }
  }

  private keysInOrder(): string[] {
    if (this.sortedDirty) {
      this.sortedKeys = [...this.items.keys()].sort();
      this.sortedDirty = false;
    }
    return this.sortedKeys;
  }

  /** Current objects matching `filter`, in key order, starting after `afterKey` if given. */
  list(
    filter: ObjectFilter,
    afterKey?: string,
    limit?: number,
  ): { items: KubeObject[]; more: boolean; lastKey?: string } {
    const out: KubeObject[] = [];
    if (filter.key !== undefined) {
      const obj = this.items.get(filter.key);
      if (obj && (!afterKey || filter.key > afterKey) && matches(filter, filter.key, obj)) out.push(obj);
      return { items: out, more: false };
    }
    const keys = this.keysInOrder();
    const from = afterKey ?? (filter.namespace ? `${this.prefix}${filter.namespace}/` : this.prefix);
    const nsPrefix = filter.namespace ? `${this.prefix}${filter.namespace}/` : this.prefix;
    let i = lowerBound(keys, from);
    if (afterKey !== undefined && keys[i] === afterKey) i++;
    for (; i < keys.length; i++) {
      const key = keys[i]!;
      if (!key.startsWith(nsPrefix)) {
        if (key > nsPrefix) break;
        continue;
      }
      const obj = this.items.get(key)!;
      if (!matches(filter, key, obj)) continue;
      if (limit && out.length === limit)
        return { items: out, more: true, lastKey: keyOf(out[out.length - 1]!, this.prefix) };
      out.push(obj);
    }
    return { items: out, more: false };
  }

  /**
   * Registers a watcher that receives every event with revision > `afterRevision`.
   * Replays the window first; throws TooOldResourceVersionError when it no longer reaches back that far.
   */
  watch(watcher: CacheWatcher, afterRevision: number): () => void {
    if (afterRevision < this.windowStart)
      throw new TooOldResourceVersionError(afterRevision, this.windowStart + 1);
    const cap = this.ring.length;
    for (let i = 0; i < this.ringLength; i++) {
      const event = this.ring[(this.ringStart + i) % cap]!;
      if (event.revision > afterRevision) this.deliverTo(watcher, event);
    }
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  get watcherCount(): number {
    return this.watchers.size;
  }
}

function keyOf(obj: KubeObject, prefix: string): string {
  const ns = obj.metadata?.namespace;
  return ns ? `${prefix}${ns}/${obj.metadata?.name}` : `${prefix}${obj.metadata?.name}`;
}

function lowerBound(keys: string[], target: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
