// PodTopologySpread's ScheduleAnyway part (upstream's podtopologyspread/scoring.go): nodes in
// domains holding fewer matching pods score higher; each constraint's count is weighted by the
// log of its number of domains so that a few large domains do not dominate many small ones.
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
import type { DomainCountsCache, MatchingPodCounts } from './domain-counts.ts';

const HOSTNAME = 'kubernetes.io/hostname';
const INVALID_SCORE = -1;

export class SpreadScoreState implements StateData {
  constraints: readonly Constraint[] = [];
  ignoredNodes = new Set<string>();
  /** Per constraint (non-hostname keys): domain value → matching pods. */
  counts: Map<string, number>[] = [];
  weights: number[] = [];
  /** Per hostname constraint: the matching pods per node, kept between cycles (else counted on the node). */
  hostCounts: (MatchingPodCounts | undefined)[] = [];
  clone(): StateData {
    return this;
  }
}

export function computeScoreState(
  pod: PodInfo,
  constraints: readonly Constraint[],
  filtered: readonly NodeInfo[],
  all: readonly NodeInfo[],
  requireAllTopologies: boolean,
  requiredAffinity: NodeMatcher,
  cache?: DomainCountsCache,
  journal?: NodeChangeJournal,
): SpreadScoreState {
  const s = new SpreadScoreState();
  s.constraints = constraints;
  s.counts = constraints.map(() => new Map<string, number>());
  // Domains of the filtered nodes (hostname counts are per node, done in Score). A node without
  // the key counts in the domain "" (it is ignored instead when all keys are required).
  const domainKeys: number[] = [];
  for (let i = 0; i < constraints.length; i++)
    if (constraints[i]!.topologyKey !== HOSTNAME) domainKeys.push(i);
  for (const node of filtered) {
    if (requireAllTopologies && !nodeHasAllTopologyKeys(node.labels, constraints)) {
      s.ignoredNodes.add(node.name);
      continue;
    }
    for (const i of domainKeys) {
      const v = node.labels[constraints[i]!.topologyKey] ?? '';
      if (!s.counts[i]!.has(v)) s.counts[i]!.set(v, 0);
    }
  }
  s.weights = constraints.map((c, i) => {
    const size = c.topologyKey === HOSTNAME ? filtered.length - s.ignoredNodes.size : s.counts[i]!.size;
    return Math.log(size + 2);
  });
  s.hostCounts = constraints.map((c) => {
    if (c.topologyKey !== HOSTNAME || !cache || c.selector.empty()) return undefined;
    const table = cache.podCounts(c, pod.namespace);
    table.update(all, journal);
    return table;
  });
  const podHasRequiredAffinity = hasRequiredNodeAffinity(pod);
  const uncached: number[] = [];
  constraints.forEach((c, i) => {
    if (c.topologyKey === HOSTNAME) return;
    // Which nodes count must not depend on this pod for the counts to be shared with others.
    const podIndependent =
      c.nodeTaintsPolicy === 'Ignore' && (c.nodeAffinityPolicy === 'Ignore' || !podHasRequiredAffinity);
    if (!cache || !podIndependent) {
      uncached.push(i);
      return;
    }
    const totals = cache
      .get(c, pod.namespace, requireAllTopologies ? constraints : undefined)
      .counts(all, journal);
    const counts = s.counts[i]!;
    for (const v of counts.keys()) counts.set(v, totals.get(v) ?? 0);
  });
  if (uncached.length === 0) return s;
  for (const node of all) {
    if (requireAllTopologies && !nodeHasAllTopologyKeys(node.labels, constraints)) continue;
    for (const i of uncached) {
      const c = constraints[i]!;
      if (!matchNodeInclusionPolicies(c, pod, node, requiredAffinity)) continue;
      const v = node.labels[c.topologyKey] ?? '';
      const counts = s.counts[i]!;
      if (!counts.has(v)) continue;
      counts.set(v, counts.get(v)! + countMatching(node, c, pod.namespace));
    }
  }
  return s;
}

/** Whether the pod has a nodeSelector or required node affinity (what nodeAffinityPolicy Honor looks at). */
function hasRequiredNodeAffinity(pod: PodInfo): boolean {
  const spec = pod.pod.spec;
  if (spec?.nodeSelector && Object.keys(spec.nodeSelector).length > 0) return true;
  return spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution !== undefined;
}

export function scoreNode(s: SpreadScoreState, pod: PodInfo, node: NodeInfo): number {
  if (s.ignoredNodes.size > 0 && s.ignoredNodes.has(node.name)) return 0;
  let score = 0;
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i]!;
    const v = node.labels[c.topologyKey];
    if (v === undefined) continue;
    let cnt: number;
    if (c.topologyKey !== HOSTNAME) cnt = s.counts[i]!.get(v) ?? 0;
    else cnt = s.hostCounts[i]?.of(node) ?? countMatching(node, c, pod.namespace);
    score += cnt * s.weights[i]! + (c.maxSkew - 1);
  }
  return Math.round(score);
}

/** scoreNode for every node, into `scores`. */
export function scoreNodes(
  s: SpreadScoreState,
  pod: PodInfo,
  nodes: readonly NodeInfo[],
  scores: number[],
): void {
  // Constraint by constraint over all nodes (each node's terms still summed in constraint
  // order, so the floating-point totals are exactly scoreNode's).
  const count = nodes.length;
  for (let n = 0; n < count; n++) scores[n] = 0;
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i]!;
    const key = c.topologyKey;
    const weight = s.weights[i]!;
    const skew = c.maxSkew - 1;
    if (key !== HOSTNAME) {
      const counts = s.counts[i]!;
      for (let n = 0; n < count; n++) {
        const v = nodes[n]!.labels[key];
        if (v !== undefined) scores[n]! += (counts.get(v) ?? 0) * weight + skew;
      }
      continue;
    }
    const table = s.hostCounts[i];
    for (let n = 0; n < count; n++) {
      const node = nodes[n]!;
      if (node.labels[key] === undefined) continue;
      const cnt = table?.of(node) ?? countMatching(node, c, pod.namespace);
      scores[n]! += cnt * weight + skew;
    }
  }
  const ignored = s.ignoredNodes.size > 0 ? s.ignoredNodes : undefined;
  for (let n = 0; n < count; n++) scores[n] = ignored?.has(nodes[n]!.name) ? 0 : Math.round(scores[n]!);
}

/** Fewer matching pods → higher score; ignored nodes get 0. */
export function normalize(s: SpreadScoreState, scores: number[], nodes: readonly NodeInfo[]): void {
  let min = Number.MAX_SAFE_INTEGER;
  let max = 0;
  const ignored = s.ignoredNodes.size > 0 ? s.ignoredNodes : undefined;
  for (let i = 0; i < scores.length; i++) {
    if (ignored?.has(nodes[i]!.name)) {
      scores[i] = INVALID_SCORE;
      continue;
    }
    const v = scores[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i]!;
    if (v === INVALID_SCORE) scores[i] = 0;
    else if (max === 0) scores[i] = 100;
    else scores[i] = Math.trunc((100 * (max + min - v)) / max);
  }
}
