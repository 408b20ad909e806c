// Upstream's slowStartBatch: run `count` calls in batches of 1, 2, 4, ... (doubling after each
// batch that fully succeeds), stopping at the first batch with an error. A burst against a
// failing API (quota, admission) then costs one request, not hundreds. An aborted signal
// (the controller stopping) ends it between batches.

export const SLOW_START_INITIAL_BATCH_SIZE = 1;

/** Runs `fn(index)` `count` times in doubling batches; returns how many succeeded and the first error. */
export async function slowStartBatch(
  count: number,
  initialBatchSize: number,
  fn: (index: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<{ successes: number; error?: unknown }> {
  let remaining = count;
  let successes = 0;
  let index = 0;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    // Stopping: start no new batch (what was not attempted is not expected).
    if (signal?.aborted) return { successes, error: signal.reason ?? new Error('stopped') };
    const start = index;
    index += batch;
    const results = await Promise.allSettled(Array.from({ length: batch }, (_, i) => fn(start + i)));
    let error: unknown;
    for (const r of results) {
      if (r.status === 'fulfilled') successes++;
      else error ??= r.reason;
    }
    if (error !== undefined) return { successes, error };
    remaining -= batch;
  }
  return { successes };
}
