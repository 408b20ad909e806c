// A PodDisruptionBudget's status from its pods (upstream's disruption controller, pure part):
// how many pods are expected (the pods themselves for an absolute minAvailable, their
// controllers' scale otherwise), how many must stay healthy, how many are healthy (ready, not
// being deleted, not recently evicted), and so how many disruptions are allowed now.
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from 'kubernetes-types/policy/v1.d.ts';
import { scaledValueFromIntOrPercent } from '../../machinery/intstr.ts';
import { isPodReady, isPodTerminating } from '../internal/pods.ts';
import { millisOf } from '../internal/time.ts';

/** How long an eviction's entry in disruptedPods waits for the pod's deletion (upstream: 2 min). */
export const DELETION_TIMEOUT_MS = 2 * 60 * 1000;

/** The scale a pod's controller asks for, or why it cannot be known. */
export type ControllerScale =
  | { uid: string; scale: number }
  | { error: string; reason: 'NoControllerRef' | 'NoControllers' };

export type Expectation =
  | { expectedCount: number; desiredHealthy: number }
  | { error: string; reason: string };

/** Expected pods and the healthy minimum (upstream's getExpectedPodCount). */
export function expectedPodCount(
  pdb: PodDisruptionBudget,
  pods: readonly Pod[],
  scaleOf: (pod: Pod) => ControllerScale,
): Expectation {
  const spec = pdb.spec ?? {};
  const expectedScale = (): { total: number } | { error: string; reason: string } => {
    const seen = new Map<string, number>();
    for (const pod of pods) {
      const s = scaleOf(pod);
      if ('error' in s) return s;
      seen.set(s.uid, s.scale);
    }
    let total = 0;
    for (const v of seen.values()) total += v;
    return { total };
  };
  try {
    if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
      const scale = expectedScale();
      if ('error' in scale) return scale;
      const maxUnavailable = scaledValueFromIntOrPercent(spec.maxUnavailable, scale.total, true);
      return { expectedCount: scale.total, desiredHealthy: Math.max(0, scale.total - maxUnavailable) };
    }
    if (spec.minAvailable !== undefined && spec.minAvailable !== null) {
      if (typeof spec.minAvailable === 'number')
        return { expectedCount: pods.length, desiredHealthy: spec.minAvailable };
      const scale = expectedScale();
      if ('error' in scale) return scale;
      return {
        expectedCount: scale.total,
        desiredHealthy: scaledValueFromIntOrPercent(spec.minAvailable, scale.total, true),
      };
    }
  } catch (e) {
    return {
      error: `Failed to calculate the number of expected pods: ${e instanceof Error ? e.message : String(e)}`,
      reason: 'CalculateExpectedPodCountFailed',
    };
  }
  return { expectedCount: 0, desiredHealthy: 0 };
}

/**
 * The disruptedPods entries still pending (pod not yet being deleted, entry younger than the
 * timeout), and when the oldest of them expires (to look again then).
 */
export function pendingDisruptions(
  pdb: PodDisruptionBudget,
  pods: readonly Pod[],
  nowMs: number,
): { disrupted: Record<string, string>; recheckAtMs?: number } {
  const byName = new Map(pods.map((p) => [p.metadata?.name ?? '', p]));
  const disrupted: Record<string, string> = {};
  let recheckAtMs: number | undefined;
  for (const [name, at] of Object.entries(pdb.status?.disruptedPods ?? {})) {
    const pod = byName.get(name);
    if (!pod || isPodTerminating(pod)) continue;
    const expires = (millisOf(at) ?? 0) + DELETION_TIMEOUT_MS;
    if (expires < nowMs) continue;
    disrupted[name] = at;
    recheckAtMs = recheckAtMs === undefined ? expires : Math.min(recheckAtMs, expires);
  }
  return recheckAtMs === undefined ? { disrupted } : { disrupted, recheckAtMs };
}

/** Healthy pods: ready, not being deleted, not awaiting deletion after an eviction. */
export function countHealthy(pods: readonly Pod[], disrupted: Record<string, string>): number {
  return pods.filter(
    (p) => !isPodTerminating(p) && disrupted[p.metadata?.name ?? ''] === undefined && isPodReady(p),
  ).length;
}

function withCondition(
  status: PodDisruptionBudgetStatus,
  allowed: boolean,
  reason: string,
  message: string,
  generation: number,
  now: string,
): PodDisruptionBudgetStatus {
  const conditions = (status.conditions ?? []).filter((c) => c.type !== 'DisruptionAllowed');
  const old = (status.conditions ?? []).find((c) => c.type === 'DisruptionAllowed');
  const wanted = allowed ? 'True' : 'False';
  const keepTime = old && old.status === wanted;
  conditions.push({
    type: 'DisruptionAllowed',
    status: wanted,
    reason,
    message,
    observedGeneration: generation,
    lastTransitionTime: keepTime ? old.lastTransitionTime : now,
  });
  return { ...status, conditions };
}

/** The status to write (upstream's updatePdbStatus). */
export function budgetStatus(
  pdb: PodDisruptionBudget,
  currentHealthy: number,
  desiredHealthy: number,
  expectedCount: number,
  disruptedPods: Record<string, string>,
  now: string,
): PodDisruptionBudgetStatus {
  let disruptionsAllowed = currentHealthy - desiredHealthy;
  if (expectedCount <= 0 || disruptionsAllowed <= 0) disruptionsAllowed = 0;
  const generation = pdb.metadata?.generation ?? 0;
  const base: PodDisruptionBudgetStatus = {
    ...pdb.status,
    currentHealthy,
    desiredHealthy,
    expectedPods: expectedCount,
    disruptionsAllowed,
    observedGeneration: generation,
    disruptedPods,
  };
  return disruptionsAllowed > 0
    ? withCondition(base, true, 'SufficientPods', '', generation, now)
    : withCondition(base, false, 'InsufficientPods', '', generation, now);
}

/** The status when the budget cannot be computed: no disruptions allowed (upstream's failSafe). */
export function failSafeStatus(
  pdb: PodDisruptionBudget,
  message: string,
  now: string,
): PodDisruptionBudgetStatus {
  const generation = pdb.status?.observedGeneration ?? 0;
  return withCondition(
    { currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, ...pdb.status, disruptionsAllowed: 0 },
    false,
    'SyncFailed',
    message,
    generation,
    now,
  );
}
