// Whether a pod may stay on a node with NoExecute taints, and for how long (upstream's
// taint eviction decisions): a taint no toleration covers evicts at once; covered taints evict
// after the shortest tolerationSeconds among the tolerations used (never, when none sets one).
import type { Pod, Taint, Toleration } from 'kubernetes-types/core/v1.d.ts';
import { toleratesTaint } from '../../api/core/taints.ts';

/** Whether every taint is tolerated, and the first toleration used for each. */
export function matchingTolerations(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
): { allTolerated: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = tolerations.find((x) => toleratesTaint(x, taint));
    if (!t) return { allTolerated: false, used: [] };
    used.push(t);
  }
  return { allTolerated: true, used };
}

/** Milliseconds the pod may stay given the tolerations used: 0 at once, -1 forever. */
export function minTolerationMs(used: readonly Toleration[]): number {
  if (used.length === 0) return 0;
  let min = Number.POSITIVE_INFINITY;
  for (const t of used) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds * 1000);
  }
  return min === Number.POSITIVE_INFINITY ? -1 : min;
}

export interface ScheduledEviction {
  createdAtMs: number;
  triggerAtMs: number;
}

export type EvictionDecision =
  | { action: 'none' }
  | { action: 'evict' }
  | { action: 'schedule'; eviction: ScheduledEviction };

/**
 * What to do for a pod on a node with these NoExecute taints at `nowMs`, given the eviction
 * already scheduled for it (its clock keeps running; a longer toleration does not extend it).
 */
export function evictionDecision(
  pod: Pod,
  noExecuteTaints: readonly Taint[],
  nowMs: number,
  scheduled: ScheduledEviction | undefined,
): EvictionDecision {
  if (noExecuteTaints.length === 0) return { action: 'none' };
  const { allTolerated, used } = matchingTolerations(noExecuteTaints, pod.spec?.tolerations ?? []);
  if (!allTolerated) return { action: 'evict' };
  const min = minTolerationMs(used);
  if (min < 0) return { action: 'none' };
  const createdAtMs = scheduled?.createdAtMs ?? nowMs;
  const triggerAtMs = createdAtMs + min;
  if (triggerAtMs <= nowMs) return { action: 'evict' };
  return { action: 'schedule', eviction: { createdAtMs, triggerAtMs } };
}

/** The node's NoExecute taints. */
export function noExecuteTaints(taints: readonly Taint[] | undefined): Taint[] {
  return (taints ?? []).filter((t) => t.effect === 'NoExecute');
}
