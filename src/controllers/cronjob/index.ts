// The `cronjob` controller.
import type { ControllerDefinition } from '../controller-definition.ts';
import { CronJobController } from './controller.ts';

export const cronJobController: ControllerDefinition = {
  name: 'cronjob',
  enabledByDefault: true,
  start: (ctx) => new CronJobController(ctx).start(),
};
