// The arithmetic of a Deployment over its ReplicaSets (upstream's deploymentutil): which
// ReplicaSet is new, how far a rolling update may surge or dip, how big the new ReplicaSet may
// grow next, and how a resize is shared out proportionally among ReplicaSets mid-rollout.

import { scaledValueFromIntOrPercent } from '../../machinery/intstr.ts';
import { deepClone } from '../../machinery/json-value.ts';
import { timeMs } from '../workload-common/pod-state.ts';
import { semanticEqual } from '../workload-common/semantic-equal.ts';
import type { Deployment, PodTemplateSpec, ReplicaSet } from '../workload-common/types.ts';
import {
  desiredReplicasAnnotation,
  maxReplicasAnnotation,
  POD_TEMPLATE_HASH_LABEL,
  revisionOf,
} from './revisions.ts';

export function specReplicas(obj: { spec?: { replicas?: number } } | undefined): number {
  return obj?.spec?.replicas ?? 1;
}

export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** `ResolveFenceposts`: surge rounds up, unavailability down; both zero means one may be unavailable. */
export function resolveFenceposts(
  maxSurge: number | string | undefined,
  maxUnavailable: number | string | undefined,
  desired: number,
): { surge: number; unavailable: number } {
  const surge = scaledValueFromIntOrPercent(maxSurge ?? 0, desired, true);
  let unavailable = scaledValueFromIntOrPercent(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec?.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge ?? '25%', ru?.maxUnavailable ?? '25%', specReplicas(d)).surge;
}

export function maxUnavailable(d: Deployment): number {
  const replicas = specReplicas(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const ru = d.spec?.strategy?.rollingUpdate;
  const { unavailable } = resolveFenceposts(ru?.maxSurge ?? '25%', ru?.maxUnavailable ?? '25%', replicas);
  return Math.min(unavailable, replicas);
}

/** Templates equal once the pod-template-hash label is ignored (`EqualIgnoreHash`). */
export function equalIgnoreHash(t1: PodTemplateSpec | undefined, t2: PodTemplateSpec | undefined): boolean {
  const strip = (t: PodTemplateSpec | undefined) => {
    const c = deepClone(t ?? {});
    if (c.metadata?.labels) delete c.metadata.labels[POD_TEMPLATE_HASH_LABEL];
    return c;
  };
  return semanticEqual(strip(t1), strip(t2));
}

/** Oldest first, by creation time then name (`ReplicaSetsByCreationTimestamp`). */
export function byCreationTimestamp(a: ReplicaSet, b: ReplicaSet): number {
  const ta = timeMs(a.metadata?.creationTimestamp) ?? 0;
  const tb = timeMs(b.metadata?.creationTimestamp) ?? 0;
  if (ta !== tb) return ta - tb;
  return (a.metadata?.name ?? '') < (b.metadata?.name ?? '')
    ? -1
    : (a.metadata?.name ?? '') > (b.metadata?.name ?? '')
      ? 1
      : 0;
}

/** Largest first; among equals, older first (`ReplicaSetsBySizeOlder`). */
export function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  if (specReplicas(a) !== specReplicas(b)) return specReplicas(b) - specReplicas(a);
  return byCreationTimestamp(a, b);
}

/** Largest first; among equals, newer first (`ReplicaSetsBySizeNewer`). */
export function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  if (specReplicas(a) !== specReplicas(b)) return specReplicas(b) - specReplicas(a);
  return byCreationTimestamp(b, a);
}

/** Lowest revision first, then oldest (`ReplicaSetsByRevision`). */
export function byRevision(a: ReplicaSet, b: ReplicaSet): number {
  const ra = revisionOf(a) ?? 0;
  const rb = revisionOf(b) ?? 0;
  if (ra !== rb) return ra - rb;
  return byCreationTimestamp(a, b);
}

