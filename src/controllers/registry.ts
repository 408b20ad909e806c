// Every controller the controller manager can run.
import type { ControllerDefinition } from './controller-definition.ts';
import { coreControllers } from './core-controllers.ts';
import { workloadControllers } from './workload-controllers.ts';

export const allControllers: readonly ControllerDefinition[] = [...workloadControllers, ...coreControllers];
