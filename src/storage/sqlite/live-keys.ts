// The live keys of the SQLite store, in memory: a Map for point reads and a sorted key list for
// ranges. Lists at the current revision come from here alone; lists at a past revision come from
// here plus the log for the keys changed since (or from the log alone when too much changed).
import { compareKeys } from '../keys.ts';
import type { KeyValue } from '../store.ts';
import type { History, LoadedEntry } from './history.ts';
import { SortedKeys } from './sorted-keys.ts';

export interface Entry {
  value: Uint8Array;
  createRevision: number;
  modRevision: number;
  /** TTL deadline in ms since the epoch. */
  expiresAt: number | null;
}

export function toKeyValue(key: string, e: Entry): KeyValue {
  return { key, value: e.value, createRevision: e.createRevision, modRevision: e.modRevision };
}

export interface Page {
  items: KeyValue[];
  more: boolean;
  /** Items after this page, when known. */
  remaining: number | undefined;
}

export class LiveKeys {
  readonly #map = new Map<string, Entry>();
  readonly #keys = new SortedKeys();

  /** Loads the keys as read at startup (in key order). */
  load(entry: LoadedEntry): void {
    this.#map.set(entry.key, entry);
    this.#keys.appendInOrder(entry.key);
  }

  get(key: string): Entry | undefined {
    return this.#map.get(key);
  }

  /** Makes a durable write visible (entry null: the key was deleted). */
  apply(key: string, entry: Entry | null): void {
    if (entry) {
      if (!this.#map.has(key)) this.#keys.insert(key);
      this.#map.set(key, entry);
    } else if (this.#map.delete(key)) {
      this.#keys.remove(key);
    }
  }

  count(start: string, end: string | undefined): number {
    return this.#keys.count(start, end);
  }

  listCurrent(start: string, end: string | undefined, limit: number): Page {
    const inRange = this.#keys.count(start, end);
    const n = Math.min(limit, inRange);
    const items: KeyValue[] = new Array(n);
    let i = 0;
    for (const key of this.#keys.from(start, n)) items[i++] = toKeyValue(key, this.#map.get(key)!);
    return { items, more: inRange > n, remaining: inRange - n };
  }

  /**
   * The keys in [start, end) as they were at `revision` (≤ `committed`, the revision the live
   * keys are at), from memory plus the log when at most `overlayMax` revisions passed.
   */
  listPast(
    history: History,
    committed: number,
    overlayMax: number,
    start: string,
    end: string | undefined,
    revision: number,
    limit: number,
  ): Page {
    const inRange = this.#keys.count(start, end);
    const overlayLimit = overlayMax === 0 ? 0 : Math.max(overlayMax, 2 * inRange);
    if (committed - revision > overlayLimit) {
      const take = Number.isFinite(limit) ? limit + 1 : -1;
      const items = history.listAt(start, end, revision, take);
      const more = items.length > limit;
      if (more) items.pop();
      return { items, more, remaining: undefined };
    }
    // Memory holds the state at the committed revision; only keys written since `revision`
    // differ, and the log tells what each of them was then.
    const changed = new Set(history.changedSince(revision, start, end));
    const then: KeyValue[] = [];
    let changedLive = 0;
    for (const key of changed) {
      if (this.#map.has(key)) changedLive++;
      const kv = history.getAt(key, revision);
      if (kv) then.push(kv);
    }
    then.sort((a, b) => compareKeys(a.key, b.key));
    const total = inRange - changedLive + then.length;
    const items: KeyValue[] = [];
    const memory = this.#keys.from(start, inRange);
    let memoryKey = nextUnchanged(memory, changed);
    let j = 0;
    while (items.length < limit) {
      const past = then[j];
      if (memoryKey === undefined && past === undefined) break;
      if (past === undefined || (memoryKey !== undefined && compareKeys(memoryKey, past.key) < 0)) {
        items.push(toKeyValue(memoryKey!, this.#map.get(memoryKey!)!));
        memoryKey = nextUnchanged(memory, changed);
      } else {
        items.push(past);
        j++;
      }
    }
    return { items, more: total > items.length, remaining: total - items.length };
  }
}

function nextUnchanged(keys: Iterator<string>, changed: Set<string>): string | undefined {
  for (let next = keys.next(); !next.done; next = keys.next())
    if (!changed.has(next.value)) return next.value;
  return undefined;
}
