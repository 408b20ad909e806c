// Pure decisions of a namespace deletion pass: which resources to empty, how long graceful pod
// termination may still take, and what the items left behind say (upstream's
// deleteAllContentForGroupVersionResource bookkeeping).
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { ObjectLike } from '../../client/index.ts';
import type { DiscoveredResource } from '../internal/discovery.ts';
import { isPodTerminal } from '../internal/pods.ts';

/** Seconds assumed for finalizers to finish when leftover items carry some. */
export const FINALIZER_ESTIMATE_SECONDS = 15;

/** Namespaced resources that can be deleted: what a namespace's deletion empties. */
export function deletableNamespacedResources(resources: readonly DiscoveredResource[]): DiscoveredResource[] {
  return resources.filter((r) => r.namespaced && r.verbs.includes('delete'));
}

/**
 * Seconds the namespace's pods may still need to terminate gracefully (the longest grace
 * period of a non-terminal pod), 0 once that long has passed since the namespace's deletion.
 */
export function podGracefulEstimate(
  pods: readonly Pod[],
  namespaceDeletedAtMs: number,
  nowMs: number,
): number {
  let estimate = 0;
  for (const pod of pods) {
    if (isPodTerminal(pod)) continue;
    const grace = pod.spec?.terminationGracePeriodSeconds;
    if (grace !== undefined && grace !== null && grace > estimate) estimate = grace;
  }
  return nowMs - namespaceDeletedAtMs >= estimate * 1000 ? 0 : estimate;
}

export interface LeftOver {
  numRemaining: number;
  finalizers: Map<string, number>;
  /** Seconds to wait before checking again (0: nothing explains the leftovers). */
  estimate: number;
  /** Set when items remain that nothing explains. */
  error?: string;
}

/** `/v1, Resource=pods`: Go's GroupVersionResource in messages. */
export function gvrString(r: Pick<DiscoveredResource, 'group' | 'version' | 'resource'>): string {
  return `${r.group}/${r.version}, Resource=${r.resource}`;
}

/** What the items still listed after the delete mean for the wait. */
export function leftOver(
  items: readonly ObjectLike[],
  estimate: number,
  namespace: string,
  r: DiscoveredResource,
): LeftOver {
  if (items.length === 0) return { numRemaining: 0, finalizers: new Map(), estimate: 0 };
  const finalizers = new Map<string, number>();
  for (const item of items) {
    for (const f of (item.metadata as { finalizers?: string[] } | undefined)?.finalizers ?? [])
      finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
  }
  if (estimate !== 0) return { numRemaining: items.length, finalizers, estimate };
  if (finalizers.size > 0)
    return { numRemaining: items.length, finalizers, estimate: FINALIZER_ESTIMATE_SECONDS };
  return {
    numRemaining: items.length,
    finalizers,
    estimate: 0,
    error: `unexpected items still remain in namespace: ${namespace} for gvr: ${gvrString(r)}`,
  };
}

/** When to look again after a pass that left content behind (upstream: estimate/2 + 1 seconds). */
export function requeueDelayMs(estimateSeconds: number): number {
  return (Math.floor(estimateSeconds / 2) + 1) * 1000;
}

/** The namespace's spec.finalizers without the `kubernetes` one. */
export function withoutFinalizer(finalizers: readonly string[] | undefined, token = 'kubernetes'): string[] {
  return [...new Set((finalizers ?? []).filter((f) => f !== token))].sort();
}
