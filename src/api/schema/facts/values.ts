// Enumerated values and declared defaults of fields (upstream's `+enum` types and `+default`
// markers, k8s.io/api v0.32), which upstream's OpenAPI publishes as `enum` and `default`.
import {
  ACCESS_MODES,
  HOST_PATH_TYPES,
  MOUNT_PROPAGATIONS,
  PROTOCOLS,
  PULL_POLICIES,
  QUOTA_SCOPES,
  RECLAIM_POLICIES,
  SECURITY_PROFILE_TYPES,
  VOLUME_BINDING_MODES,
  VOLUME_MODES,
} from '../../internal/enum-values.ts';
import { apiextensions, apps, batch, core, networking, policy, storage } from '../packages.ts';

/** Containers and ephemeral containers share their fields (upstream's EphemeralContainerCommon). */
const CONTAINER_ENUMS = {
  terminationMessagePolicy: ['FallbackToLogsOnError', 'File'],
  imagePullPolicy: PULL_POLICIES,
};

export const ENUM_VALUES: Record<string, Readonly<Record<string, readonly string[]>>> = {
  [apps + 'DaemonSetUpdateStrategy']: { type: ['OnDelete', 'RollingUpdate'] },
  [apps + 'DeploymentStrategy']: { type: ['Recreate', 'RollingUpdate'] },
  [apps + 'StatefulSetSpec']: { podManagementPolicy: ['OrderedReady', 'Parallel'] },
  [apps + 'StatefulSetUpdateStrategy']: { type: ['OnDelete', 'RollingUpdate'] },
  [batch + 'CronJobSpec']: { concurrencyPolicy: ['Allow', 'Forbid', 'Replace'] },
  [batch + 'JobSpec']: {
    completionMode: ['Indexed', 'NonIndexed'],
    podReplacementPolicy: ['Failed', 'TerminatingOrFailed'],
  },
  [batch + 'PodFailurePolicyOnExitCodesRequirement']: { operator: ['In', 'NotIn'] },
  [batch + 'PodFailurePolicyRule']: { action: ['Count', 'FailIndex', 'FailJob', 'Ignore'] },
  [core + 'AppArmorProfile']: { type: SECURITY_PROFILE_TYPES },
  [core + 'AzureDiskVolumeSource']: {
    cachingMode: ['None', 'ReadOnly', 'ReadWrite'],
    kind: ['Dedicated', 'Managed', 'Shared'],
  },
  [core + 'Container']: CONTAINER_ENUMS,
  [core + 'ContainerPort']: { protocol: PROTOCOLS },
  [core + 'EndpointPort']: { protocol: PROTOCOLS },
  [core + 'EphemeralContainer']: CONTAINER_ENUMS,
  [core + 'HTTPGetAction']: { scheme: ['HTTP', 'HTTPS'] },
  [core + 'HostPathVolumeSource']: {
    type: HOST_PATH_TYPES,
  },
  [core + 'ImageVolumeSource']: { pullPolicy: PULL_POLICIES },
  [core + 'ModifyVolumeStatus']: { status: ['InProgress', 'Infeasible', 'Pending'] },
  [core + 'NamespaceStatus']: { phase: ['Active', 'Terminating'] },
  [core + 'NodeSelectorRequirement']: { operator: ['DoesNotExist', 'Exists', 'Gt', 'In', 'Lt', 'NotIn'] },
  [core + 'NodeStatus']: { phase: ['Pending', 'Running', 'Terminated'] },
  [core + 'PersistentVolumeClaimSpec']: {
    accessModes: ACCESS_MODES,
    volumeMode: VOLUME_MODES,
  },
  [core + 'PersistentVolumeClaimStatus']: {
    phase: ['Bound', 'Lost', 'Pending'],
    accessModes: ACCESS_MODES,
  },
  [core + 'PersistentVolumeSpec']: {
    accessModes: ACCESS_MODES,
    persistentVolumeReclaimPolicy: RECLAIM_POLICIES,
    volumeMode: VOLUME_MODES,
  },
  [core + 'PersistentVolumeStatus']: { phase: ['Available', 'Bound', 'Failed', 'Pending', 'Released'] },
  [core + 'PodSecurityContext']: {
    supplementalGroupsPolicy: ['Merge', 'Strict'],
    fsGroupChangePolicy: ['Always', 'OnRootMismatch'],
  },
  [core + 'PodSpec']: {
    restartPolicy: ['Always', 'Never', 'OnFailure'],
    dnsPolicy: ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'],
    preemptionPolicy: ['Never', 'PreemptLowerPriority'],
  },
  [core + 'PodStatus']: {
    phase: ['Failed', 'Pending', 'Running', 'Succeeded', 'Unknown'],
    qosClass: ['BestEffort', 'Burstable', 'Guaranteed'],
  },
  [core + 'PortStatus']: { protocol: PROTOCOLS },
  [core + 'ResourceQuotaSpec']: {
    scopes: QUOTA_SCOPES,
  },
  [core + 'ScopedResourceSelectorRequirement']: {
    scopeName: QUOTA_SCOPES,
    operator: ['DoesNotExist', 'Exists', 'In', 'NotIn'],
  },
  [core + 'SeccompProfile']: { type: SECURITY_PROFILE_TYPES },
  [core + 'SecurityContext']: { procMount: ['Default', 'Unmasked'] },
  [core + 'ServicePort']: { protocol: PROTOCOLS },
  [core + 'ServiceSpec']: {
    type: ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'],
    sessionAffinity: ['ClientIP', 'None'],
    externalTrafficPolicy: ['Cluster', 'Local'],
    ipFamilies: ['', 'IPv4', 'IPv6'],
    ipFamilyPolicy: ['PreferDualStack', 'RequireDualStack', 'SingleStack'],
    internalTrafficPolicy: ['Cluster', 'Local'],
  },
  [core + 'Taint']: { effect: ['NoExecute', 'NoSchedule', 'PreferNoSchedule'] },
  [core + 'Toleration']: {
    operator: ['Equal', 'Exists'],
    effect: ['NoExecute', 'NoSchedule', 'PreferNoSchedule'],
  },
  [core + 'TopologySpreadConstraint']: {
    whenUnsatisfiable: ['DoNotSchedule', 'ScheduleAnyway'],
    nodeAffinityPolicy: ['Honor', 'Ignore'],
    nodeTaintsPolicy: ['Honor', 'Ignore'],
  },
  [core + 'VolumeMount']: { mountPropagation: MOUNT_PROPAGATIONS },
  [networking + 'NetworkPolicySpec']: { policyTypes: ['Egress', 'Ingress'] },
  [policy + 'PodDisruptionBudgetSpec']: { unhealthyPodEvictionPolicy: ['AlwaysAllow', 'IfHealthyBudget'] },
  [storage + 'StorageClass']: { volumeBindingMode: VOLUME_BINDING_MODES },
  [apiextensions + 'ValidationRule']: {
    reason: ['FieldValueDuplicate', 'FieldValueForbidden', 'FieldValueInvalid', 'FieldValueRequired'],
  },
};

