// Keeps a cache in step with the server, as client-go's Reflector: list (paged), then watch
// from the list's resourceVersion, resuming each new watch from the last resourceVersion seen
// (events and bookmarks). A 410 Expired/Gone means our version left the server's window:
// relist. Other failures back off (0.8 s doubling to 30 s, jittered, reset after 2 quiet
// minutes) and relist. Optionally starts with a watch-list (`sendInitialEvents=true`) instead
// of a list, falling back to listing when the server does not support it.
import { StatusError } from '../machinery/status.ts';
import { isExpired, isTooManyRequests, statusErrorFrom } from './api-error.ts';
import { sleep } from './internal/sleep.ts';
import type { ObjectLike } from './object.ts';
import type { ListOptions } from './options.ts';
import { apiVersionOf } from './resource.ts';
import type { ResourceClient } from './resource-client.ts';
import { INITIAL_EVENTS_END_ANNOTATION, type Watch, type WatchEvent } from './watch.ts';

/** Where a reflector delivers what it learns. */
export interface ReflectorSink<T> {
  /** The complete current state (after a list, or the initial events of a watch-list). */
  replace(items: T[], resourceVersion: string): void;
  added(obj: T): void;
  modified(obj: T): void;
  deleted(obj: T): void;
}

export interface ReflectorOptions {
  /** Page size of lists (client-go: 500). */
  pageSize?: number;
  /** Watches time out server-side after a random time in [min, 2·min] seconds (client-go: 300). */
  minWatchTimeoutSeconds?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** Start with a `sendInitialEvents` watch instead of a list (client-go's WatchListClient). */
  useWatchList?: boolean;
  /** Watch events' objects arrive without managedFields (WatchOptions.omitManagedFields). */
  omitManagedFields?: boolean;
  onError?: (e: unknown) => void;
}

/** Thrown by the watch loop when the server ended a watch at once without any event. */
class ShortWatchError extends Error {}

/** A list+watch loop for one resource and selector. Usage: `new Reflector(pods, {}, sink).run(signal)`. */
export class Reflector<T extends ObjectLike> {
  readonly #resource: ResourceClient<T>;
  readonly #selectors: Pick<ListOptions, 'labelSelector' | 'fieldSelector'>;
  readonly #sink: ReflectorSink<T>;
  readonly #o: Required<Omit<ReflectorOptions, 'onError'>> & Pick<ReflectorOptions, 'onError'>;
  #lastSyncResourceVersion = '';
  #versionUnavailable = false;
  #paginatedResult = false;
  #watchListUnsupported = false;
  #watch: Watch<T> | undefined;
  #signal: AbortSignal | undefined;

  constructor(
    resource: ResourceClient<T>,
    selectors: Pick<ListOptions, 'labelSelector' | 'fieldSelector'>,
    sink: ReflectorSink<T>,
    o: ReflectorOptions = {},
  ) {
    this.#resource = resource;
    this.#selectors = selectors;
    this.#sink = sink;
    this.#o = {
      pageSize: o.pageSize ?? 500,
      minWatchTimeoutSeconds: o.minWatchTimeoutSeconds ?? 300,
      backoffInitialMs: o.backoffInitialMs ?? 800,
      backoffMaxMs: o.backoffMaxMs ?? 30_000,
      useWatchList: o.useWatchList ?? false,
      omitManagedFields: o.omitManagedFields ?? false,
      onError: o.onError,
    };
  }

  /** The resourceVersion the next watch resumes from. */
  get lastSyncResourceVersion(): string {
    return this.#lastSyncResourceVersion;
  }

