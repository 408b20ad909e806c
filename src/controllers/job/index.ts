// The `job` controller.
import type { ControllerDefinition } from '../controller-definition.ts';
import { JobController } from './controller.ts';

export const jobController: ControllerDefinition = {
  name: 'job',
  enabledByDefault: true,
  start: (ctx) => new JobController(ctx).start(),
};
