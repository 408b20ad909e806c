// How long a work item waits before it is retried, as client-go's workqueue rate limiters:
// per-item exponential back-off, an overall token bucket, and the max of several. The
// controllers' default is max(5 ms · 2^failures capped at 1000 s, a 10 qps / 100 burst bucket).

/** Decides the delay of each retry of an item; `forget` resets its failure count. */
export interface RateLimiter<K> {
  /** Delay in milliseconds before `item` may be processed again; counts one more failure. */
  when(item: K): number;
  forget(item: K): void;
  numRequeues(item: K): number;
}

/** base · 2^failures, capped at max (client-go's ItemExponentialFailureRateLimiter). Usage: `new ExponentialBackoffRateLimiter(5, 1_000_000)`. */
export class ExponentialBackoffRateLimiter<K> implements RateLimiter<K> {
  readonly #failures = new Map<K, number>();
  readonly #baseMs: number;
  readonly #maxMs: number;

  constructor(baseMs = 5, maxMs = 1_000_000) {
    this.#baseMs = baseMs;
    this.#maxMs = maxMs;
  }

  when(item: K): number {
    const exp = this.#failures.get(item) ?? 0;
    this.#failures.set(item, exp + 1);
    const delay = this.#baseMs * 2 ** exp;
    return delay > this.#maxMs || !Number.isFinite(delay) ? this.#maxMs : delay;
  }

  forget(item: K): void {
    this.#failures.delete(item);
  }

  numRequeues(item: K): number {
    return this.#failures.get(item) ?? 0;
  }
}

/**
 * An overall token bucket (client-go's BucketRateLimiter over `rate.Limiter.Reserve`): each
 * call takes a token, possibly borrowing from the future, and waits until that token exists.
 */
export class BucketRateLimiter<K> implements RateLimiter<K> {
  readonly #qps: number;
  readonly #burst: number;
  readonly #now: () => number;
  #tokens: number;
  #last: number;

  constructor(qps = 10, burst = 100, now: () => number = () => performance.now()) {
    this.#qps = qps;
    this.#burst = burst;
    this.#now = now;
    this.#tokens = burst;
    this.#last = now();
  }

  when(_item: K): number {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#last) / 1000) * this.#qps);
    this.#last = now;
    this.#tokens -= 1;
    return this.#tokens >= 0 ? 0 : (-this.#tokens / this.#qps) * 1000;
  }

  forget(_item: K): void {}

  numRequeues(_item: K): number {
    return 0;
  }
}

/** The longest delay of several limiters (client-go's MaxOfRateLimiter). */
export class MaxOfRateLimiter<K> implements RateLimiter<K> {
  readonly #limiters: RateLimiter<K>[];

  constructor(...limiters: RateLimiter<K>[]) {
    this.#limiters = limiters;
  }

  when(item: K): number {
    let max = 0;
    for (const l of this.#limiters) max = Math.max(max, l.when(item));
    return max;
  }

  forget(item: K): void {
    for (const l of this.#limiters) l.forget(item);
  }

  numRequeues(item: K): number {
    let max = 0;
    for (const l of this.#limiters) max = Math.max(max, l.numRequeues(item));
    return max;
  }
}

/** The controllers' default limiter: 5 ms doubling to 1000 s per item, and 10 qps / burst 100 overall. */
export function defaultControllerRateLimiter<K>(): RateLimiter<K> {
  return new MaxOfRateLimiter<K>(
    new ExponentialBackoffRateLimiter<K>(5, 1_000_000),
    new BucketRateLimiter<K>(10, 100),
  );
}
