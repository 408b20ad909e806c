// Keys with a TTL, earliest deadline first (a binary heap). An entry names the write that set
// the TTL: if the key was written again since, the entry is stale and the expiry is skipped.

export interface Expiry {
  /** Deadline in milliseconds since the epoch. */
  at: number;
  key: string;
  /** The modRevision of the write that set this TTL. */
  modRevision: number;
}

export class TtlQueue {
  readonly #heap: Expiry[] = [];

  get size(): number {
    return this.#heap.length;
  }

  /** The earliest deadline, if any. */
  peek(): Expiry | undefined {
    return this.#heap[0];
  }

  push(entry: Expiry): void {
    const heap = this.#heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.at <= entry.at) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = entry;
  }

  /** Removes and returns every entry due at `now`. */
  popDue(now: number): Expiry[] {
    const due: Expiry[] = [];
    while (this.#heap.length > 0 && this.#heap[0]!.at <= now) due.push(this.#pop());
    return due;
  }

  #pop(): Expiry {
    const heap = this.#heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    const n = heap.length;
    if (n > 0) {
      // Sift `last` down from the root.
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const child = r < n && heap[r]!.at < heap[l]!.at ? r : l;
        if (heap[child]!.at >= last.at) break;
        heap[i] = heap[child]!;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}
