// Waits for a condition in tests, polling; the generous limit only keeps a broken test from hanging.
import { setTimeout as sleep } from 'node:timers/promises';

/** Resolves once `cond()` is true; rejects with `what` after `limitMs` (default 10 s) to avoid hangs. */
export async function eventually(cond: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const deadline = performance.now() + limitMs;
  while (!cond()) {
    if (performance.now() > deadline) throw new Error(`gave up waiting for: ${what}`);
    await sleep(2);
  }
}
