// The live keys in key order (code point order, like SQLite and etcd), for lists and counts at
// the current revision without touching the disk. A sorted array with binary search: inserts and
// removals move memory (fast up to about a million keys), range reads are slices.
import { compareKeys } from '../keys.ts';

export class SortedKeys {
  #keys: string[] = [];

  get size(): number {
    return this.#keys.length;
  }

  /** Index of the first key ≥ `key`. */
  lowerBound(key: string): number {
    const keys = this.#keys;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(keys[mid]!, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index range [from, to) of the keys in [start, end); end undefined means no upper bound. */
  range(start: string, end: string | undefined): [number, number] {
    const from = this.lowerBound(start);
    const to = end === undefined ? this.#keys.length : this.lowerBound(end);
    return [from, Math.max(from, to)];
  }

  at(index: number): string {
    return this.#keys[index]!;
  }

  insert(key: string): void {
    const i = this.lowerBound(key);
    if (this.#keys[i] !== key) this.#keys.splice(i, 0, key);
  }

  remove(key: string): void {
    const i = this.lowerBound(key);
    if (this.#keys[i] === key) this.#keys.splice(i, 1);
  }

  /** Appends a key known to be greater than every key held (bulk loading in key order). */
  appendInOrder(key: string): void {
    const last = this.#keys[this.#keys.length - 1];
    if (last !== undefined && compareKeys(last, key) >= 0)
      throw new Error(`keys out of order: ${last} then ${key}`);
    this.#keys.push(key);
  }
}
