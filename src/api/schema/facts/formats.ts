// Numeric and byte formats of fields, facts that kubernetes-types loses (it types every number as
// `number` and every []byte as `string`). Learnt from upstream's Go types (k8s.io/api v0.32):
// int64 and float64 fields, and []byte fields, which the JSON carries as base64.
import {
  apiextensions,
  apps,
  authentication,
  autoscalingV1,
  autoscalingV2,
  batch,
  core,
  meta,
  policy,
  storage,
} from '../packages.ts';

/** Integer fields whose Go type is int64; every other integer field is int32. */
export const INT64_FIELDS: Record<string, readonly string[]> = {
  [apps + 'ControllerRevision']: ['revision'],
  [apps + 'DaemonSetStatus']: ['observedGeneration'],
  [apps + 'DeploymentStatus']: ['observedGeneration'],
  [apps + 'ReplicaSetStatus']: ['observedGeneration'],
  [apps + 'StatefulSetStatus']: ['observedGeneration'],
  [authentication + 'TokenRequestSpec']: ['expirationSeconds'],
  [autoscalingV1 + 'HorizontalPodAutoscalerStatus']: ['observedGeneration'],
  [autoscalingV2 + 'HorizontalPodAutoscalerStatus']: ['observedGeneration'],
  [batch + 'CronJobSpec']: ['startingDeadlineSeconds'],
  [batch + 'JobSpec']: ['activeDeadlineSeconds'],
  [core + 'ContainerImage']: ['sizeBytes'],
  [core + 'LinuxContainerUser']: ['uid', 'gid', 'supplementalGroups'],
  [core + 'PodSecurityContext']: ['runAsUser', 'runAsGroup', 'supplementalGroups', 'fsGroup'],
  [core + 'PodSpec']: ['terminationGracePeriodSeconds', 'activeDeadlineSeconds'],
  [core + 'Probe']: ['terminationGracePeriodSeconds'],
  [core + 'ReplicationControllerStatus']: ['observedGeneration'],
  [core + 'SecurityContext']: ['runAsUser', 'runAsGroup'],
  [core + 'ServiceAccountTokenProjection']: ['expirationSeconds'],
  [core + 'SleepAction']: ['seconds'],
  [core + 'Toleration']: ['tolerationSeconds'],
  [policy + 'PodDisruptionBudgetStatus']: ['observedGeneration'],
  [storage + 'TokenRequest']: ['expirationSeconds'],
  [apiextensions + 'JSONSchemaProps']: [
    'maxLength',
    'minLength',
    'maxItems',
    'minItems',
    'maxProperties',
    'minProperties',
  ],
  [meta + 'Condition']: ['observedGeneration'],
  [meta + 'DeleteOptions']: ['gracePeriodSeconds'],
  [meta + 'ListMeta']: ['remainingItemCount'],
  [meta + 'ObjectMeta']: ['generation', 'deletionGracePeriodSeconds'],
};

/** Floating-point fields (Go float64): OpenAPI type number, format double. */
export const DOUBLE_FIELDS: Record<string, readonly string[]> = {
  [apiextensions + 'JSONSchemaProps']: ['maximum', 'minimum', 'multipleOf'],
};

/** Fields holding bytes (Go []byte, or a map of them): base64 strings, OpenAPI format byte. */
export const BYTE_FIELDS: Record<string, readonly string[]> = {
  [core + 'ConfigMap']: ['binaryData'],
  [core + 'Secret']: ['data'],
  [apiextensions + 'WebhookClientConfig']: ['caBundle'],
};
