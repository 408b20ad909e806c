// Enumerated values and declared defaults of fields (upstream's `+enum` types and `+default`
// markers, k8s.io/api v0.32), which upstream's OpenAPI publishes as `enum` and `default`.
import { apiextensions, apps, batch, core, networking, policy, storage } from '../packages.ts';

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
  [core + 'AppArmorProfile']: { type: ['Localhost', 'RuntimeDefault', 'Unconfined'] },
  [core + 'AzureDiskVolumeSource']: {
    cachingMode: ['None', 'ReadOnly', 'ReadWrite'],
    kind: ['Dedicated', 'Managed', 'Shared'],
  },
  [core + 'Container']: {
    terminationMessagePolicy: ['FallbackToLogsOnError', 'File'],
    imagePullPolicy: ['Always', 'IfNotPresent', 'Never'],
  },
  [core + 'ContainerPort']: { protocol: ['SCTP', 'TCP', 'UDP'] },
  [core + 'EndpointPort']: { protocol: ['SCTP', 'TCP', 'UDP'] },
  [core + 'EphemeralContainer']: {
    terminationMessagePolicy: ['FallbackToLogsOnError', 'File'],
    imagePullPolicy: ['Always', 'IfNotPresent', 'Never'],
  },
  [core + 'HTTPGetAction']: { scheme: ['HTTP', 'HTTPS'] },
  [core + 'HostPathVolumeSource']: {
    type: [
      '',
      'BlockDevice',
      'CharDevice',
      'Directory',
      'DirectoryOrCreate',
      'File',
      'FileOrCreate',
      'Socket',
    ],
  },
  [core + 'ImageVolumeSource']: { pullPolicy: ['Always', 'IfNotPresent', 'Never'] },
  [core + 'ModifyVolumeStatus']: { status: ['InProgress', 'Infeasible', 'Pending'] },
  [core + 'NamespaceStatus']: { phase: ['Active', 'Terminating'] },
  [core + 'NodeSelectorRequirement']: { operator: ['DoesNotExist', 'Exists', 'Gt', 'In', 'Lt', 'NotIn'] },
  [core + 'NodeStatus']: { phase: ['Pending', 'Running', 'Terminated'] },
  [core + 'PersistentVolumeClaimSpec']: {
    accessModes: ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'],
    volumeMode: ['Block', 'Filesystem'],
  },
  [core + 'PersistentVolumeClaimStatus']: {
    phase: ['Bound', 'Lost', 'Pending'],
    accessModes: ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'],
  },
  [core + 'PersistentVolumeSpec']: {
    accessModes: ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'],
    persistentVolumeReclaimPolicy: ['Delete', 'Recycle', 'Retain'],
    volumeMode: ['Block', 'Filesystem'],
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
  [core + 'PortStatus']: { protocol: ['SCTP', 'TCP', 'UDP'] },
  [core + 'ResourceQuotaSpec']: {
    scopes: [
      'BestEffort',
      'CrossNamespacePodAffinity',
      'NotBestEffort',
      'NotTerminating',
      'PriorityClass',
      'Terminating',
    ],
  },
  [core + 'ScopedResourceSelectorRequirement']: {
    scopeName: [
      'BestEffort',
      'CrossNamespacePodAffinity',
      'NotBestEffort',
      'NotTerminating',
      'PriorityClass',
      'Terminating',
    ],
    operator: ['DoesNotExist', 'Exists', 'In', 'NotIn'],
  },
  [core + 'SeccompProfile']: { type: ['Localhost', 'RuntimeDefault', 'Unconfined'] },
  [core + 'SecurityContext']: { procMount: ['Default', 'Unmasked'] },
  [core + 'ServicePort']: { protocol: ['SCTP', 'TCP', 'UDP'] },
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
  [core + 'VolumeMount']: { mountPropagation: ['Bidirectional', 'HostToContainer', 'None'] },
  [networking + 'NetworkPolicySpec']: { policyTypes: ['Egress', 'Ingress'] },
  [policy + 'PodDisruptionBudgetSpec']: { unhealthyPodEvictionPolicy: ['AlwaysAllow', 'IfHealthyBudget'] },
  [storage + 'StorageClass']: { volumeBindingMode: ['Immediate', 'WaitForFirstConsumer'] },
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
