// Declaring and starting a workload controller: the one-resource Controller loop, with sync
// errors reported as upstream's workload controllers log them.
import { Controller, type ControllerSpec } from '../../client/index.ts';
import type { ControllerContext, RunningController } from '../controller-definition.ts';
import { syncErrorReporter } from './errors.ts';

/** The controller, declared (its informers wired) but not started. */
export function workloadController(
  ctx: ControllerContext,
  spec: Omit<ControllerSpec, 'onError'>,
): Controller {
  return new Controller(ctx.informers, { ...spec, onError: syncErrorReporter(spec.name) });
}

/** Declares and starts the controller; resolves once its caches synced and its workers run. */
export async function startWorkloadController(
  ctx: ControllerContext,
  spec: Omit<ControllerSpec, 'onError'>,
): Promise<RunningController> {
  const controller = workloadController(ctx, spec);
  await controller.start();
  return { stop: () => controller.stop() };
}
