// What a ReplicaSet should do about its pods (pure): create the missing ones or delete the
// least valuable extra ones, at most a burst per sync; and the status it reports.
import { selectorFromSet } from '../../machinery/labels.ts';
import {
  type BasicCondition,
  getCondition,
  metaTime,
  removeCondition,
  setCondition,
} from '../workload-common/conditions.ts';
import { podsToDelete, type RelatedPods } from '../workload-common/pod-ranking.ts';
import { isPodAvailable, isPodReady } from '../workload-common/pod-state.ts';
import type { Pod, PodTemplateSpec } from '../workload-common/types.ts';

/** Pods created or deleted per sync at most (upstream's BurstReplicas). */
export const BURST_REPLICAS = 500;

export type ReplicaAction = { create: number } | { delete: Pod[] } | { none: true };

/**
 * `manageReplicas`' decision: `active` are the owner's active pods, `related` the pods of the
 * whole owner family (for node ranks), gathered only when pods are to be deleted (a function:
 * with a large Deployment they are tens of thousands, and most syncs delete nothing). `active`
 * may be a count with a function listing them, for the same reason.
 */
export function replicaAction(
  replicas: number,
  active: readonly Pod[] | { count: number; list: () => readonly Pod[] },
  related: RelatedPods | (() => RelatedPods),
  now: number,
  burst = BURST_REPLICAS,
): ReplicaAction {
  const count = 'count' in active ? active.count : active.length;
  const diff = count - replicas;
  if (diff < 0) return { create: Math.min(-diff, burst) };
  if (diff > 0) {
    const pods = 'count' in active ? active.list() : active;
    const family = typeof related === 'function' ? related() : related;
    return { delete: podsToDelete(pods, family, Math.min(diff, burst), now) };
  }
  return { none: true };
}

export interface ReplicaStatus {
  replicas: number;
  fullyLabeledReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  observedGeneration?: number;
  conditions?: BasicCondition[];
}

/** What the status counts among the owner's active pods. */
export interface ReplicaCounts {
  replicas: number;
  fullyLabeled: number;
  ready: number;
  available: number;
}

/** Counts the owner's active pods: fully labeled as the template, ready, available after minReadySeconds. */
export function countReplicas(
  active: readonly Pod[],
  template: PodTemplateSpec | undefined,
  minReadySeconds: number,
  now: number,
): ReplicaCounts {
  const templateLabels = selectorFromSet(template?.metadata?.labels ?? {});
  const counts: ReplicaCounts = { replicas: active.length, fullyLabeled: 0, ready: 0, available: 0 };
  for (const pod of active) {
    if (templateLabels.matches(pod.metadata?.labels)) counts.fullyLabeled++;
    if (isPodReady(pod)) {
      counts.ready++;
      if (isPodAvailable(pod, minReadySeconds, now)) counts.available++;
    }
  }
  return counts;
}

/**
 * `calculateStatus`: counts of the owner's active pods (all of them, fully labeled as the
 * template, ready, available after minReadySeconds), and the ReplicaFailure condition set
 * while creating or deleting fails ("FailedCreate"/"FailedDelete") and removed once it works.
 */
export function calculateReplicaStatus(
  current: ReplicaStatus | undefined,
  spec: { replicas: number; minReadySeconds: number; template: PodTemplateSpec | undefined },
  active: readonly Pod[],
  manageError: string | undefined,
  now: number,
): ReplicaStatus {
  const counts = countReplicas(active, spec.template, spec.minReadySeconds, now);
  return replicaStatusFromCounts(current, spec.replicas, counts, manageError, now);
}

/** `calculateStatus` from counts already made (see countReplicas). */
export function replicaStatusFromCounts(
  current: ReplicaStatus | undefined,
  replicas: number,
  counts: ReplicaCounts,
  manageError: string | undefined,
  now: number,
): ReplicaStatus {
  let conditions = current?.conditions ? [...current.conditions] : undefined;
  const failure = getCondition(conditions, 'ReplicaFailure');
  if (manageError !== undefined && !failure) {
    const diff = counts.replicas - replicas;
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    conditions = setCondition(conditions, {
      type: 'ReplicaFailure',
      status: 'True',
      lastTransitionTime: metaTime(now),
      reason,
      message: manageError,
    });
  } else if (manageError === undefined && failure) {
    conditions = removeCondition(conditions, 'ReplicaFailure');
  }
  const status: ReplicaStatus = {
    ...current,
    replicas: counts.replicas,
    fullyLabeledReplicas: counts.fullyLabeled,
    readyReplicas: counts.ready,
    availableReplicas: counts.available,
  };
  if (conditions?.length) status.conditions = conditions;
  else delete status.conditions;
  return status;
}

/** Whether the stored status already says all this (then no write is needed). */
export function replicaStatusUnchanged(
  stored: ReplicaStatus | undefined,
  next: ReplicaStatus,
  generation: number | undefined,
): boolean {
  return (
    (stored?.replicas ?? 0) === next.replicas &&
    (stored?.fullyLabeledReplicas ?? 0) === next.fullyLabeledReplicas &&
    (stored?.readyReplicas ?? 0) === next.readyReplicas &&
    (stored?.availableReplicas ?? 0) === next.availableReplicas &&
    (stored?.observedGeneration ?? 0) === (generation ?? 0) &&
    JSON.stringify(stored?.conditions ?? []) === JSON.stringify(next.conditions ?? [])
  );
}
