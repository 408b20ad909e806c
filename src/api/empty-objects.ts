// What each built-in kind's empty Go object looks like as JSON: upstream's field manager records
// a create against `New()` of the kind, not against nothing, so the parts every object has (value
// structs such as `spec`, a workload's pod `template`, null for unset pointers and slices that
// have no omitempty) are never "added" by the creator. That decides which paths a manager owns as
// members (the `.` entries of managedFields), and so what a later server-side apply prunes: with
// `{}` a client-side-apply migration would take `spec.template.metadata` along with its
// generated labels. Facts of upstream's Go types (value vs pointer fields, omitempty), written
// here as data; scalars are left out, they never change what is recorded.

type JsonObject = Record<string, unknown>;

const META = { creationTimestamp: null };
const POD_TEMPLATE = { metadata: META, spec: { containers: null } };
const WORKLOAD = (extra: JsonObject = {}) => ({
  metadata: META,
  spec: { selector: null, template: POD_TEMPLATE, ...extra },
  status: {},
});
const WITH_SPEC_STATUS = { metadata: META, spec: {}, status: {} };
const META_ONLY = { metadata: META };

/** By `group/version/Kind` (`/v1/Pod` for the core group). */
const EMPTY_OBJECTS: Record<string, JsonObject> = {
  '/v1/Pod': { metadata: META, spec: { containers: null }, status: {} },
  '/v1/PodTemplate': { metadata: META, template: POD_TEMPLATE },
  '/v1/ReplicationController': WITH_SPEC_STATUS,
  '/v1/Service': { metadata: META, spec: {}, status: { loadBalancer: {} } },
  '/v1/Endpoints': META_ONLY,
  '/v1/Node': {
    metadata: META,
    spec: {},
    status: { daemonEndpoints: { kubeletEndpoint: {} }, nodeInfo: {} },
  },
  '/v1/Namespace': WITH_SPEC_STATUS,
  '/v1/ConfigMap': META_ONLY,
  '/v1/Secret': META_ONLY,
  '/v1/ServiceAccount': META_ONLY,
  '/v1/Event': {
    metadata: META,
    involvedObject: {},
    source: {},
    firstTimestamp: null,
    lastTimestamp: null,
    eventTime: null,
  },
  '/v1/PersistentVolume': WITH_SPEC_STATUS,
  '/v1/PersistentVolumeClaim': { metadata: META, spec: { resources: {} }, status: {} },
  '/v1/ResourceQuota': WITH_SPEC_STATUS,
  '/v1/LimitRange': { metadata: META, spec: { limits: null } },
  'apps/v1/Deployment': WORKLOAD({ strategy: {} }),
  'apps/v1/ReplicaSet': WORKLOAD(),
  'apps/v1/StatefulSet': WORKLOAD({ updateStrategy: {} }),
  'apps/v1/DaemonSet': WORKLOAD({ updateStrategy: {} }),
  'apps/v1/ControllerRevision': META_ONLY,
  'batch/v1/Job': { metadata: META, spec: { template: POD_TEMPLATE }, status: {} },
  'batch/v1/CronJob': {
    metadata: META,
    spec: { jobTemplate: { metadata: META, spec: { template: POD_TEMPLATE } } },
    status: {},
  },
  'autoscaling/v1/HorizontalPodAutoscaler': { metadata: META, spec: { scaleTargetRef: {} }, status: {} },
  'autoscaling/v2/HorizontalPodAutoscaler': {
    metadata: META,
    spec: { scaleTargetRef: {} },
    status: { currentMetrics: null },
  },
  'policy/v1/PodDisruptionBudget': WITH_SPEC_STATUS,
  'networking.k8s.io/v1/IngressClass': { metadata: META, spec: {} },
  'networking.k8s.io/v1/Ingress': { metadata: META, spec: {}, status: { loadBalancer: {} } },
  'networking.k8s.io/v1/NetworkPolicy': { metadata: META, spec: { podSelector: {} } },
  'discovery.k8s.io/v1/EndpointSlice': { metadata: META, endpoints: null, ports: null },
  'coordination.k8s.io/v1/Lease': { metadata: META, spec: {} },
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': { metadata: META, roleRef: {} },
  'rbac.authorization.k8s.io/v1/ClusterRole': { metadata: META, rules: null },
  'rbac.authorization.k8s.io/v1/RoleBinding': { metadata: META, roleRef: {} },
  'rbac.authorization.k8s.io/v1/Role': { metadata: META, rules: null },
  'storage.k8s.io/v1/StorageClass': META_ONLY,
  'scheduling.k8s.io/v1/PriorityClass': META_ONLY,
  'events.k8s.io/v1/Event': {
    metadata: META,
    eventTime: null,
    regarding: {},
    deprecatedSource: {},
    deprecatedFirstTimestamp: null,
    deprecatedLastTimestamp: null,
  },
  'apiextensions.k8s.io/v1/CustomResourceDefinition': {
    metadata: META,
    spec: { names: {}, versions: null },
    status: { acceptedNames: {}, storedVersions: null },
  },
};

/** A fresh copy of the kind's empty object; undefined for kinds not listed (custom resources: `{}`). */
export function emptyObjectOf(group: string, version: string, kind: string): JsonObject | undefined {
  const empty = EMPTY_OBJECTS[`${group}/${version}/${kind}`];
  return empty ? (structuredClone(empty) as JsonObject) : undefined;
}
