// The workload controllers (ReplicaSet, ReplicationController, Deployment, StatefulSet,
// DaemonSet, Job, CronJob), the horizontal pod autoscaler and the two TTL controllers, in
// upstream's names.
import type { ControllerDefinition } from './controller-definition.ts';
import { cronJobController } from './cronjob/index.ts';
import { daemonSetController } from './daemonset/index.ts';
import { deploymentController } from './deployment/index.ts';
import { jobController } from './job/index.ts';
import { horizontalPodAutoscalerController } from './podautoscaler/index.ts';
import { replicaSetController, replicationControllerController } from './replicaset/index.ts';
import { statefulSetController } from './statefulset/index.ts';
import { ttlController } from './ttl/index.ts';
import { ttlAfterFinishedController } from './ttl-after-finished/index.ts';

export const workloadControllers: ControllerDefinition[] = [
  replicaSetController,
  replicationControllerController,
  deploymentController,
  statefulSetController,
  daemonSetController,
  jobController,
  cronJobController,
  horizontalPodAutoscalerController,
  ttlAfterFinishedController,
  ttlController,
];
