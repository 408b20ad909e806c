// The PVC retention policy (pure): which owner references a StatefulSet's claims carry so the
// garbage collector deletes them as the policy says — a reference to the set for
// `whenDeleted: Delete`, a reference to the pod for `whenScaled: Delete` once the pod's
// ordinal is scaled away. `Retain` means no reference.
import type { OwnerReference, PersistentVolumeClaim, Pod, StatefulSet } from '../workload-common/types.ts';
import { podInOrdinalRange } from './identity.ts';

interface Named {
  metadata?: { name?: string; uid?: string };
}

function policy(set: StatefulSet): { whenDeleted: string; whenScaled: string } {
  const p = set.spec?.persistentVolumeClaimRetentionPolicy;
  return { whenDeleted: p?.whenDeleted ?? 'Retain', whenScaled: p?.whenScaled ?? 'Retain' };
}

export function hasOwnerRef(claim: PersistentVolumeClaim, owner: Named): boolean {
  return (claim.metadata?.ownerReferences ?? []).some((r) => r.uid === owner.metadata?.uid);
}

/** A reference by the owner's name and kind but another uid (a former incarnation). */
export function hasStaleOwnerRef(claim: PersistentVolumeClaim, owner: Named, kind: string): boolean {
  return (claim.metadata?.ownerReferences ?? []).some(
    (r) => r.name === owner.metadata?.name && r.kind === kind && r.uid !== (owner.metadata?.uid ?? ''),
  );
}

/** `isClaimOwnerUpToDate`: the claim's references are what the policy asks for. */
export function isClaimOwnerUpToDate(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean {
  if (hasStaleOwnerRef(claim, set, 'StatefulSet') || hasStaleOwnerRef(claim, pod, 'Pod')) return false;
  const { whenDeleted, whenScaled } = policy(set);
  const setRef = hasOwnerRef(claim, set);
  const podRef = hasOwnerRef(claim, pod);
  const scaledDown = !podInOrdinalRange(pod, set);
  if (whenScaled === 'Retain' && whenDeleted === 'Retain') return !setRef && !podRef;
  if (whenScaled === 'Retain' && whenDeleted === 'Delete') return setRef && !podRef;
  if (whenScaled === 'Delete' && whenDeleted === 'Retain') return !setRef && scaledDown === podRef;
  if (whenScaled === 'Delete' && whenDeleted === 'Delete')
    return scaledDown !== setRef && scaledDown === podRef;
  return false;
}

/** A claim controlled by something other than the set or the pod: the policy leaves it alone. */
export function hasUnexpectedController(claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean {
  return (claim.metadata?.ownerReferences ?? []).some(
    (r) => r.controller === true && r.uid !== set.metadata?.uid && r.uid !== pod.metadata?.uid,
  );
}

/**
 * `updateClaimOwnerRefForSetAndPod`: the claim's owner references per the policy (stale ones
 * dropped). Returns the new list, or undefined when nothing changes.
 */
export function claimOwnerRefsFor(
  claim: PersistentVolumeClaim,
  set: StatefulSet,
  pod: Pod,
): OwnerReference[] | undefined {
  const { whenDeleted, whenScaled } = policy(set);
  const scaledDown = !podInOrdinalRange(pod, set);
  const wantSet = whenDeleted === 'Delete' && !(whenScaled === 'Delete' && scaledDown);
  const wantPod = whenScaled === 'Delete' && scaledDown;
  const setUid = set.metadata?.uid ?? '';
  const podUid = pod.metadata?.uid ?? '';
  const stale = (r: OwnerReference) =>
    (r.kind === 'StatefulSet' && r.name === set.metadata?.name && r.uid !== setUid) ||
    (r.kind === 'Pod' && r.name === pod.metadata?.name && r.uid !== podUid);
  const current = claim.metadata?.ownerReferences ?? [];
  let refs = current.filter((r) => !stale(r));
  const has = (uid: string) => refs.some((r) => r.uid === uid);
  if (wantSet && !has(setUid))
    refs = [
      ...refs,
      { apiVersion: 'apps/v1', kind: 'StatefulSet', name: set.metadata?.name ?? '', uid: setUid },
    ];
  if (!wantSet) refs = refs.filter((r) => r.uid !== setUid);
  if (wantPod && !has(podUid) && podUid)
    refs = [...refs, { apiVersion: 'v1', kind: 'Pod', name: pod.metadata?.name ?? '', uid: podUid }];
  if (!wantPod) refs = refs.filter((r) => r.uid !== podUid || !podUid);
  const same = refs.length === current.length && refs.every((r, i) => r.uid === current[i]!.uid);
  return same ? undefined : refs;
}

/** `PodClaimIsStale`: with whenScaled Delete, a claim still owned by an earlier pod of this name (wait for it to go). */
export function podClaimIsStale(
  set: StatefulSet,
  pod: Pod,
  claims: readonly (PersistentVolumeClaim | undefined)[],
): boolean {
  if (policy(set).whenScaled === 'Retain') return false;
  return claims.some((c) => c !== undefined && hasStaleOwnerRef(c, pod, 'Pod'));
}
