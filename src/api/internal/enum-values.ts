// The values of the API's enumerated types that several places list: validation names them in
// NotSupported errors and the OpenAPI facts publish them as `enum`. Upstream keeps each as one Go
// type with its constants; so do we. Sorted as upstream's sets list them, unless said otherwise.

/** core/v1 Protocol (container, service, endpoint and endpoint-slice ports). */
export const PROTOCOLS: readonly string[] = ['SCTP', 'TCP', 'UDP'];

/** core/v1 PullPolicy (containers, image volumes). */
export const PULL_POLICIES: readonly string[] = ['Always', 'IfNotPresent', 'Never'];

/** core/v1 MountPropagationMode. */
export const MOUNT_PROPAGATIONS: readonly string[] = ['Bidirectional', 'HostToContainer', 'None'];

/** core/v1 SeccompProfileType and AppArmorProfileType (the same three values). */
export const SECURITY_PROFILE_TYPES: readonly string[] = ['Localhost', 'RuntimeDefault', 'Unconfined'];

/** core/v1 PersistentVolumeAccessMode. */
export const ACCESS_MODES: readonly string[] = [
  'ReadOnlyMany',
  'ReadWriteMany',
  'ReadWriteOnce',
  'ReadWriteOncePod',
];

/** core/v1 PersistentVolumeMode. */
export const VOLUME_MODES: readonly string[] = ['Block', 'Filesystem'];

/** core/v1 PersistentVolumeReclaimPolicy (StorageClasses accept only Delete and Retain). */
export const RECLAIM_POLICIES: readonly string[] = ['Delete', 'Recycle', 'Retain'];

/** core/v1 HostPathType ('' means no check). */
export const HOST_PATH_TYPES: readonly string[] = [
  '',
  'BlockDevice',
  'CharDevice',
  'Directory',
  'DirectoryOrCreate',
  'File',
  'FileOrCreate',
  'Socket',
];

/** core/v1 ResourceQuotaScope. */
export const QUOTA_SCOPES: readonly string[] = [
  'BestEffort',
  'CrossNamespacePodAffinity',
  'NotBestEffort',
  'NotTerminating',
  'PriorityClass',
  'Terminating',
];

/** storage/v1 VolumeBindingMode. */
export const VOLUME_BINDING_MODES: readonly string[] = ['Immediate', 'WaitForFirstConsumer'];

/** core/v1 TaintEffect, in the order validation lists them (not sorted). */
export const TAINT_EFFECTS: readonly string[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
