// Which pods the pod garbage collector removes (upstream's PodGCController passes), as pure
// choices over the cached pods and nodes:
// - terminated pods (Succeeded/Failed) beyond the threshold, evicted and oldest first;
// - pods bound to nodes that no longer exist (once the node has been absent long enough);
// - terminating pods never scheduled (no kubelet will ever finish them);
// - terminating pods on nodes marked out of service (taint node.kubernetes.io/out-of-service).
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import { isPodTerminal, isPodTerminating } from '../internal/pods.ts';
import { millisOf } from '../internal/time.ts';

export const OUT_OF_SERVICE_TAINT = 'node.kubernetes.io/out-of-service';

/** Terminated pods to delete so that at most `threshold` remain (threshold ≤ 0: keep all). */
export function terminatedToDelete(pods: readonly Pod[], threshold: number): Pod[] {
  if (threshold <= 0) return [];
  const terminated = pods.filter(isPodTerminal);
  const excess = terminated.length - threshold;
  if (excess <= 0) return [];
  const evicted = (p: Pod) => (p.status?.reason === 'Evicted' ? 0 : 1);
  const created = (p: Pod) => millisOf(p.metadata?.creationTimestamp) ?? 0;
  return [...terminated]
    .sort(
      (a, b) =>
        evicted(a) - evicted(b) ||
        created(a) - created(b) ||
        (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
    )
    .slice(0, excess);
}

/** Pods bound to a node the cache does not know (candidates; the node's absence is then confirmed). */
export function podsOnUnknownNodes(
  pods: readonly Pod[],
  nodeKnown: (name: string) => boolean,
): Map<string, Pod[]> {
  const byNode = new Map<string, Pod[]>();
  for (const p of pods) {
    const node = p.spec?.nodeName;
    if (!node || nodeKnown(node)) continue;
    byNode.set(node, [...(byNode.get(node) ?? []), p]);
  }
  return byNode;
}

/** Terminating pods that were never scheduled. */
export function unscheduledTerminating(pods: readonly Pod[]): Pod[] {
  return pods.filter((p) => isPodTerminating(p) && !p.spec?.nodeName);
}

function isNodeReady(node: Node): boolean {
  return node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
}

/** Terminating pods on not-ready nodes tainted out-of-service. */
export function terminatingOnOutOfServiceNodes(
  pods: readonly Pod[],
  node: (name: string) => Node | undefined,
): Pod[] {
  return pods.filter((p) => {
    if (!isPodTerminating(p) || !p.spec?.nodeName) return false;
    const n = node(p.spec.nodeName);
    return !!n && !isNodeReady(n) && (n.spec?.taints ?? []).some((t) => t.key === OUT_OF_SERVICE_TAINT);
  });
}

/**
 * Tracks since when nodes named by pods have been missing (upstream's quarantine): a node is
 * confirmed gone once it has been absent for the quarantine period.
 */
export class AbsentNodes {
  readonly #since = new Map<string, number>();

  /** Notes the nodes missing now; forgets those seen again. Returns the ones missing for `quarantineMs`. */
  update(missing: Iterable<string>, nowMs: number, quarantineMs: number): string[] {
    const now = new Set(missing);
    for (const name of [...this.#since.keys()]) if (!now.has(name)) this.#since.delete(name);
    const due: string[] = [];
    for (const name of now) {
      const since = this.#since.get(name) ?? nowMs;
      this.#since.set(name, since);
      if (nowMs - since >= quarantineMs) due.push(name);
    }
    return due;
  }

  forget(name: string): void {
    this.#since.delete(name);
  }
}
