// The resources the workload controllers address (fixed facts of the API, like the client's
// PODS and NODES).
import { descriptor, type ResourceDescriptor } from '../../client/index.ts';

export const REPLICA_SETS: ResourceDescriptor = descriptor('apps/v1', 'replicasets', true, 'ReplicaSet');
export const REPLICATION_CONTROLLERS: ResourceDescriptor = descriptor(
  'v1',
  'replicationcontrollers',
  true,
  'ReplicationController',
);
export const DEPLOYMENTS: ResourceDescriptor = descriptor('apps/v1', 'deployments', true, 'Deployment');
export const STATEFUL_SETS: ResourceDescriptor = descriptor('apps/v1', 'statefulsets', true, 'StatefulSet');
export const DAEMON_SETS: ResourceDescriptor = descriptor('apps/v1', 'daemonsets', true, 'DaemonSet');
export const CONTROLLER_REVISIONS: ResourceDescriptor = descriptor(
  'apps/v1',
  'controllerrevisions',
  true,
  'ControllerRevision',
);
export const JOBS: ResourceDescriptor = descriptor('batch/v1', 'jobs', true, 'Job');
export const CRON_JOBS: ResourceDescriptor = descriptor('batch/v1', 'cronjobs', true, 'CronJob');
export const PERSISTENT_VOLUME_CLAIMS: ResourceDescriptor = descriptor(
  'v1',
  'persistentvolumeclaims',
  true,
  'PersistentVolumeClaim',
);