/** `FindNewReplicaSet`: the oldest ReplicaSet whose template is the Deployment's. */
export function findNewReplicaSet(d: Deployment, rsList: readonly ReplicaSet[]): ReplicaSet | undefined {
  return [...rsList]
    .sort(byCreationTimestamp)
    .find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** `FindOldReplicaSets`: every ReplicaSet but the new one. */
export function findOldReplicaSets(d: Deployment, rsList: readonly ReplicaSet[]): ReplicaSet[] {
  const newRS = findNewReplicaSet(d, rsList);
  return rsList.filter((rs) => rs.metadata?.uid !== newRS?.metadata?.uid);
}

/** ReplicaSets that have (or ought to have) pods. */
export function activeReplicaSets(rss: readonly (ReplicaSet | undefined)[]): ReplicaSet[] {
  return rss.filter((rs): rs is ReplicaSet => rs !== undefined && specReplicas(rs) > 0);
}

export const sumSpecReplicas = (rss: readonly (ReplicaSet | undefined)[]) =>
  rss.reduce((n, rs) => n + (rs ? specReplicas(rs) : 0), 0);
export const sumStatusReplicas = (rss: readonly (ReplicaSet | undefined)[]) =>
  rss.reduce((n, rs) => n + (rs?.status?.replicas ?? 0), 0);
export const sumReadyReplicas = (rss: readonly (ReplicaSet | undefined)[]) =>
  rss.reduce((n, rs) => n + (rs?.status?.readyReplicas ?? 0), 0);
export const sumAvailableReplicas = (rss: readonly (ReplicaSet | undefined)[]) =>
  rss.reduce((n, rs) => n + (rs?.status?.availableReplicas ?? 0), 0);

/** `NewRSNewReplicas`: the size the new ReplicaSet may have now. */
export function newRSNewReplicas(
  d: Deployment,
  allRSs: readonly (ReplicaSet | undefined)[],
  newRS: ReplicaSet,
): number {
  if (!isRollingUpdate(d)) return specReplicas(d);
  const current = sumSpecReplicas(allRSs);
  const maxTotal = specReplicas(d) + maxSurge(d);
  if (current >= maxTotal) return specReplicas(newRS);
  const scaleUp = Math.min(maxTotal - current, specReplicas(d) - specReplicas(newRS));
  return specReplicas(newRS) + scaleUp;
}

/** `IsSaturated`: the new ReplicaSet has every replica, sized for this Deployment, all available. */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = desiredReplicasAnnotation(rs);
  if (desired === undefined) return false;
  const replicas = specReplicas(d);
  return (
    specReplicas(rs) === replicas && desired === replicas && (rs.status?.availableReplicas ?? 0) === replicas
  );
}

/**
 * `FindActiveOrLatest`: the only active ReplicaSet, or the newest one when none is active;
 * undefined when several are active (a rollout is under way).
 */
export function findActiveOrLatest(
  newRS: ReplicaSet | undefined,
  oldRSs: readonly ReplicaSet[],
): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreationTimestamp(b, a));
  const active = activeReplicaSets([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  if (active.length === 1) return active[0];
  return undefined;
}

/** `getReplicaSetFraction`: this ReplicaSet's share of a resize. */
function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  if (specReplicas(d) === 0) return -specReplicas(rs);
  const deploymentReplicas = specReplicas(d) + maxSurge(d);
  const annotated = maxReplicasAnnotation(rs) ?? d.status?.replicas ?? 0;
  // Go: float64 division, rounded half away from zero.
  const size = (specReplicas(rs) * deploymentReplicas) / annotated;
  const rounded = Math.sign(size) * Math.round(Math.abs(size));
  return (Number.isFinite(rounded) ? rounded : 0) - specReplicas(rs);
}

/** `GetProportion`: how many replicas to add to (or remove from) this ReplicaSet. */
export function proportion(rs: ReplicaSet | undefined, d: Deployment, toAdd: number, added: number): number {
  if (!rs || specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/**
 * The proportional resize of a rollout in progress (the RollingUpdate branch of upstream's
 * `scale`): every active ReplicaSet grows or shrinks by its share of the change, the largest
 * takes the rounding leftover. Returns the new size of each, and whether it is up or down.
 */
export function proportionalScale(
  d: Deployment,
  newRS: ReplicaSet | undefined,
  oldRSs: readonly ReplicaSet[],
): { sizes: { rs: ReplicaSet; replicas: number }[]; operation: 'up' | 'down' | '' } {
  const all = activeReplicaSets([...oldRSs, newRS]);
  const current = sumSpecReplicas(all);
  const allowedSize = specReplicas(d) > 0 ? specReplicas(d) + maxSurge(d) : 0;
  const toAdd = allowedSize - current;
  let operation: 'up' | 'down' | '' = '';
  if (toAdd > 0) {
    all.sort(bySizeNewer);
    operation = 'up';
  } else if (toAdd < 0) {
    all.sort(bySizeOlder);
    operation = 'down';
  }
  let added = 0;
  const sizes = all.map((rs) => {
    if (toAdd === 0) return { rs, replicas: specReplicas(rs) };
    const p = proportion(rs, d, toAdd, added);
    added += p;
    return { rs, replicas: specReplicas(rs) + p };
  });
  if (toAdd !== 0 && sizes.length > 0) {
    sizes[0]!.replicas = Math.max(0, sizes[0]!.replicas + toAdd - added);
  }
  return { sizes, operation };
}
