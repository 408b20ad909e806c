// Polls an async condition in e2e tests; the generous limit only keeps a broken test from hanging
// (never a timing assertion).
import { setTimeout as sleep } from 'node:timers/promises';

export async function waitFor(
  cond: () => Promise<boolean> | boolean,
  what: string,
  limitMs = 30_000,
  everyMs = 200,
): Promise<void> {
  const deadline = Date.now() + limitMs;
  let last: unknown;
  for (;;) {
    try {
      if (await cond()) return;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(
        `gave up waiting for: ${what}${last ? ` (last error: ${last instanceof Error ? last.message : String(last)})` : ''}`,
      );
    await sleep(everyMs);
  }
}
