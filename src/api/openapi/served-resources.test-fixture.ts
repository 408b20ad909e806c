// The resources of issue 4, as tests describe them until every strategy is written
// (the API server uses describeStrategies(builtinResources)).

import { ALL_VERBS } from '../strategy.ts';
import type { ApiResourceDescription } from './resources.ts';
import { BUILTIN_EXTRA_SUBRESOURCES } from './resources.ts';

type Row = [
  group: string,
  version: string,
  kind: string,
  resource: string,
  namespaced: boolean,
  sub?: 'status' | 'status+scale',
];
const rows: Row[] = [
  ['', 'v1', 'Pod', 'pods', true, 'status'],
  ['', 'v1', 'Service', 'services', true, 'status'],
  ['', 'v1', 'Endpoints', 'endpoints', true],
  ['', 'v1', 'Node', 'nodes', false, 'status'],
  ['', 'v1', 'Namespace', 'namespaces', false, 'status'],
  ['', 'v1', 'ConfigMap', 'configmaps', true],
  ['', 'v1', 'Secret', 'secrets', true],
  ['', 'v1', 'ServiceAccount', 'serviceaccounts', true],
  ['', 'v1', 'Event', 'events', true],
  ['', 'v1', 'ReplicationController', 'replicationcontrollers', true, 'status+scale'],
  ['', 'v1', 'PersistentVolume', 'persistentvolumes', false, 'status'],
  ['', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, 'status'],
  ['', 'v1', 'ResourceQuota', 'resourcequotas', true, 'status'],
  ['', 'v1', 'LimitRange', 'limitranges', true],
  ['', 'v1', 'PodTemplate', 'podtemplates', true],
  ['apps', 'v1', 'Deployment', 'deployments', true, 'status+scale'],
  ['apps', 'v1', 'ReplicaSet', 'replicasets', true, 'status+scale'],
  ['apps', 'v1', 'StatefulSet', 'statefulsets', true, 'status+scale'],
  ['apps', 'v1', 'DaemonSet', 'daemonsets', true, 'status'],
  ['apps', 'v1', 'ControllerRevision', 'controllerrevisions', true],
  ['batch', 'v1', 'Job', 'jobs', true, 'status'],
  ['batch', 'v1', 'CronJob', 'cronjobs', true, 'status'],
  ['autoscaling', 'v1', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, 'status'],
  ['autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, 'status'],
  ['policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, 'status'],
  ['networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, 'status'],
  ['networking.k8s.io', 'v1', 'IngressClass', 'ingressclasses', false],
  ['networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true],
  ['discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', true],
  ['coordination.k8s.io', 'v1', 'Lease', 'leases', true],
  ['rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true],
  ['rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true],
  ['rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false],
  ['rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false],
  ['storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', false],
  ['scheduling.k8s.io', 'v1', 'PriorityClass', 'priorityclasses', false],
  ['events.k8s.io', 'v1', 'Event', 'events', true],
  ['apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, 'status'],
];

export const servedResources: ApiResourceDescription[] = [
  ...rows.map(([group, version, kind, resource, namespaced, sub]) => ({
    group,
    version,
    kind,
    resource,
    namespaced,
    verbs: ALL_VERBS,
    subresources: {
      ...(sub ? { status: true } : {}),
      ...(sub === 'status+scale' ? { scale: true } : {}),
      ...(BUILTIN_EXTRA_SUBRESOURCES[`${group}/${resource}`]
        ? { extra: BUILTIN_EXTRA_SUBRESOURCES[`${group}/${resource}`] }
        : {}),
    },
  })),
  {
    group: 'authentication.k8s.io',
    version: 'v1',
    kind: 'SelfSubjectReview',
    resource: 'selfsubjectreviews',
    namespaced: false,
    verbs: ['create'],
  },
  {
    group: 'authentication.k8s.io',
    version: 'v1',
    kind: 'TokenReview',
    resource: 'tokenreviews',
    namespaced: false,
    verbs: ['create'],
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    kind: 'SelfSubjectAccessReview',
    resource: 'selfsubjectaccessreviews',
    namespaced: false,
    verbs: ['create'],
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    kind: 'SelfSubjectRulesReview',
    resource: 'selfsubjectrulesreviews',
    namespaced: false,
    verbs: ['create'],
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    kind: 'SubjectAccessReview',
    resource: 'subjectaccessreviews',
    namespaced: false,
    verbs: ['create'],
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    kind: 'LocalSubjectAccessReview',
    resource: 'localsubjectaccessreviews',
    namespaced: true,
    verbs: ['create'],
  },
];
