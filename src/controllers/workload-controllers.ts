// The workload controllers (ReplicaSet, ReplicationController, Deployment, StatefulSet,
// DaemonSet, Job, CronJob), in upstream's names.
import type { ControllerDefinition } from './controller-definition.ts';

export const workloadControllers: ControllerDefinition[] = [];
