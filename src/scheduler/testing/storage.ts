// Claims, volumes and classes for the VolumeBinding tests, and a lookup over them.
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.d.ts';
import type { StorageClass } from 'kubernetes-types/storage/v1.d.ts';
import type { StorageLookup } from '../plugins/volume-binding/pod-claims.ts';

export interface ClaimOptions {
  class?: string;
  size?: string;
  volumeName?: string;
  bound?: boolean;
  selectedNode?: string;
  deleting?: boolean;
  lost?: boolean;
  ownerUid?: string;
  accessModes?: string[];
  /** resourceVersion (default 10). */
  rv?: string;
  annotations?: Record<string, string>;
}

export function claim(name: string, o: ClaimOptions = {}): PersistentVolumeClaim {
  const annotations: Record<string, string> = { ...o.annotations };
  if (o.bound) annotations['pv.kubernetes.io/bind-completed'] = 'yes';
  if (o.selectedNode) annotations['volume.kubernetes.io/selected-node'] = o.selectedNode;
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      resourceVersion: o.rv ?? '10',
      annotations,
      ...(o.deleting ? { deletionTimestamp: '2025-01-01T00:00:00Z' } : {}),
      ...(o.ownerUid
        ? {
            ownerReferences: [
              { apiVersion: 'v1', kind: 'Pod', name: 'p', uid: o.ownerUid, controller: true },
            ],
          }
        : {}),
    },
    spec: {
      accessModes: o.accessModes ?? ['ReadWriteOnce'],
      resources: { requests: { storage: o.size ?? '1Gi' } },
      ...(o.class !== undefined ? { storageClassName: o.class } : {}),
      ...(o.volumeName ? { volumeName: o.volumeName } : {}),
    },
    status: { phase: o.lost ? 'Lost' : o.bound ? 'Bound' : 'Pending' },
  };
}

export interface VolumeOptions {
  class?: string;
  size?: string;
  hosts?: string[];
  zone?: string;
  claimRef?: string;
  phase?: string;
  labels?: Record<string, string>;
}

export function volume(name: string, o: VolumeOptions = {}): PersistentVolume {
  const expressions = [
    ...(o.hosts ? [{ key: 'kubernetes.io/hostname', operator: 'In', values: o.hosts }] : []),
    ...(o.zone ? [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: [o.zone] }] : []),
  ];
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, resourceVersion: '5', ...(o.labels ? { labels: o.labels } : {}) },
    spec: {
      capacity: { storage: o.size ?? '1Gi' },
      accessModes: ['ReadWriteOnce'],
      storageClassName: o.class ?? 'manual',
      hostPath: { path: `/data/${name}` },
      ...(expressions.length
        ? { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: expressions }] } } }
        : {}),
      ...(o.claimRef
        ? {
            claimRef: {
              namespace: 'default',
              name: o.claimRef,
              uid: `uid-${o.claimRef}`,
              kind: 'PersistentVolumeClaim',
            },
          }
        : {}),
    },
    status: { phase: o.phase ?? (o.claimRef ? 'Bound' : 'Available') },
  };
}

export function storageClass(
  name: string,
  mode: 'Immediate' | 'WaitForFirstConsumer',
  provisioner = 'rancher.io/local-path',
  zones?: string[],
): StorageClass {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name },
    provisioner,
    volumeBindingMode: mode,
    ...(zones
      ? {
          allowedTopologies: [
            { matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values: zones }] },
          ],
        }
      : {}),
  };
}

export const CLASSES = [
  storageClass('local-path', 'WaitForFirstConsumer'),
  storageClass('manual', 'WaitForFirstConsumer', 'kubernetes.io/no-provisioner'),
  storageClass('fast', 'Immediate', 'example.com/fast'),
  storageClass('zonal', 'WaitForFirstConsumer', 'example.com/zonal', ['a']),
];

export function lookupOf(
  claims: PersistentVolumeClaim[],
  volumes: PersistentVolume[] = [],
  classes: StorageClass[] = CLASSES,
): StorageLookup {
  return {
    claim: (ns, name) => claims.find((c) => c.metadata?.namespace === ns && c.metadata?.name === name),
    volume: (name) => volumes.find((v) => v.metadata?.name === name),
    volumes: () => volumes,
    storageClass: (name) => classes.find((c) => c.metadata?.name === name),
  };
}
