// Workers draining a WorkQueue for controllers whose loop is not the one-resource Controller
// (the garbage collector's queues, periodic passes): get a key, process it, forget it on success,
// retry it with back-off on failure (or as the processor asks), never two workers on one key.
import type { WorkQueue } from '../../client/index.ts';

/** What a processed key asks for: nothing (done), back-off retry, or a retry after a delay. */
export type WorkResult = { requeue?: boolean; requeueAfter?: number } | undefined;

export function startWorkers<K>(
  queue: WorkQueue<K>,
  count: number,
  process: (key: K) => Promise<WorkResult>,
  onError: (key: K, e: unknown) => void,
): Promise<void> {
  const work = async () => {
    for (;;) {
      const key = await queue.get();
      if (key === undefined) return;
      try {
        const r = await process(key);
        if (r?.requeueAfter) {
          queue.forget(key);
          queue.addAfter(key, r.requeueAfter);
        } else if (r?.requeue) queue.addRateLimited(key);
        else queue.forget(key);
      } catch (e) {
        queue.addRateLimited(key);
        onError(key, e);
      } finally {
        queue.done(key);
      }
    }
  };
  return Promise.all(Array.from({ length: Math.max(1, count) }, work)).then(() => {});
}
