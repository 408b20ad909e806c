// Starting the declared controllers of one ControllerDefinition and stopping them together.
import { Controller, type ControllerSpec } from '../../client/index.ts';
import type { ControllerContext, RunningController } from '../controller-definition.ts';

/** Starts controllers (their informers sync first) plus extra stop hooks; one stop() ends them all. */
export async function runControllers(
  ctx: ControllerContext,
  specs: ControllerSpec[],
  extra: { start?: () => void | Promise<void>; stop?: () => void | Promise<void> } = {},
): Promise<RunningController & { controllers: Controller[] }> {
  const controllers = specs.map((s) => new Controller(ctx.informers, { onError: reportTo(s.name), ...s }));
  await Promise.all(controllers.map((c) => c.start()));
  await extra.start?.();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await extra.stop?.();
    await Promise.all(controllers.map((c) => c.stop()));
  };
  ctx.signal.addEventListener('abort', () => void stop(), { once: true });
  return { controllers, stop };
}

/** Default error reporter: conflicts and not-founds are routine retries, not worth a log line. */
function reportTo(name: string): (key: string, e: unknown) => void {
  return (key, e) => {
    const code = (e as { code?: number }).code;
    if (code === 409 || code === 404) return;
    console.error(`${name}: reconcile ${key} failed: ${e instanceof Error ? e.message : String(e)}`);
  };
}
