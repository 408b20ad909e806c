// Read-modify-write with optimistic concurrency (client-go's retry.RetryOnConflict): run the
// attempt again, from a fresh read, while the server answers 409 Conflict.
import { isConflict } from '../../client/index.ts';

/** Retries `attempt` on Conflict, at most `tries` times. Usage: `await retryOnConflict(async () => { const ns = await get(); ...; await update(ns) })`. */
export async function retryOnConflict<T>(attempt: () => Promise<T>, tries = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      if (!isConflict(e) || i >= tries) throw e;
    }
  }
}
