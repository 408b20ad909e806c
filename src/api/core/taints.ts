// Taints and tolerations (upstream's v1 helper): whether a toleration tolerates a taint, and
// which taint a pod does not tolerate. Pure; shared by the scheduler and the controllers
// (DaemonSet placement, taint eviction).
import type { Taint, Toleration } from 'kubernetes-types/core/v1.d.ts';

/** Upstream's Toleration.ToleratesTaint (an empty operator means Equal). */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '':
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

export function tolerationsTolerateTaint(
  tolerations: readonly Toleration[] | undefined,
  taint: Taint,
): boolean {
  if (!tolerations) return false;
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/** Taints whose effect keeps pods off the node (NoSchedule, NoExecute). */
export function isDoNotScheduleTaint(t: Taint): boolean {
  return t.effect === 'NoSchedule' || t.effect === 'NoExecute';
}

/** The first taint passing `filter` that no toleration tolerates (upstream's FindMatchingUntoleratedTaint). */
export function findUntoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[] | undefined,
  filter: (t: Taint) => boolean = isDoNotScheduleTaint,
): Taint | undefined {
  for (const taint of taints) {
    if (!filter(taint)) continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return undefined;
}
