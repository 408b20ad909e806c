// One step of a rolling update (pure): grow the new ReplicaSet within maxSurge, or shrink old
// ones within maxUnavailable — unhealthy old replicas first, then the oldest ReplicaSets.
// Each function returns the target sizes; the controller writes them and syncs again.
import type { Deployment, ReplicaSet } from '../workload-common/types.ts';
import {
  byCreationTimestamp,
  maxUnavailable,
  newRSNewReplicas,
  specReplicas,
  sumAvailableReplicas,
  sumSpecReplicas,
} from './replica-math.ts';

export interface ScaleStep {
  rs: ReplicaSet;
  replicas: number;
}

/** `reconcileNewReplicaSet`: the new ReplicaSet's next size, or undefined when it is right. */
export function reconcileNewReplicaSet(
  d: Deployment,
  allRSs: readonly (ReplicaSet | undefined)[],
  newRS: ReplicaSet,
): number | undefined {
  const replicas = specReplicas(d);
  if (specReplicas(newRS) === replicas) return undefined;
  if (specReplicas(newRS) > replicas) return replicas;
  const next = newRSNewReplicas(d, allRSs, newRS);
  return next === specReplicas(newRS) ? undefined : next;
}

/**
 * `cleanupUnhealthyReplicas`: scale old ReplicaSets down by their unavailable replicas (oldest
 * ReplicaSets first), at most `maxCleanup` in total.
 */
export function cleanupUnhealthyReplicas(oldRSs: readonly ReplicaSet[], maxCleanup: number): ScaleStep[] {
  const steps: ScaleStep[] = [];
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreationTimestamp)) {
    if (total >= maxCleanup) break;
    const replicas = specReplicas(rs);
    const available = rs.status?.availableReplicas ?? 0;
    if (replicas === 0 || replicas === available) continue;
    const down = Math.min(maxCleanup - total, replicas - available);
    steps.push({ rs, replicas: replicas - down });
    total += down;
  }
  return steps;
}

/**
 * `scaleDownOldReplicaSetsForRollingUpdate`: scale old ReplicaSets (oldest first) down by as
 * many available replicas as may go while keeping `replicas - maxUnavailable` available.
 */
export function scaleDownOldReplicaSets(
  d: Deployment,
  allRSs: readonly (ReplicaSet | undefined)[],
  oldRSs: readonly ReplicaSet[],
): ScaleStep[] {
  const minAvailable = specReplicas(d) - maxUnavailable(d);
  const available = sumAvailableReplicas(allRSs);
  if (available <= minAvailable) return [];
  const totalDown = available - minAvailable;
  const steps: ScaleStep[] = [];
  let done = 0;
  for (const rs of [...oldRSs].sort(byCreationTimestamp)) {
    if (done >= totalDown) break;
    const replicas = specReplicas(rs);
    if (replicas === 0) continue;
    const down = Math.min(replicas, totalDown - done);
    steps.push({ rs, replicas: replicas - down });
    done += down;
  }
  return steps;
}

/**
 * `reconcileOldReplicaSets`: how many old replicas may go now, unhealthy ones first. Returns
 * the cleanup steps and then the scale-down steps (computed on the cleaned-up sizes).
 */
export function reconcileOldReplicaSets(
  d: Deployment,
  allRSs: readonly (ReplicaSet | undefined)[],
  oldRSs: readonly ReplicaSet[],
  newRS: ReplicaSet | undefined,
): ScaleStep[] {
  const oldPods = sumSpecReplicas(oldRSs);
  if (oldPods === 0) return [];
  const allPods = sumSpecReplicas(allRSs);
  const minAvailable = specReplicas(d) - maxUnavailable(d);
  const newUnavailable = newRS ? specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0) : 0;
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return [];
  const cleanup = cleanupUnhealthyReplicas(oldRSs, maxScaledDown);
  const cleaned = oldRSs.map((rs) => {
    const step = cleanup.find((s) => s.rs === rs);
    return step ? { ...rs, spec: { ...rs.spec!, replicas: step.replicas } } : rs;
  });
  const down = scaleDownOldReplicaSets(d, [...cleaned, newRS], cleaned).map((s) => ({
    rs: oldRSs[cleaned.indexOf(s.rs)]!,
    replicas: s.replicas,
  }));
  // One step per ReplicaSet: a scale-down after a cleanup supersedes it.
  const steps = new Map<ReplicaSet, number>();
  for (const s of [...cleanup, ...down]) steps.set(s.rs, s.replicas);
  return [...steps].map(([rs, replicas]) => ({ rs, replicas }));
}
