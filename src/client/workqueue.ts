// The controllers' work queue, with client-go's semantics:
// - a key added while it waits is not duplicated (dirty set);
// - a key being processed is not handed to another worker; added again meanwhile, it is
//   queued once more when the worker calls done();
// - addAfter() delays a key (the earliest requested time wins); addRateLimited() delays it by
//   the rate limiter (per-item exponential back-off + overall token bucket); forget() resets it;
// - shutdown() stops accepting keys and wakes idle workers; shutdownWithDrain() also waits
//   for keys being processed.
import { defaultControllerRateLimiter, type RateLimiter } from './rate-limiter.ts';

export interface WorkQueueOptions<K> {
  /** Default: the controllers' default (5 ms → 1000 s per item, 10 qps / 100 burst). */
  rateLimiter?: RateLimiter<K>;
}

interface Delayed<K> {
  key: K;
  at: number;
}

/** A deduplicating, rate-limited queue of keys. Usage: `const q = new WorkQueue<string>(); q.add('ns/name')`. */
export class WorkQueue<K = string> {
  readonly rateLimiter: RateLimiter<K>;
  readonly #queue: K[] = [];
  #head = 0;
  readonly #dirty = new Set<K>();
  readonly #processing = new Set<K>();
  readonly #waiters: ((key: K | undefined) => void)[] = [];
  #shuttingDown = false;
  #drained: (() => void) | undefined;

  // Delayed keys: a binary min-heap on `at`, plus each key's earliest time to drop stale entries.
  readonly #heap: Delayed<K>[] = [];
  readonly #waitingUntil = new Map<K, number>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = Number.POSITIVE_INFINITY;

  constructor(o: WorkQueueOptions<K> = {}) {
    this.rateLimiter = o.rateLimiter ?? defaultControllerRateLimiter<K>();
  }

  /** Queues a key now (no-op if already waiting, or after shutdown). */
  add(key: K): void {
    if (this.#shuttingDown || this.#dirty.has(key)) return;
    this.#dirty.add(key);
    if (this.#processing.has(key)) return; // done() queues it again
    const waiter = this.#waiters.shift();
    if (waiter) {
      this.#dirty.delete(key);
      this.#processing.add(key);
      waiter(key);
    } else this.#queue.push(key);
  }

  /** Queues a key after `ms` milliseconds; an earlier pending time for the same key wins. */
  addAfter(key: K, ms: number): void {
    if (this.#shuttingDown) return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const at = performance.now() + ms;
    const pending = this.#waitingUntil.get(key);
    if (pending !== undefined && pending <= at) return;
    this.#waitingUntil.set(key, at);
    this.#push({ key, at });
    this.#arm();
  }

  /** Queues a key after the rate limiter's delay (one more failure for back-off). */
  addRateLimited(key: K): void {
    this.addAfter(key, this.rateLimiter.when(key));
  }

  /** Resets the key's back-off (call after it was processed successfully). */
  forget(key: K): void {
    this.rateLimiter.forget(key);
  }

  /** How many times the key was requeued with back-off since the last forget(). */
  numRequeues(key: K): number {
    return this.rateLimiter.numRequeues(key);
  }

  /**
   * The next key to process, waiting for one if needed; `undefined` once the queue is shut
   * down and empty. Every key received must be handed back with done().
   */
  get(): Promise<K | undefined> {
    if (this.#head < this.#queue.length) {
      const key = this.#queue[this.#head]!;
      this.#queue[this.#head++] = undefined as K;
      if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
        this.#queue.splice(0, this.#head);
        this.#head = 0;
      }
      this.#dirty.delete(key);
      this.#processing.add(key);
      return Promise.resolve(key);
    }
    if (this.#shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Marks a key as processed; if it was added meanwhile, it is queued again. */
  done(key: K): void {
    this.#processing.delete(key);
    if (this.#dirty.has(key)) {
      this.#dirty.delete(key);
      this.add(key);
    }
    if (this.#drained && this.#processing.size === 0) this.#drained();
  }

  /** Keys waiting to be processed (delayed keys excluded). */
  len(): number {
    return this.#queue.length - this.#head;
  }

  /** Keys delayed by addAfter()/addRateLimited() and not yet queued. */
  delayedLen(): number {
    return this.#waitingUntil.size;
  }

  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** Stops accepting keys; idle get() calls return undefined; queued keys are still handed out. */
  shutdown(): void {
    this.#shuttingDown = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#heap.length = 0;
    this.#waitingUntil.clear();
    for (const w of this.#waiters.splice(0)) w(undefined);
  }

  /** shutdown(), then waits until every key handed out has been marked done(). */
  async shutdownWithDrain(): Promise<void> {
    this.shutdown();
    if (this.#processing.size === 0) return;
    await new Promise<void>((resolve) => {
      this.#drained = resolve;
    });
    this.#drained = undefined;
  }

  #arm(): void {
    const next = this.#heap[0];
    if (!next || next.at >= this.#timerAt) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timerAt = next.at;
    this.#timer = setTimeout(() => this.#fire(), Math.max(0, next.at - performance.now()));
  }

  #fire(): void {
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
    const now = performance.now();
    while (this.#heap.length && this.#heap[0]!.at <= now + 0.5) {
      const d = this.#pop()!;
      if (this.#waitingUntil.get(d.key) !== d.at) continue; // superseded by an earlier addAfter
      this.#waitingUntil.delete(d.key);
      this.add(d.key);
    }
    this.#arm();
  }

  #push(d: Delayed<K>): void {
    const h = this.#heap;
    h.push(d);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent]!.at <= h[i]!.at) break;
      [h[parent], h[i]] = [h[i]!, h[parent]!];
      i = parent;
    }
  }

  #pop(): Delayed<K> | undefined {
    const h = this.#heap;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l]!.at < h[m]!.at) m = l;
        if (r < h.length && h[r]!.at < h[m]!.at) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i]!, h[m]!];
        i = m;
      }
    }
    return top;
  }
}
