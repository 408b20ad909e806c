// A Deployment's status and conditions (pure): replica counts summed over its ReplicaSets,
// Available (MinimumReplicasAvailable / MinimumReplicasUnavailable), Progressing with
// upstream's reasons (NewReplicaSetCreated, FoundNewReplicaSet, ReplicaSetUpdated,
// NewReplicaSetAvailable, ProgressDeadlineExceeded, DeploymentPaused, DeploymentResumed,
// ReplicaSetCreateError) and ReplicaFailure copied from a failing ReplicaSet.
import type { DeploymentCondition, DeploymentStatus } from 'kubernetes-types/apps/v1.js';
import { metaTime } from '../workload-common/conditions.ts';
import { timeMs } from '../workload-common/pod-state.ts';
import type { Deployment, ReplicaSet } from '../workload-common/types.ts';
import {
  maxUnavailable,
  specReplicas,
  sumAvailableReplicas,
  sumReadyReplicas,
  sumSpecReplicas,
  sumStatusReplicas,
} from './replica-math.ts';

export const REASON = {
  replicaSetUpdated: 'ReplicaSetUpdated',
  failedRSCreate: 'ReplicaSetCreateError',
  newReplicaSet: 'NewReplicaSetCreated',
  foundNewRS: 'FoundNewReplicaSet',
  newRSAvailable: 'NewReplicaSetAvailable',
  timedOut: 'ProgressDeadlineExceeded',
  paused: 'DeploymentPaused',
  resumed: 'DeploymentResumed',
  minimumReplicasAvailable: 'MinimumReplicasAvailable',
  minimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

const MAX_INT32 = 2147483647;

export function newCondition(
  type: string,
  status: string,
  reason: string,
  message: string,
  now: number,
): DeploymentCondition {
  const t = metaTime(now);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

export function getDeploymentCondition(
  status: DeploymentStatus | undefined,
  type: string,
): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * `SetDeploymentCondition` (mutates `status`): no change when status and reason are the same;
 * the transition time survives when only the reason changes.
 */
export function setDeploymentCondition(status: DeploymentStatus, condition: DeploymentCondition): void {
  const current = getDeploymentCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  const next = { ...condition };
  if (current && current.status === condition.status) next.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next];
}

export function removeDeploymentCondition(status: DeploymentStatus, type: string): void {
  status.conditions = (status.conditions ?? []).filter((c) => c.type !== type);
  if (status.conditions.length === 0) delete status.conditions;
}

export function hasProgressDeadline(d: Deployment): boolean {
  const s = d.spec?.progressDeadlineSeconds;
  return s !== undefined && s !== null && s !== MAX_INT32;
}

/** `calculateStatus`: counts over every ReplicaSet, the Available condition, the rest kept. */
export function calculateStatus(
  allRSs: readonly (ReplicaSet | undefined)[],
  newRS: ReplicaSet | undefined,
  d: Deployment,
  now: number,
): DeploymentStatus {
  const available = sumAvailableReplicas(allRSs);
  const total = sumSpecReplicas(allRSs);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata?.generation ?? 0,
    replicas: sumStatusReplicas(allRSs),
    updatedReplicas: sumStatusReplicas([newRS]),
    readyReplicas: sumReadyReplicas(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
  };
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (d.status?.conditions?.length) status.conditions = d.status.conditions.map((c) => ({ ...c }));
  if (available >= specReplicas(d) - maxUnavailable(d)) {
    setDeploymentCondition(
      status,
      newCondition(
        'Available',
        'True',
        REASON.minimumReplicasAvailable,
        'Deployment has minimum availability.',
        now,
      ),
    );
  } else {
    setDeploymentCondition(
      status,
      newCondition(
        'Available',
        'False',
        REASON.minimumReplicasUnavailable,
        'Deployment does not have minimum availability.',
        now,
      ),
    );
  }
  return status;
}

/** `DeploymentComplete`: every replica updated and available, at the current generation. */
export function deploymentComplete(d: Deployment, status: DeploymentStatus): boolean {
  const replicas = specReplicas(d);
  return (
    (status.updatedReplicas ?? 0) === replicas &&
    (status.replicas ?? 0) === replicas &&
    (status.availableReplicas ?? 0) === replicas &&
    (status.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0)
  );
}

/** `DeploymentProgressing`: more updated, fewer old, or more ready/available replicas than before. */
export function deploymentProgressing(d: Deployment, status: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (status.replicas ?? 0) - (status.updatedReplicas ?? 0);
  return (
    (status.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (status.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (status.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** `DeploymentTimedOut`: no progress recorded for progressDeadlineSeconds. */
export function deploymentTimedOut(d: Deployment, status: DeploymentStatus, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getDeploymentCondition(status, 'Progressing');
  if (!c) return false;
  if (c.reason === REASON.newRSAvailable) return false;
  if (c.reason === REASON.timedOut) return true;
  const from = timeMs(c.lastUpdateTime) ?? 0;
  return from + (d.spec?.progressDeadlineSeconds ?? 0) * 1000 < now;
}

/**
 * The status `syncRolloutStatus` writes: counts, Progressing (complete, progressing or timed
 * out) and ReplicaFailure. `replicaFailure` is the first ReplicaFailure condition of the new
 * ReplicaSet, else of any ReplicaSet.
 */
export function rolloutStatus(
  allRSs: readonly (ReplicaSet | undefined)[],
  newRS: ReplicaSet | undefined,
  d: Deployment,
  now: number,
): DeploymentStatus {
  const status = calculateStatus(allRSs, newRS, d, now);
  if (!hasProgressDeadline(d)) removeDeploymentCondition(status, 'Progressing');
  const current = getDeploymentCondition(d.status, 'Progressing');
  const isComplete =
    status.replicas === status.updatedReplicas &&
    current !== undefined &&
    current.reason === REASON.newRSAvailable;
  if (hasProgressDeadline(d) && !isComplete) {
    if (deploymentComplete(d, status)) {
      setDeploymentCondition(
        status,
        newCondition(
          'Progressing',
          'True',
          REASON.newRSAvailable,
          `ReplicaSet "${newRS?.metadata?.name ?? ''}" has successfully progressed.`,
          now,
        ),
      );
    } else if (deploymentProgressing(d, status)) {
      const message = newRS
        ? `ReplicaSet "${newRS.metadata?.name}" is progressing.`
        : `Deployment "${d.metadata?.name}" is progressing.`;
      const condition = newCondition('Progressing', 'True', REASON.replicaSetUpdated, message, now);
      if (current) {
        if (current.status === 'True') condition.lastTransitionTime = current.lastTransitionTime;
        removeDeploymentCondition(status, 'Progressing');
      }
      setDeploymentCondition(status, condition);
    } else if (deploymentTimedOut(d, status, now)) {
      const message = newRS
        ? `ReplicaSet "${newRS.metadata?.name}" has timed out progressing.`
        : `Deployment "${d.metadata?.name}" has timed out progressing.`;
      setDeploymentCondition(status, newCondition('Progressing', 'False', REASON.timedOut, message, now));
    }
  }
  const failure = replicaFailure(allRSs, newRS);
  if (failure) setDeploymentCondition(status, failure);
  else removeDeploymentCondition(status, 'ReplicaFailure');
  return status;
}

/** `getReplicaFailures`: a ReplicaSet's ReplicaFailure as a Deployment condition. */
function replicaFailure(
  allRSs: readonly (ReplicaSet | undefined)[],
  newRS: ReplicaSet | undefined,
): DeploymentCondition | undefined {
  const toDeployment = (rs: ReplicaSet | undefined) => {
    const c = rs?.status?.conditions?.find((c) => c.type === 'ReplicaFailure');
    if (!c) return undefined;
    const out: DeploymentCondition = { type: 'ReplicaFailure', status: c.status };
    if (c.lastTransitionTime) {
      out.lastUpdateTime = c.lastTransitionTime;
      out.lastTransitionTime = c.lastTransitionTime;
    }
    if (c.reason) out.reason = c.reason;
    if (c.message) out.message = c.message;
    return out;
  };
  return toDeployment(newRS) ?? allRSs.map(toDeployment).find((c) => c !== undefined);
}

/**
 * `requeueStuckDeployment`: when to check again for the progress deadline of a deployment that
 * is progressing (ms; undefined when there is nothing to wait for).
 */
export function stuckRequeueAfter(d: Deployment, status: DeploymentStatus, now: number): number | undefined {
  const c = getDeploymentCondition(status, 'Progressing');
  if (!c || !hasProgressDeadline(d)) return undefined;
  if (deploymentComplete(d, status)) return undefined;
  if (c.reason === REASON.timedOut) return undefined;
  const after = (timeMs(c.lastUpdateTime) ?? now) + (d.spec?.progressDeadlineSeconds ?? 0) * 1000 - now;
  return after < 1000 ? 0 : after;
}

/**
 * `checkPausedConditions`: Progressing becomes Unknown/DeploymentPaused while paused and
 * Unknown/DeploymentResumed on resume. Returns the new status, or undefined when unchanged.
 */
export function pausedConditionStatus(d: Deployment, now: number): DeploymentStatus | undefined {
  if (!hasProgressDeadline(d)) return undefined;
  const c = getDeploymentCondition(d.status, 'Progressing');
  if (c?.reason === REASON.timedOut) return undefined;
  const paused = d.spec?.paused === true;
  const pausedReason = c?.reason === REASON.paused;
  let condition: DeploymentCondition | undefined;
  if (paused && !pausedReason)
    condition = newCondition('Progressing', 'Unknown', REASON.paused, 'Deployment is paused', now);
  else if (!paused && pausedReason)
    condition = newCondition('Progressing', 'Unknown', REASON.resumed, 'Deployment is resumed', now);
  if (!condition) return undefined;
  const status = structuredClone(d.status ?? {});
  setDeploymentCondition(status, condition);
  return status;
}
