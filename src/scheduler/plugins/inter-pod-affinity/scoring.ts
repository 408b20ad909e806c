// InterPodAffinity's preferred part (upstream's interpodaffinity/scoring.go): every existing pod
// adds to or takes from the score of its topology domain — the incoming pod's preferred terms
// matching it (±weight), its own required affinity matching the incoming pod
// (+hardPodAffinityWeight) and its preferred terms matching the incoming pod (±weight).
import type { Labels } from '../../../machinery/labels.ts';
import type { StateData } from '../../framework/cycle-state.ts';
import type { NodeInfo } from '../../framework/node-info.ts';
import {
  type AffinityTerm,
  type PodInfo,
  termMatches,
  type WeightedAffinityTerm,
} from '../../framework/pod-info.ts';
import type { TopologyCounts } from './topology-counts.ts';

export class ScoreState implements StateData {
  readonly topologyScore: TopologyCounts;
  constructor(t: TopologyCounts) {
    this.topologyScore = t;
  }
  clone(): StateData {
    return this;
  }
}

function processTerm(
  scores: TopologyCounts,
  term: AffinityTerm,
  weight: number,
  pod: PodInfo,
  nsLabels: Labels | undefined,
  nodeLabels: Labels,
  multiplier: number,
): void {
  if (termMatches(term, pod, nsLabels)) scores.update(nodeLabels, term.topologyKey, weight * multiplier);
}

export interface IncomingTerms {
  incoming: PodInfo;
  preferred: readonly WeightedAffinityTerm[];
  preferredAnti: readonly WeightedAffinityTerm[];
  namespaceLabels: Labels | undefined;
}

function hasAny(labels: Labels): boolean {
  for (const _ in labels) return true;
  return false;
}

/** Adds one existing pod's contributions to `scores`. */
export function processExistingPod(
  scores: TopologyCounts,
  t: IncomingTerms,
  existing: PodInfo,
  node: NodeInfo,
  hardPodAffinityWeight: number,
  ignorePreferredTermsOfExistingPods: boolean,
): void {
  const labels = node.labels;
  if (!hasAny(labels)) return;
  for (const term of t.preferred) processTerm(scores, term, term.weight, existing, undefined, labels, 1);
  for (const term of t.preferredAnti) processTerm(scores, term, term.weight, existing, undefined, labels, -1);
  if (hardPodAffinityWeight > 0)
    for (const term of existing.requiredAffinityTerms)
      processTerm(scores, term, hardPodAffinityWeight, t.incoming, t.namespaceLabels, labels, 1);
  if (ignorePreferredTermsOfExistingPods) return;
  for (const term of existing.preferredAffinityTerms)
    processTerm(scores, term, term.weight, t.incoming, t.namespaceLabels, labels, 1);
  for (const term of existing.preferredAntiAffinityTerms)
    processTerm(scores, term, term.weight, t.incoming, t.namespaceLabels, labels, -1);
}

/** A node's raw score: the sum of its domains' scores. */
export function scoreNode(s: ScoreState, node: NodeInfo): number {
  let score = 0;
  for (const [key, values] of s.topologyScore.byKey) {
    const v = node.labels[key];
    if (v !== undefined) score += values.get(v) ?? 0;
  }
  return score;
}

/** Min-max scaling into [0, 100]. */
export function normalize(scores: number[]): void {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const s of scores) {
    if (s > max) max = s;
    if (s < min) min = s;
  }
  const diff = max - min;
  for (let i = 0; i < scores.length; i++)
    scores[i] = diff > 0 ? Math.trunc((100 * (scores[i]! - min)) / diff) : 0;
}
