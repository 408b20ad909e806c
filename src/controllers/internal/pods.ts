// Facts about pods that several controllers read (upstream's pkg/api/v1/pod helpers): readiness,
// terminal phases, conditions. Pure functions over plain objects.
import type { Pod, PodCondition } from 'kubernetes-types/core/v1.d.ts';

/** The pod's condition of a type, if it has one. */
export function podCondition(pod: Pod, type: string): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === type);
}

/** Ready condition True (upstream's IsPodReady). */
export function isPodReady(pod: Pod): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/** Succeeded or Failed: its containers are stopped for good. */
export function isPodTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** Marked for deletion. */
export function isPodTerminating(pod: Pod): boolean {
  return pod.metadata?.deletionTimestamp !== undefined && pod.metadata.deletionTimestamp !== null;
}

/** The pod's IPs (status.podIPs, falling back to status.podIP). */
export function podIPs(pod: Pod): string[] {
  const ips = (pod.status?.podIPs ?? []).map((p) => p.ip).filter((ip): ip is string => !!ip);
  if (ips.length === 0 && pod.status?.podIP) ips.push(pod.status.podIP);
  return ips;
}

/**
 * Sets a condition on a status (upstream's UpdatePodCondition): lastTransitionTime moves only when
 * the status changes. Returns false when nothing changed.
 */
export function setPodCondition(
  status: NonNullable<Pod['status']>,
  condition: PodCondition,
  now: string,
): boolean {
  const conditions = (status.conditions ??= []);
  const i = conditions.findIndex((c) => c.type === condition.type);
  if (i < 0) {
    conditions.push({ ...condition, lastTransitionTime: condition.lastTransitionTime ?? now });
    return true;
  }
  const old = conditions[i]!;
  const next: PodCondition = { ...old, ...condition };
  next.lastTransitionTime =
    old.status === condition.status ? old.lastTransitionTime : (condition.lastTransitionTime ?? now);
  const changed =
    old.status !== next.status ||
    old.reason !== next.reason ||
    old.message !== next.message ||
    old.lastProbeTime !== next.lastProbeTime ||
    old.lastTransitionTime !== next.lastTransitionTime;
  conditions[i] = next;
  return changed;
}
