// Controller expectations (upstream's UIDTrackingControllerExpectations): after creating or
// deleting N pods, a controller waits until its informer has seen those N events before it
// decides again, so a burst of creates is not repeated because the cache lags behind the
// API. Deletions are tracked by pod key, so a graceful delete (deletionTimestamp set, then the
// final delete) counts once. Expectations expire after 5 minutes in case an event was lost.

export const EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000;

interface Expectation {
  add: number;
  del: number;
  timestamp: number;
  /** Keys (`namespace/name`) of pods whose deletion we wait for. */
  deleting: Set<string>;
}

/** Per-controller-key expectations. Usage: `exp.expectCreations(key, 3)`, then `exp.creationObserved(key)` on each add event. */
export class ControllerExpectations {
  readonly #items = new Map<string, Expectation>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** True when nothing is expected, the expectations are met, or they expired. */
  satisfied(key: string): boolean {
    const e = this.#items.get(key);
    if (!e) return true;
    if (e.add <= 0 && e.del <= 0) return true;
    return this.#now() - e.timestamp > EXPECTATIONS_TIMEOUT_MS;
  }

  /** Replaces the expectations of a key. */
  set(key: string, add: number, deletingKeys: string[] = []): void {
    this.#items.set(key, {
      add,
      del: deletingKeys.length,
      timestamp: this.#now(),
      deleting: new Set(deletingKeys),
    });
  }

  expectCreations(key: string, adds: number): void {
    this.set(key, adds);
  }

  /** Expects the deletion of these pods (by `namespace/name`). */
  expectDeletions(key: string, podKeys: string[]): void {
    this.set(key, 0, podKeys);
  }

  /** Expects `count` deletions not tracked by pod key. */
  expectDeletionCount(key: string, count: number): void {
    this.#items.set(key, { add: 0, del: count, timestamp: this.#now(), deleting: new Set() });
  }

  creationObserved(key: string): void {
    const e = this.#items.get(key);
    if (e) e.add--;
  }

  /** A pod's deletion was seen (or will never be): lowers the count once per tracked pod. */
  deletionObserved(key: string, podKey?: string): void {
    const e = this.#items.get(key);
    if (!e) return;
    if (podKey === undefined) {
      e.del--;
      return;
    }
    if (e.deleting.delete(podKey)) e.del--;
  }

  /** Lowers expectations that will not be met (a create that failed, pods never attempted). */
  lower(key: string, adds: number, dels: number): void {
    const e = this.#items.get(key);
    if (!e) return;
    e.add -= adds;
    e.del -= dels;
  }

  delete(key: string): void {
    this.#items.delete(key);
  }

  /** For tests and diagnostics: the outstanding counts. */
  get(key: string): { add: number; del: number } | undefined {
    const e = this.#items.get(key);
    return e ? { add: e.add, del: e.del } : undefined;
  }
}
