// The core API group's resources. Each kind's strategy lives in its own file beside this one.
import type { ResourceStrategy } from '../strategy.ts';
import { podStrategy } from './pod.ts';
import { podTemplateStrategy } from './podtemplate.ts';
import { replicationControllerStrategy } from './replicationcontroller.ts';

export const coreResources: ResourceStrategy<any>[] = [
  podStrategy,
  podTemplateStrategy,
  replicationControllerStrategy,
];
