// Helpers of the Store conformance suite (conformance.ts): the model of acknowledged writes and
// bounded waits on watches.
import assert from 'node:assert/strict';
import type { KeyValue, Store, Watch, WatchEvent } from './store.ts';

export const WAIT_MS = 60_000;
export const enc = (s: string) => new TextEncoder().encode(s);
export const dec = (b: Uint8Array | undefined) => (b === undefined ? undefined : new TextDecoder().decode(b));

/** A write the store acknowledged: the model every read is checked against. */
export interface Acked {
  revision: number;
  key: string;
  value: string | null;
}

export function stateAt(acked: readonly Acked[], revision: number): Map<string, string> {
  const state = new Map<string, string>();
  for (const w of [...acked].sort((a, b) => a.revision - b.revision)) {
    if (w.revision > revision) break;
    if (w.value === null) state.delete(w.key);
    else state.set(w.key, w.value);
  }
  return state;
}

export function asMap(items: readonly KeyValue[]): Map<string, string> {
  return new Map(items.map((kv) => [kv.key, dec(kv.value)!]));
}

/** Collects the events of a watch until one at or past `untilRevision` arrives. */
export function collectUntil(store: Store, prefix: string, afterRevision: number, untilRevision: number) {
  return new Promise<WatchEvent[]>((resolve, reject) => {
    const events: WatchEvent[] = [];
    let watch: Watch | undefined;
    const timer = setTimeout(() => {
      watch?.stop();
      reject(new Error(`watch ${prefix} after ${afterRevision}: no event ${untilRevision} in ${WAIT_MS} ms`));
    }, WAIT_MS);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      watch?.stop();
      if (error) reject(error);
      else resolve(events);
    };
    watch = store.watch(prefix, afterRevision, {
      onEvents(batch) {
        events.push(...batch);
        if (events.length > 0 && events[events.length - 1]!.revision >= untilRevision) finish();
      },
      onError: (error) => finish(error),
    });
  });
}

/** Resolves with the error a watch ends with (it must end with one). */
export function watchError(store: Store, prefix: string, afterRevision: number): Promise<Error> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the watch did not fail')), WAIT_MS);
    const watch = store.watch(prefix, afterRevision, {
      onEvents() {},
      onError(error) {
        clearTimeout(timer);
        watch.stop();
        resolve(error);
      },
    });
  });
}

export function assertOrdered(events: readonly WatchEvent[]): void {
  for (let i = 1; i < events.length; i++) {
    assert.ok(
      events[i]!.revision > events[i - 1]!.revision,
      `event ${i} out of order: ${events[i]!.revision}`,
    );
  }
}
