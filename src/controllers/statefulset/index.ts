// The `statefulset` controller.
import type { ControllerDefinition } from '../controller-definition.ts';
import { StatefulSetController } from './controller.ts';

export const statefulSetController: ControllerDefinition = {
  name: 'statefulset',
  enabledByDefault: true,
  start: (ctx) => new StatefulSetController(ctx).start(),
};
