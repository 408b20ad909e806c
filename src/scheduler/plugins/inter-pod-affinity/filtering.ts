// InterPodAffinity's required part (upstream's interpodaffinity/filtering.go): PreFilter counts,
// per topology domain, the existing pods the incoming pod's terms select and the existing pods
// whose anti-affinity terms select the incoming pod; Filter then checks a node's domains.
import { labelsToString } from '../../../machinery/label-set.ts';
import type { Labels } from '../../../machinery/labels.ts';
import type { StateData } from '../../framework/cycle-state.ts';
import type { NodeInfo } from '../../framework/node-info.ts';
import { type AffinityTerm, type PodInfo, termMatches } from '../../framework/pod-info.ts';
import { TopologyCounts } from './topology-counts.ts';

export const ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
export const ERR_REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";

/** Whether `pod` matches every term (false with no terms). */
export function podMatchesAllTerms(terms: readonly AffinityTerm[], pod: PodInfo, nsLabels?: Labels): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!termMatches(t, pod, nsLabels)) return false;
  return true;
}

export function podMatchesAnyTerm(terms: readonly AffinityTerm[], pod: PodInfo, nsLabels?: Labels): boolean {
  for (const t of terms) if (termMatches(t, pod, nsLabels)) return true;
  return false;
}

export class FilterState implements StateData {
  /** The incoming pod's terms, namespace selectors already resolved into namespace names. */
  affinityTerms: readonly AffinityTerm[] = [];
  antiAffinityTerms: readonly AffinityTerm[] = [];
  incoming!: PodInfo;
  namespaceLabels: Labels | undefined;
  existingAntiAffinityCounts = new TopologyCounts();
  affinityCounts = new TopologyCounts();
  antiAffinityCounts = new TopologyCounts();

  clone(): StateData {
    const c = new FilterState();
    c.affinityTerms = this.affinityTerms;
    c.antiAffinityTerms = this.antiAffinityTerms;
    c.incoming = this.incoming;
    c.namespaceLabels = this.namespaceLabels;
    c.existingAntiAffinityCounts = this.existingAntiAffinityCounts.clone();
    c.affinityCounts = this.affinityCounts.clone();
    c.antiAffinityCounts = this.antiAffinityCounts.clone();
    return c;
  }

  /** Counts `pod` on `node` in (delta 1) or out (-1), as AddPod/RemovePod. */
  updateWithPod(pod: PodInfo, node: NodeInfo, delta: number): void {
    for (const t of pod.requiredAntiAffinityTerms)
      if (termMatches(t, this.incoming, this.namespaceLabels))
        this.existingAntiAffinityCounts.update(node.labels, t.topologyKey, delta);
    if (podMatchesAllTerms(this.affinityTerms, pod))
      for (const t of this.affinityTerms) this.affinityCounts.update(node.labels, t.topologyKey, delta);
    for (const t of this.antiAffinityTerms)
      if (termMatches(t, pod, undefined)) this.antiAffinityCounts.update(node.labels, t.topologyKey, delta);
  }
}

/** Existing pods' required anti-affinity against the incoming pod, per domain. */
export function existingAntiAffinityCounts(
  incoming: PodInfo,
  nsLabels: Labels | undefined,
  nodesWithAntiAffinityPods: readonly NodeInfo[],
): TopologyCounts {
  const counts = new TopologyCounts();
  if (nodesWithAntiAffinityPods.length === 0) return counts;
  // What the existing terms see of the incoming pod: namespace, labels, namespace labels.
  const memoKey = `ipa-existing|${incoming.namespace}|${labelsToString(incoming.labels)}|${nsLabels ? labelsToString(nsLabels) : ''}`;
  const compute = (n: NodeInfo) => {
    const out: string[] = [];
    for (const existing of n.podsWithRequiredAntiAffinity)
      for (const t of existing.requiredAntiAffinityTerms)
        if (termMatches(t, incoming, nsLabels)) out.push(t.topologyKey);
    return out;
  };
  for (const node of nodesWithAntiAffinityPods) {
    const keys = node.memo(memoKey, compute);
    for (const k of keys) counts.update(node.labels, k, 1);
  }
  return counts;
}

/** The incoming pod's required affinity / anti-affinity terms against every existing pod, per domain. */
export function incomingCounts(
  affinityTerms: readonly AffinityTerm[],
  antiAffinityTerms: readonly AffinityTerm[],
  nodes: readonly NodeInfo[],
): { affinity: TopologyCounts; anti: TopologyCounts } {
  const affinity = new TopologyCounts();
  const anti = new TopologyCounts();
  if (affinityTerms.length === 0 && antiAffinityTerms.length === 0) return { affinity, anti };
  // Per node, how many pods each term selects (memoized on the node until its pods change).
  const antiKeys = antiAffinityTerms.map((t) => `ipa-term|${t.key}`);
  const antiCounters = antiAffinityTerms.map((t) => (ni: NodeInfo) => {
    let c = 0;
    for (const p of ni.pods) if (termMatches(t, p, undefined)) c++;
    return c;
  });
  const allKey = `ipa-all|${affinityTerms.map((t) => t.key).join('&')}`;
  const allCounter = (ni: NodeInfo) => {
    let c = 0;
    for (const p of ni.pods) if (podMatchesAllTerms(affinityTerms, p)) c++;
    return c;
  };
  for (const node of nodes) {
    if (node.pods.length === 0) continue;
    if (affinityTerms.length) {
      const n = node.memo(allKey, allCounter);
      if (n > 0) for (const t of affinityTerms) affinity.update(node.labels, t.topologyKey, n);
    }
    for (let i = 0; i < antiAffinityTerms.length; i++) {
      const n = node.memo(antiKeys[i]!, antiCounters[i]!);
      if (n > 0) anti.update(node.labels, antiAffinityTerms[i]!.topologyKey, n);
    }
  }
  return { affinity, anti };
}

export function satisfyPodAffinity(s: FilterState, node: NodeInfo): boolean {
  let podsExist = true;
  for (const t of s.affinityTerms) {
    const v = node.labels[t.topologyKey];
    if (v === undefined) return false;
    if (s.affinityCounts.get(t.topologyKey, v) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  // The first pod of a group with affinity to itself: let it in when nothing else matches.
  return s.affinityCounts.size === 0 && podMatchesAllTerms(s.affinityTerms, s.incoming);
}

export function satisfyPodAntiAffinity(s: FilterState, node: NodeInfo): boolean {
  if (s.antiAffinityCounts.size === 0) return true;
  for (const t of s.antiAffinityTerms) {
    const v = node.labels[t.topologyKey];
    if (v !== undefined && s.antiAffinityCounts.get(t.topologyKey, v) > 0) return false;
  }
  return true;
}

export function satisfyExistingPodsAntiAffinity(s: FilterState, node: NodeInfo): boolean {
  if (s.existingAntiAffinityCounts.size === 0) return true;
  for (const [key, values] of s.existingAntiAffinityCounts.byKey) {
    const v = node.labels[key];
    if (v !== undefined && (values.get(v) ?? 0) > 0) return false;
  }
  return true;
}
