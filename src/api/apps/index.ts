// The apps API group's resources. Each kind's strategy lives in its own file beside this one.
import type { ResourceStrategy } from '../strategy.ts';
import { controllerRevisionStrategy } from './controllerrevision.ts';
import { daemonSetStrategy } from './daemonset.ts';
import { deploymentStrategy } from './deployment.ts';
import { replicaSetStrategy } from './replicaset.ts';
import { statefulSetStrategy } from './statefulset.ts';

export const appsResources: ResourceStrategy<any>[] = [
  deploymentStrategy,
  replicaSetStrategy,
  statefulSetStrategy,
  daemonSetStrategy,
  controllerRevisionStrategy,
];
