// When a protected claim or volume may really go (upstream's pvc-protection and pv-protection
// controllers, pure part): a claim once no scheduled, unfinished pod mounts it; a volume once it
// is no longer bound.
import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.d.ts';
import { isPodTerminal } from '../internal/pods.ts';

export const PVC_PROTECTION = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION = 'kubernetes.io/pv-protection';

/** Whether the pod mounts the claim (directly, or as its generic ephemeral volume `<pod>-<volume>`). */
export function podUsesClaim(pod: Pod, claim: PersistentVolumeClaim): boolean {
  if (!pod.spec?.nodeName || isPodTerminal(pod)) return false;
  const name = claim.metadata?.name;
  return (pod.spec.volumes ?? []).some(
    (v) =>
      v.persistentVolumeClaim?.claimName === name ||
      (v.ephemeral !== undefined && `${pod.metadata?.name}-${v.name}` === name),
  );
}

/** Whether a terminating claim's protection finalizer may be removed now. */
export function claimReleasable(claim: PersistentVolumeClaim, podsInNamespace: readonly Pod[]): boolean {
  if (!claim.metadata?.deletionTimestamp || !(claim.metadata.finalizers ?? []).includes(PVC_PROTECTION))
    return false;
  return !podsInNamespace.some((p) => podUsesClaim(p, claim));
}

/** Whether a terminating volume's protection finalizer may be removed now. */
export function volumeReleasable(pv: PersistentVolume): boolean {
  if (!pv.metadata?.deletionTimestamp || !(pv.metadata.finalizers ?? []).includes(PV_PROTECTION))
    return false;
  return pv.status?.phase !== 'Bound';
}

/** Merge patch removing a finalizer (conditional on the object's resourceVersion). */
export function withoutFinalizerPatch(
  meta: { resourceVersion?: string; finalizers?: string[] } | undefined,
  finalizer: string,
) {
  const kept = (meta?.finalizers ?? []).filter((f) => f !== finalizer);
  return { metadata: { resourceVersion: meta?.resourceVersion, finalizers: kept.length ? kept : null } };
}
