// The `deployment` controller.
import type { ControllerDefinition } from '../controller-definition.ts';
import { DeploymentController } from './controller.ts';

export const deploymentController: ControllerDefinition = {
  name: 'deployment',
  enabledByDefault: true,
  start: (ctx) => new DeploymentController(ctx).start(),
};
