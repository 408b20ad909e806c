// The `daemonset` controller.
import type { ControllerDefinition } from '../controller-definition.ts';
import { DaemonSetController } from './controller.ts';

export const daemonSetController: ControllerDefinition = {
  name: 'daemonset',
  enabledByDefault: true,
  start: (ctx) => new DaemonSetController(ctx).start(),
};
