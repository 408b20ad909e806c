// The live keys in key order (code point order, like SQLite and etcd), for lists and counts at
// the current revision without touching the disk. A list of sorted chunks of at most 512 keys
// (a one-level B+tree): an insert or removal moves at most one chunk's worth of entries, where a
// single sorted array would move half of all keys (measured: the main cost of a create once a
// few tens of thousands of keys exist).
import { compareKeys } from '../keys.ts';

const MAX_CHUNK = 512;

/** Index of the first key in `keys` that is ≥ `key`. */
function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(keys[mid]!, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class SortedKeys {
  /** Non-empty sorted chunks, in order. */
  #chunks: string[][] = [];
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** The chunk `key` belongs in: the last whose first key is ≤ key (0 when before all). */
  #chunkFor(key: string): number {
    const chunks = this.#chunks;
    let lo = 0;
    let hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(chunks[mid]![0]!, key) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : lo - 1;
  }

  insert(key: string): void {
    if (this.#chunks.length === 0) {
      this.#chunks.push([key]);
      this.#size = 1;
      return;
    }
    const c = this.#chunkFor(key);
    const chunk = this.#chunks[c]!;
    const i = lowerBound(chunk, key);
    if (chunk[i] === key) return;
    chunk.splice(i, 0, key);
    this.#size++;
    if (chunk.length > MAX_CHUNK) this.#chunks.splice(c + 1, 0, chunk.splice(MAX_CHUNK >>> 1));
  }

  remove(key: string): void {
    if (this.#chunks.length === 0) return;
    const c = this.#chunkFor(key);
    const chunk = this.#chunks[c]!;
    const i = lowerBound(chunk, key);
    if (chunk[i] !== key) return;
    chunk.splice(i, 1);
    this.#size--;
    if (chunk.length === 0) this.#chunks.splice(c, 1);
  }

  /** Appends a key greater than every key held (bulk loading in key order). */
  appendInOrder(key: string): void {
    const last = this.#chunks[this.#chunks.length - 1];
    if (last && compareKeys(last[last.length - 1]!, key) >= 0) {
      throw new Error(`keys out of order: ${last[last.length - 1]} then ${key}`);
    }
    if (!last || last.length >= MAX_CHUNK) this.#chunks.push([key]);
    else last.push(key);
    this.#size++;
  }

  /** Number of keys smaller than `key`. */
  #rank(key: string): number {
    if (this.#chunks.length === 0) return 0;
    const c = this.#chunkFor(key);
    let rank = 0;
    for (let i = 0; i < c; i++) rank += this.#chunks[i]!.length;
    return rank + lowerBound(this.#chunks[c]!, key);
  }

  /** Number of keys in [start, end); end undefined means no upper bound. */
  count(start: string, end: string | undefined): number {
    const to = end === undefined ? this.#size : this.#rank(end);
    return Math.max(0, to - this.#rank(start));
  }

  /** Up to `limit` keys from the first one ≥ `start`, in order (bound it with count()). */
  *from(start: string, limit: number): Generator<string> {
    if (this.#chunks.length === 0 || limit <= 0) return;
    let left = limit;
    let c = this.#chunkFor(start);
    let i = lowerBound(this.#chunks[c]!, start);
    for (; c < this.#chunks.length; c++, i = 0) {
      const chunk = this.#chunks[c]!;
      for (; i < chunk.length; i++) {
        yield chunk[i]!;
        if (--left === 0) return;
      }
    }
  }
}
