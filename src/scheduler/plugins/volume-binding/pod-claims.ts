// The claims a pod uses and where each one stands (upstream's podHasPVCs and GetPodVolumeClaims):
// claims named by persistentVolumeClaim volumes and the `<pod>-<volume>` claims of generic
// ephemeral volumes, sorted into bound ones, unbound ones whose class waits for the first
// consumer (the scheduler picks their node), and unbound ones that should have been bound already.
import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.d.ts';
import type { StorageClass } from 'kubernetes-types/storage/v1.d.ts';

export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
const ANN_BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';

/** Read access to the storage objects (informer caches, with the plugin's assumptions laid over). */
export interface StorageLookup {
  claim(namespace: string, name: string): PersistentVolumeClaim | undefined;
  volume(name: string): PersistentVolume | undefined;
  volumes(): readonly PersistentVolume[];
  storageClass(name: string): StorageClass | undefined;
}

export interface PodClaimName {
  name: string;
  /** A generic ephemeral volume's claim: created by the ephemeral volume controller, owned by the pod. */
  ephemeral: boolean;
}

/** The claims the pod's volumes name, in volume order. */
export function podClaimNames(pod: Pod): PodClaimName[] {
  const out: PodClaimName[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (v.persistentVolumeClaim) out.push({ name: v.persistentVolumeClaim.claimName, ephemeral: false });
    else if (v.ephemeral) out.push({ name: `${pod.metadata?.name ?? ''}-${v.name}`, ephemeral: true });
  }
  return out;
}

/** The claim's class: spec.storageClassName, else the beta annotation, else '' (upstream's GetPersistentVolumeClaimClass). */
export function claimClassName(claim: PersistentVolumeClaim): string {
  return claim.metadata?.annotations?.[ANN_BETA_STORAGE_CLASS] ?? claim.spec?.storageClassName ?? '';
}

export function volumeClassName(pv: PersistentVolume): string {
  return pv.metadata?.annotations?.[ANN_BETA_STORAGE_CLASS] ?? pv.spec?.storageClassName ?? '';
}

/** Bound to a volume and the binding finished by the PV controller. */
export function isFullyBound(claim: PersistentVolumeClaim): boolean {
  return !!claim.spec?.volumeName && claim.metadata?.annotations?.[ANN_BIND_COMPLETED] !== undefined;
}

/** Whether the claim's class waits for the first consumer (a missing class counts as Immediate). */
export function delaysBinding(claim: PersistentVolumeClaim, lookup: StorageLookup): boolean {
  const name = claimClassName(claim);
  if (!name) return false;
  return lookup.storageClass(name)?.volumeBindingMode === 'WaitForFirstConsumer';
}

export interface PodVolumeClaims {
  bound: PersistentVolumeClaim[];
  /** Unbound, of a WaitForFirstConsumer class: bound or provisioned once the pod's node is chosen. */
  unboundDelayBinding: PersistentVolumeClaim[];
  /** Unbound otherwise (Immediate class, or pre-bound by volumeName): the PV controller's to bind first. */
  unboundImmediate: PersistentVolumeClaim[];
}

function ownedBy(claim: PersistentVolumeClaim, pod: Pod): boolean {
  return (claim.metadata?.ownerReferences ?? []).some((r) => r.controller && r.uid === pod.metadata?.uid);
}

/**
 * The pod's claims, or why the pod cannot be scheduled now (the message upstream gives for a
 * missing, lost, terminating or foreign claim); `undefined` when the pod uses no claim at all.
 */
export function podVolumeClaims(
  pod: Pod,
  lookup: StorageLookup,
): { claims: PodVolumeClaims } | { error: string } | undefined {
  const names = podClaimNames(pod);
  if (names.length === 0) return undefined;
  const ns = pod.metadata?.namespace ?? '';
  const claims: PersistentVolumeClaim[] = [];
  for (const { name, ephemeral } of names) {
    const claim = lookup.claim(ns, name);
    if (!claim) {
      return {
        error: ephemeral
          ? `waiting for ephemeral volume controller to create the persistentvolumeclaim "${name}"`
          : `persistentvolumeclaim "${name}" not found`,
      };
    }
    if (claim.status?.phase === 'Lost')
      return {
        error: `persistentvolumeclaim "${name}" bound to non-existent persistentvolume "${claim.spec?.volumeName ?? ''}"`,
      };
    if (claim.metadata?.deletionTimestamp)
      return { error: `persistentvolumeclaim "${name}" is being deleted` };
    if (ephemeral && !ownedBy(claim, pod))
      return {
        error: `PVC ${ns}/${name} was not created for pod ${ns}/${pod.metadata?.name ?? ''} (pod is not owner)`,
      };
    claims.push(claim);
  }
  const out: PodVolumeClaims = { bound: [], unboundDelayBinding: [], unboundImmediate: [] };
  for (const claim of claims) {
    if (isFullyBound(claim)) out.bound.push(claim);
    else if (delaysBinding(claim, lookup) && !claim.spec?.volumeName) out.unboundDelayBinding.push(claim);
    else out.unboundImmediate.push(claim);
  }
  return { claims: out };
}
