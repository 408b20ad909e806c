// The API kinds the workload controllers read and write, as the cached objects look: typed
// shapes from kubernetes-types with the metadata the client relies on.
import type {
  ControllerRevision as ApiControllerRevision,
  DaemonSet as ApiDaemonSet,
  Deployment as ApiDeployment,
  ReplicaSet as ApiReplicaSet,
  StatefulSet as ApiStatefulSet,
} from 'kubernetes-types/apps/v1.js';
import type { CronJob as ApiCronJob, Job as ApiJob } from 'kubernetes-types/batch/v1.js';
import type {
  Node as ApiNode,
  PersistentVolumeClaim as ApiPersistentVolumeClaim,
  Pod as ApiPod,
  ReplicationController as ApiReplicationController,
  PodTemplateSpec,
} from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';

export type Pod = ApiPod;
export type Node = ApiNode;
export type PersistentVolumeClaim = ApiPersistentVolumeClaim;
export type ReplicaSet = ApiReplicaSet;
export type ReplicationController = ApiReplicationController;
export type Deployment = ApiDeployment;
export type StatefulSet = ApiStatefulSet;
export type DaemonSet = ApiDaemonSet;
export type ControllerRevision = ApiControllerRevision;
export type Job = ApiJob;
export type CronJob = ApiCronJob;
export type { OwnerReference, PodTemplateSpec };

/** An API object with metadata, as every owner and dependent here is. */
export interface Owner {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    deletionTimestamp?: string;
    labels?: { [k: string]: string };
    annotations?: { [k: string]: string };
  };
}
