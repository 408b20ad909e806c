// The local-path provisioner as k3s ships it (rancher.io/local-path), pure part: its default
// StorageClass, which claims it provisions (its class, a selected node, no volume yet), and the
// hostPath volume it makes for one, pinned to the selected node.
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.d.ts';
import type { StorageClass } from 'kubernetes-types/storage/v1.d.ts';
import {
  ANN_BIND_COMPLETED,
  ANN_PROVISIONED_BY,
  ANN_SELECTED_NODE,
  ANN_STORAGE_PROVISIONER,
  claimClass,
} from '../persistentvolume-binder/match.ts';

export const LOCAL_PATH_PROVISIONER = 'rancher.io/local-path';
export const LOCAL_PATH_CLASS_NAME = 'local-path';
export const ANN_LOCAL_PATH_NODE = 'local.path.provisioner/selected-node';
export const DEFAULT_STORAGE_DIR = '/var/lib/kts/storage';

/** The default StorageClass created when missing. */
export function localPathStorageClass(): StorageClass {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {
      name: LOCAL_PATH_CLASS_NAME,
      annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
    },
    provisioner: LOCAL_PATH_PROVISIONER,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  };
}

/** The volume name for a claim (upstream's provisioners: `pvc-<claim uid>`). */
export function volumeNameFor(claim: PersistentVolumeClaim): string {
  return `pvc-${claim.metadata?.uid ?? ''}`;
}

/** Whether the claim is ours to provision now: our class, handed to us, a node chosen, unbound. */
export function shouldProvision(claim: PersistentVolumeClaim, sc: StorageClass | undefined): boolean {
  if (!sc || sc.provisioner !== LOCAL_PATH_PROVISIONER || claimClass(claim) !== sc.metadata?.name)
    return false;
  const ann = claim.metadata?.annotations ?? {};
  if (claim.metadata?.deletionTimestamp || claim.spec?.volumeName || ann[ANN_BIND_COMPLETED]) return false;
  if (ann[ANN_STORAGE_PROVISIONER] !== LOCAL_PATH_PROVISIONER) return false;
  // local volumes live on one node: without a node (Immediate binding) none can be chosen yet.
  return !!ann[ANN_SELECTED_NODE];
}

/** The hostPath volume for a claim on its selected node. */
export function provisionedVolume(
  claim: PersistentVolumeClaim,
  sc: StorageClass,
  storageDir = DEFAULT_STORAGE_DIR,
): PersistentVolume {
  const ns = claim.metadata?.namespace ?? '';
  const name = claim.metadata?.name ?? '';
  const node = claim.metadata?.annotations?.[ANN_SELECTED_NODE] ?? '';
  const volumeName = volumeNameFor(claim);
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {
      name: volumeName,
      annotations: { [ANN_PROVISIONED_BY]: LOCAL_PATH_PROVISIONER, [ANN_LOCAL_PATH_NODE]: node },
    },
    spec: {
      capacity: { storage: String(claim.spec?.resources?.requests?.storage ?? '0') },
      accessModes: [...(claim.spec?.accessModes ?? ['ReadWriteOnce'])],
      persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
      storageClassName: sc.metadata?.name ?? '',
      volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
      claimRef: {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        namespace: ns,
        name,
        uid: claim.metadata?.uid ?? '',
        resourceVersion: claim.metadata?.resourceVersion ?? '',
      },
      hostPath: {
        path: `${storageDir.replace(/\/+$/, '')}/${volumeName}_${ns}_${name}`,
        type: 'DirectoryOrCreate',
      },
      nodeAffinity: {
        required: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] },
          ],
        },
      },
    },
  };
}

/** Whether a volume is one of ours that its claim released and that should now go. */
export function shouldDelete(pv: PersistentVolume): boolean {
  return (
    pv.metadata?.annotations?.[ANN_PROVISIONED_BY] === LOCAL_PATH_PROVISIONER &&
    pv.status?.phase === 'Released' &&
    (pv.spec?.persistentVolumeReclaimPolicy ?? 'Delete') === 'Delete' &&
    !pv.metadata?.deletionTimestamp
  );
}
