// Small timing helpers for the kubelet's loops: an abortable sleep and a periodic loop that
// never overlaps itself and survives a failing iteration.

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Runs `fn` now and then every `periodMs` after each run ends, until `signal` aborts. `kick()`
 * runs it again as soon as the current run ends. Errors go to `onError`.
 */
export function every(
  periodMs: number,
  fn: () => Promise<void>,
  signal: AbortSignal,
  onError: (err: unknown) => void,
): { kick(): void; done: Promise<void> } {
  let wake: (() => void) | undefined;
  let kicked = false;
  const done = (async () => {
    while (!signal.aborted) {
      kicked = false;
      try {
        await fn();
      } catch (err) {
        onError(err);
      }
      if (signal.aborted || kicked) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(finish, periodMs);
        function finish() {
          clearTimeout(timer);
          signal.removeEventListener('abort', finish);
          wake = undefined;
          resolve();
        }
        wake = finish;
        signal.addEventListener('abort', finish, { once: true });
      });
    }
  })();
  return {
    kick() {
      kicked = true;
      wake?.();
    },
    done,
  };
}
