// The workload controllers (ReplicaSet, ReplicationController, Deployment, StatefulSet,
// DaemonSet, Job, CronJob), in upstream's names.
import type { ControllerDefinition } from './controller-definition.ts';
import { daemonSetController } from './daemonset/index.ts';
import { deploymentController } from './deployment/index.ts';
import { jobController } from './job/index.ts';
import { replicaSetController, replicationControllerController } from './replicaset/index.ts';
import { statefulSetController } from './statefulset/index.ts';

export const workloadControllers: ControllerDefinition[] = [
  replicaSetController,
  replicationControllerController,
  deploymentController,
  statefulSetController,
  daemonSetController,
  jobController,
];
