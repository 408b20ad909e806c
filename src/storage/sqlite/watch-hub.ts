// Watches for the single-process SQLite store. Every commit is published here right after it is
// durable, in revision order; live watchers get the events matching their prefix in the same
// turn. A watch that starts in the past first replays the log in chunks, then joins the live
// set within the same turn as its last chunk, so nothing is missed or repeated.
// Live watchers are grouped by prefix: a commit costs one filter per distinct prefix, however
// many watchers share it (the API server's watch caches use one prefix per resource).
import { prefixEnd } from '../keys.ts';
import { ExpiredError, StoreError, type Watch, type WatchCallbacks, type WatchEvent } from '../store.ts';

export interface WatchSource {
  /** Every event up to here is durable and readable. */
  committedRevision(): number;
  /** Oldest readable revision; events after `compactedRevision() - 1` can be replayed. */
  compactedRevision(): number;
  readEvents(
    after: number,
    upTo: number,
    start: string,
    end: string | undefined,
    limit: number,
  ): WatchEvent[];
}

export interface WatchHubOptions {
  /** How often idle watchers are told how far they are (onProgress). */
  progressIntervalMs: number;
  /** Events read from the log per replay step. */
  replayChunk: number;
}

class Watcher implements Watch {
  readonly prefix: string;
  readonly callbacks: WatchCallbacks;
  /** Every event up to this revision has been delivered (or is known not to exist). */
  position: number;
  progressSent: number;
  live = false;
  stopped = false;
  progressWanted = false;
  readonly #hub: WatchHub;

  constructor(hub: WatchHub, prefix: string, after: number, callbacks: WatchCallbacks) {
    this.#hub = hub;
    this.prefix = prefix;
    this.position = after;
    this.progressSent = after;
    this.callbacks = callbacks;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.#hub.remove(this);
  }

  requestProgress(): void {
    this.progressWanted = true;
    this.#hub.scheduleProgress();
  }
}

export class WatchHub {
  readonly #source: WatchSource;
  readonly #options: WatchHubOptions;
  readonly #live = new Map<string, Set<Watcher>>();
  readonly #timer: NodeJS.Timeout;
  #progressScheduled = false;
  #closed = false;

  constructor(source: WatchSource, options: WatchHubOptions) {
    this.#source = source;
    this.#options = options;
    this.#timer = setInterval(() => this.#sendProgress(false), options.progressIntervalMs);
    this.#timer.unref();
  }

  get liveCount(): number {
    let n = 0;
    for (const set of this.#live.values()) n += set.size;
    return n;
  }

  watch(prefix: string, after: number, callbacks: WatchCallbacks): Watch {
    const watcher = new Watcher(this, prefix, after, callbacks);
    if (this.#closed) {
      queueMicrotask(() => callbacks.onError(new StoreError('the store is closed')));
      watcher.stopped = true;
      return watcher;
    }
    // Start asynchronously, like a remote watch: callbacks never run inside watch().
    queueMicrotask(() => this.#catchUp(watcher));
    return watcher;
  }

  /**
   * Publishes a committed batch (revision order). Only watchers with matching events are
   * visited; a live watcher is implicitly at the committed revision otherwise.
   */
  publish(events: readonly WatchEvent[]): void {
    if (events.length === 0) return;
    const first = events[0]!.revision;
    for (const [prefix, watchers] of this.#live) {
      const matching = prefix === '' ? events : events.filter((e) => e.key.startsWith(prefix));
      if (matching.length === 0) continue;
      for (const w of watchers) {
        // Only a watch that asked for a future revision can be ahead of a committed event.
        const fresh = w.position >= first ? matching.filter((e) => e.revision > w.position) : matching;
        if (fresh.length > 0) this.#deliver(w, fresh);
      }
    }
  }

  scheduleProgress(): void {
    if (this.#progressScheduled) return;
    this.#progressScheduled = true;
    setImmediate(() => {
      this.#progressScheduled = false;
      this.#sendProgress(true);
    });
  }

  remove(watcher: Watcher): void {
    const set = this.#live.get(watcher.prefix);
    if (!set) return;
    set.delete(watcher);
    if (set.size === 0) this.#live.delete(watcher.prefix);
  }

  /** Ends every watch with `error` (the store is closing or broken). */
  close(error: Error): void {
    this.#closed = true;
    clearInterval(this.#timer);
    const all = [...this.#live.values()].flatMap((s) => [...s]);
    this.#live.clear();
    for (const w of all) this.#fail(w, error);
  }

  #catchUp(w: Watcher): void {
    if (w.stopped) return;
    try {
      const compacted = this.#source.compactedRevision();
      if (w.position < compacted - 1) {
        this.#fail(w, new ExpiredError(w.position, compacted));
        return;
      }
      const committed = this.#source.committedRevision();
      if (w.position < committed) {
        const chunk = this.#options.replayChunk;
        const events = this.#source.readEvents(w.position, committed, w.prefix, prefixEnd(w.prefix), chunk);
        if (events.length > 0 && !this.#deliver(w, events)) return;
        if (events.length === chunk) {
          w.position = events[events.length - 1]!.revision;
          setImmediate(() => this.#catchUp(w));
          return;
        }
        w.position = committed;
      }
    } catch (error) {
      this.#fail(w, error as Error);
      return;
    }
    if (w.stopped) return;
    w.live = true;
    let set = this.#live.get(w.prefix);
    if (!set) {
      set = new Set();
      this.#live.set(w.prefix, set);
    }
    set.add(w);
    if (w.progressWanted) this.scheduleProgress();
  }

  /** Calls onEvents; a consumer that throws loses its watch (onError), the others go on. */
  #deliver(w: Watcher, events: WatchEvent[] | readonly WatchEvent[]): boolean {
    if (w.stopped) return false;
    try {
      w.callbacks.onEvents(events as WatchEvent[]);
      w.position = events[events.length - 1]!.revision;
      return true;
    } catch (error) {
      this.#fail(w, error as Error);
      return false;
    }
  }

  #fail(w: Watcher, error: Error): void {
    if (w.stopped && !this.#closed) return;
    w.stop();
    w.stopped = true;
    try {
      w.callbacks.onError(error);
    } catch {
      // The watch is over either way.
    }
  }

  /**
   * Tells live watchers how far they are (a live watcher has seen every committed event of its
   * prefix): the ones that asked, or on the timer every one whose position moved.
   */
  #sendProgress(onlyRequested: boolean): void {
    const committed = this.#source.committedRevision();
    for (const watchers of this.#live.values()) {
      for (const w of watchers) {
        if (onlyRequested && !w.progressWanted) continue;
        const position = committed;
        if (!w.progressWanted && w.progressSent >= position) continue;
        w.progressWanted = false;
        w.progressSent = position;
        try {
          w.callbacks.onProgress?.(position);
        } catch (error) {
          this.#fail(w, error as Error);
        }
      }
    }
  }
}
