// PodTopologySpread's DoNotSchedule part (upstream's podtopologyspread/filtering.go): PreFilter
// counts, per constraint and domain, the matching pods on eligible nodes; Filter lets a pod onto
// a node only if its domain would stay within maxSkew of the least loaded domain (taken as 0
// while fewer than minDomains domains exist).
import type { StateData } from '../../framework/cycle-state.ts';
import type { NodeChangeJournal } from '../../framework/node-changes.ts';
import type { NodeInfo } from '../../framework/node-info.ts';
import type { NodeMatcher } from '../../framework/node-selector.ts';
import type { PodInfo } from '../../framework/pod-info.ts';
import {
  type Constraint,
  countMatching,
  matchNodeInclusionPolicies,
  nodeHasAllTopologyKeys,
} from './constraints.ts';
import type { DomainCountsCache } from './domain-counts.ts';

export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

export class SpreadFilterState implements StateData {
  constraints: readonly Constraint[] = [];
  /** Per constraint: domain value → matching pods. Every eligible domain is present (possibly 0). */
  counts: Map<string, number>[] = [];
  #min: (number | undefined)[] = [];
  requiredAffinity!: NodeMatcher;

  /** The global minimum for constraint i (MaxInt32 with no domains, as upstream's empty critical paths). */
  minMatchNum(i: number): number {
    const c = this.constraints[i]!;
    const counts = this.counts[i]!;
    if (counts.size < c.minDomains) return 0;
    let m = this.#min[i];
    if (m === undefined) {
      m = 2147483647;
      for (const v of counts.values()) if (v < m) m = v;
      this.#min[i] = m;
    }
    return m;
  }

  clone(): StateData {
    const c = new SpreadFilterState();
    c.constraints = this.constraints;
    c.counts = this.counts.map((m) => new Map(m));
    c.#min = [...this.#min];
    c.requiredAffinity = this.requiredAffinity;
    return c;
  }

  /** Counts a pod in (+1) or out (-1) on `node`, as AddPod/RemovePod. */
  updateWithPod(incoming: PodInfo, pod: PodInfo, node: NodeInfo, delta: number): void {
    if (pod.namespace !== incoming.namespace || !node.node) return;
    if (!nodeHasAllTopologyKeys(node.labels, this.constraints)) return;
    this.constraints.forEach((c, i) => {
      if (!c.selector.matches(pod.labels)) return;
      if (!matchNodeInclusionPolicies(c, incoming, node, this.requiredAffinity)) return;
      const v = node.labels[c.topologyKey]!;
      this.counts[i]!.set(v, (this.counts[i]!.get(v) ?? 0) + delta);
      this.#min[i] = undefined;
    });
  }

  invalidate(): void {
    this.#min = this.constraints.map(() => undefined);
  }
}

/** PreFilter's counting over every node of the snapshot. */
export function computeFilterState(
  pod: PodInfo,
  constraints: readonly Constraint[],
  nodes: readonly NodeInfo[],
  requiredAffinity: NodeMatcher,
  cache?: DomainCountsCache,
  journal?: NodeChangeJournal,
): SpreadFilterState {
  const s = new SpreadFilterState();
  s.constraints = constraints;
  s.requiredAffinity = requiredAffinity;
  s.counts = constraints.map(() => new Map<string, number>());
  // Matching pods per node from the tables kept between cycles (counted on the node without).
  const tables = constraints.map((c) => {
    if (!cache || c.selector.empty()) return undefined;
    const table = cache.podCounts(c, pod.namespace);
    table.update(nodes, journal);
    return table;
  });
  for (const node of nodes) {
    if (!nodeHasAllTopologyKeys(node.labels, constraints)) continue;
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i]!;
      if (!matchNodeInclusionPolicies(c, pod, node, requiredAffinity)) continue;
      const v = node.labels[c.topologyKey]!;
      const counts = s.counts[i]!;
      const matching = tables[i]?.of(node) ?? countMatching(node, c, pod.namespace);
      counts.set(v, (counts.get(v) ?? 0) + matching);
    }
  }
  s.invalidate();
  return s;
}

/** Filter's verdict: null (fits), 'label' (node lacks a topology key) or 'skew'. */
export function checkNode(s: SpreadFilterState, pod: PodInfo, node: NodeInfo): null | 'label' | 'skew' {
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i]!;
    const v = node.labels[c.topologyKey];
    if (v === undefined) return 'label';
    const selfMatch = c.selector.matches(pod.labels) ? 1 : 0;
    const matchNum = s.counts[i]!.get(v) ?? 0;
    if (matchNum + selfMatch - s.minMatchNum(i) > c.maxSkew) return 'skew';
  }
  return null;
}