  /** Lists and watches until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    this.#signal = signal;
    const onAbort = () => this.#watch?.close();
    signal.addEventListener('abort', onAbort, { once: true });
    let delay = this.#o.backoffInitialMs;
    let lastBackoff = 0;
    let lastExpiry = 0;
    try {
      while (!signal.aborted) {
        let failed = false;
        try {
          await this.#listAndWatch(signal);
          // Returned: the watch expired (410). Relist at once, unless that keeps happening.
          failed = performance.now() - lastExpiry < 1000;
          lastExpiry = performance.now();
        } catch (e) {
          failed = true;
          if (!signal.aborted) this.#o.onError?.(e);
        }
        if (signal.aborted || !failed) continue;
        if (performance.now() - lastBackoff > 120_000) delay = this.#o.backoffInitialMs;
        lastBackoff = performance.now();
        await sleep(delay * (1 + Math.random()), signal);
        delay = Math.min(delay * 2, this.#o.backoffMaxMs);
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  async #listAndWatch(signal: AbortSignal): Promise<void> {
    let w: Watch<T> | undefined;
    if (this.#o.useWatchList && !this.#watchListUnsupported) w = await this.#startWatchList();
    if (!w) await this.#list();
    let initial = w !== undefined;
    for (;;) {
      if (signal.aborted) return;
      const started = performance.now();
      if (!w) {
        try {
          w = await this.#resource.watch({
            ...this.#selectors,
            signal,
            resourceVersion: this.#lastSyncResourceVersion,
            allowWatchBookmarks: true,
            omitManagedFields: this.#o.omitManagedFields,
            timeoutSeconds: Math.floor(this.#o.minWatchTimeoutSeconds * (1 + Math.random())),
          });
        } catch (e) {
          if (isExpired(e)) return;
          if (isTooManyRequests(e)) await sleep(this.#o.backoffInitialMs, signal);
          throw e;
        }
      }
      this.#watch = w;
      if (signal.aborted) w.close();
      let events: number;
      try {
        events = await this.#consume(w, initial);
      } catch (e) {
        if (signal.aborted) return;
        if (isExpired(e)) return;
        throw e;
      } finally {
        this.#watch = undefined;
        w.close();
      }
      w = undefined;
      initial = false;
      if (!signal.aborted && events === 0 && performance.now() - started < 1000) {
        throw new ShortWatchError('very short watch: the server ended it at once without any event');
      }
    }
  }

  /** Applies a watch's events until it ends; returns how many arrived. */
  async #consume(w: Watch<T>, initial: boolean): Promise<number> {
    let events = 0;
    let initialItems: T[] | undefined = initial ? [] : undefined;
    const apply = (ev: WatchEvent<T>): void => {
      if (ev.type === 'ERROR') throw statusErrorFrom(ev.object);
      const rv = ev.object.metadata?.resourceVersion;
      if (ev.type === 'BOOKMARK') {
        if (initialItems && ev.object.metadata?.annotations?.[INITIAL_EVENTS_END_ANNOTATION] === 'true') {
          this.#sink.replace(initialItems, rv ?? '');
          initialItems = undefined;
        }
        if (rv && !initialItems) this.#lastSyncResourceVersion = rv;
        return;
      }
      const obj = this.#typed(ev.object);
      if (initialItems) {
        initialItems.push(obj);
        return;
      }
      if (ev.type === 'ADDED') this.#sink.added(obj);
      else if (ev.type === 'MODIFIED') this.#sink.modified(obj);
      else this.#sink.deleted(obj);
      if (rv) this.#lastSyncResourceVersion = rv;
    };
    // A chunk's events at a time, applied one by one; a close() in between stops at once, as
    // the watch's own iteration would.
    read: for await (const batch of w.batches()) {
      for (const ev of batch) {
        events++;
        apply(ev);
        if (w.closed) break read;
      }
    }
    if (initialItems) throw new Error('the watch-list ended before its initial events were complete');
    return events;
  }

  async #startWatchList(): Promise<Watch<T> | undefined> {
    try {
      return await this.#resource.watch({
        ...this.#selectors,
        ...this.#cancel(),
        sendInitialEvents: true,
        resourceVersionMatch: 'NotOlderThan',
        resourceVersion: this.#versionUnavailable ? '' : this.#lastSyncResourceVersion,
        allowWatchBookmarks: true,
        omitManagedFields: this.#o.omitManagedFields,
        timeoutSeconds: Math.floor(this.#o.minWatchTimeoutSeconds * (1 + Math.random())),
      });
    } catch (e) {
      if (isExpired(e)) {
        this.#versionUnavailable = true;
        throw e;
      }
      if (e instanceof StatusError && e.code >= 400 && e.code < 500 && e.code !== 429) {
        // The server does not serve watch-lists (e.g. 400/422 on sendInitialEvents): list instead, for good.
        this.#watchListUnsupported = true;
        return undefined;
      }
      throw e;
    }
  }

  async #list(): Promise<void> {
    const rv = this.#versionUnavailable ? '' : this.#lastSyncResourceVersion || '0';
    let result: { items: T[]; resourceVersion: string };
    try {
      result = await this.#pagedList(rv);
    } catch (e) {
      if (rv === '' || !(isExpired(e) || isTooLargeResourceVersion(e))) throw e;
      // Our version is gone from the server's window: read the latest state instead.
      this.#versionUnavailable = true;
      result = await this.#pagedList('');
    }
    this.#versionUnavailable = false;
    this.#sink.replace(result.items, result.resourceVersion);
    this.#lastSyncResourceVersion = result.resourceVersion;
  }

  async #pagedList(resourceVersion: string): Promise<{ items: T[]; resourceVersion: string }> {
    // As client-go: page from RV "0"/"" (or when the server paged before); a list at a specific RV
    // is not paged, so that it can be answered from the server's cache.
    const paged = this.#paginatedResult || resourceVersion === '' || resourceVersion === '0';
    const base: ListOptions = { ...this.#selectors, resourceVersion, ...this.#cancel() };
    let page = await this.#resource.list(paged ? { ...base, limit: this.#o.pageSize } : base);
    const listRv = page.metadata?.resourceVersion ?? '';
    const items: T[] = [];
    const typeMeta = this.#typeMeta(page);
    const collect = (p: typeof page) => {
      for (const item of p.items ?? []) items.push(this.#typed(item, typeMeta));
    };
    collect(page);
    if (page.metadata?.continue) this.#paginatedResult = true;
    while (page.metadata?.continue) {
      try {
        page = await this.#resource.list({
          ...this.#selectors,
          ...this.#cancel(),
          limit: this.#o.pageSize,
          continue: page.metadata.continue,
        });
      } catch (e) {
        if (!isExpired(e)) throw e;
        // The continue token expired mid-way: one full, unpaged list instead (client-go's pager).
        items.length = 0;
        page = await this.#resource.list(base);
        collect(page);
        return { items, resourceVersion: page.metadata?.resourceVersion ?? '' };
      }
      collect(page);
    }
    return { items, resourceVersion: listRv };
  }

  #cancel(): { signal?: AbortSignal } {
    return this.#signal ? { signal: this.#signal } : {};
  }

  #typeMeta(list: { apiVersion?: string; kind?: string }): { apiVersion: string; kind?: string } {
    const d = this.#resource.descriptor;
    const kind =
      d.kind ?? (list.kind?.endsWith('List') && list.kind !== 'List' ? list.kind.slice(0, -4) : undefined);
    return kind ? { apiVersion: apiVersionOf(d), kind } : { apiVersion: apiVersionOf(d) };
  }

  /** List items come without apiVersion/kind; fill them in so cached objects are complete. */
  #typed(obj: T, typeMeta?: { apiVersion: string; kind?: string }): T {
    if (obj.apiVersion && obj.kind) return obj;
    const tm = typeMeta ?? this.#typeMeta({});
    if (!obj.apiVersion) obj.apiVersion = tm.apiVersion;
    if (!obj.kind && tm.kind) obj.kind = tm.kind;
    return obj;
  }
}

/** 504 "Too large resource version": the server has not caught up with our version yet. */
function isTooLargeResourceVersion(e: unknown): boolean {
  return (
    e instanceof StatusError &&
    e.code === 504 &&
    (e.details?.causes ?? []).some((c) => c.reason === 'ResourceVersionTooLarge')
  );
}
