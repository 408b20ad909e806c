// The workload controllers (ReplicaSet, ReplicationController, Deployment, StatefulSet,
// DaemonSet, Job, CronJob), in upstream's names.
import type { ControllerDefinition } from './controller-definition.ts';
import { deploymentController } from './deployment/index.ts';
import { replicaSetController, replicationControllerController } from './replicaset/index.ts';

export const workloadControllers: ControllerDefinition[] = [
  replicaSetController,
  replicationControllerController,
  deploymentController,
];