export const DEFAULT_VALUES: Record<string, Readonly<Record<string, unknown>>> = {
  [core + 'AzureDiskVolumeSource']: {
    cachingMode: 'ReadWrite',
    fsType: 'ext4',
    readOnly: false,
    kind: 'Shared',
  },
  [core + 'ConfigMapEnvSource']: { name: '' },
  [core + 'ConfigMapKeySelector']: { name: '' },
  [core + 'ConfigMapProjection']: { name: '' },
  [core + 'ConfigMapVolumeSource']: { name: '' },
  [core + 'ContainerPort']: { protocol: 'TCP' },
  [core + 'GRPCAction']: { service: '' },
  [core + 'ISCSIPersistentVolumeSource']: { iscsiInterface: 'default' },
  [core + 'ISCSIVolumeSource']: { iscsiInterface: 'default' },
  [core + 'LocalObjectReference']: { name: '' },
  [core + 'RBDPersistentVolumeSource']: { pool: 'rbd', user: 'admin', keyring: '/etc/ceph/keyring' },
  [core + 'RBDVolumeSource']: { pool: 'rbd', user: 'admin', keyring: '/etc/ceph/keyring' },
  [core + 'ScaleIOPersistentVolumeSource']: { storageMode: 'ThinProvisioned', fsType: 'xfs' },
  [core + 'ScaleIOVolumeSource']: { storageMode: 'ThinProvisioned', fsType: 'xfs' },
  [core + 'SecretEnvSource']: { name: '' },
  [core + 'SecretKeySelector']: { name: '' },
  [core + 'SecretProjection']: { name: '' },
  [core + 'ServicePort']: { protocol: 'TCP' },
};
