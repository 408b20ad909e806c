// What controllers read off a pod's status (upstream's podutil and controller helpers):
// readiness, availability after minReadySeconds, activity, termination.
import type { Pod } from './types.ts';

/** Milliseconds of an RFC 3339 timestamp; undefined when absent or unreadable. */
export function timeMs(t: string | undefined | null): number | undefined {
  if (!t) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The pod's Ready condition, if any. */
export function podReadyCondition(pod: Pod) {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

/** `podutil.IsPodReady`: the Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return podReadyCondition(pod)?.status === 'True';
}

/**
 * `podutil.IsPodAvailable`: ready, and (with minReadySeconds) ready since at least that long
 * before `now`.
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  const c = podReadyCondition(pod);
  if (c?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const since = timeMs(c.lastTransitionTime);
  return since !== undefined && since + minReadySeconds * 1000 < now;
}

/** `controller.IsPodActive`: not terminated and not being deleted. */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata?.deletionTimestamp;
}

/** `podutil.IsPodTerminal`: Succeeded or Failed. */
export function isPodTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** `controller.IsPodTerminating`: being deleted and not yet terminal. */
export function isPodTerminating(pod: Pod): boolean {
  return !isPodTerminal(pod) && !!pod.metadata?.deletionTimestamp;
}

/** When the pod became ready (the Ready condition's transition), if it is ready. */
export function podReadyTime(pod: Pod): number | undefined {
  const c = podReadyCondition(pod);
  return c?.status === 'True' ? timeMs(c.lastTransitionTime) : undefined;
}
