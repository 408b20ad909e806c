// InterPodAffinity: required pod affinity / anti-affinity (Filter), existing pods' required
// anti-affinity against the incoming pod (Filter), and preferred terms of both sides (Score),
// over topology domains named by each term's topologyKey.
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import { nothing } from '../../../machinery/labels.ts';
import { Action } from '../../framework/events.ts';
import type {
  EnqueueExtensions,
  FilterPlugin,
  Handle,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from '../../framework/interfaces.ts';
import { type AffinityTerm, affinityTermKey, PodInfo } from '../../framework/pod-info.ts';
import { Code, SKIP, Status, unresolvable, unschedulable } from '../../framework/status.ts';
import { argsObject } from '../internal/args.ts';
import {
  ERR_REASON_AFFINITY,
  ERR_REASON_ANTI_AFFINITY,
  ERR_REASON_EXISTING_ANTI_AFFINITY,
  existingAntiAffinityCounts,
  FilterState,
  incomingCounts,
  podMatchesAllTerms,
  podMatchesAnyTerm,
  satisfyExistingPodsAntiAffinity,
  satisfyPodAffinity,
  satisfyPodAntiAffinity,
} from './filtering.ts';
import { normalize, processExistingPod, ScoreState, scoreNode } from './scoring.ts';
import { TopologyCounts } from './topology-counts.ts';

export const NAME = 'InterPodAffinity';
const PRE_FILTER_KEY = `PreFilter${NAME}`;
const PRE_SCORE_KEY = `PreScore${NAME}`;

export interface InterPodAffinityArgs {
  hardPodAffinityWeight: number;
  ignorePreferredTermsOfExistingPods: boolean;
}

function parseArgs(raw: unknown): InterPodAffinityArgs {
  const a = argsObject(NAME, raw);
  const weight = (a.hardPodAffinityWeight as number | undefined) ?? 1;
  if (!Number.isInteger(weight) || weight < 0 || weight > 100)
    throw new Error(`hardPodAffinityWeight: Invalid value: ${weight}: not in valid range [0, 100]`);
  return {
    hardPodAffinityWeight: weight,
    ignorePreferredTermsOfExistingPods: a.ignorePreferredTermsOfExistingPods === true,
  };
}

export function newInterPodAffinity(
  rawArgs: unknown,
  handle: Handle,
): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & EnqueueExtensions {
  const args = parseArgs(rawArgs);

  /** Resolves a term's namespaceSelector into namespace names (upstream's mergeAffinityTermNamespacesIfNotEmpty). */
  function mergeNamespaces<T extends AffinityTerm>(term: T): T {
    if (term.namespaceSelector.empty() || !term.namespaceSelector.selectable) return term;
    const namespaces = new Set(term.namespaces);
    for (const ns of handle.cluster.namespaces())
      if (term.namespaceSelector.matches(ns.metadata?.labels ?? {})) namespaces.add(ns.metadata?.name ?? '');
    const merged = { ...term, namespaces, namespaceSelector: nothing() };
    merged.key = affinityTermKey(merged);
    return merged;
  }

  return {
    name: NAME,
    preFilter(state, pod) {
      if (pod.parseError) return unresolvable(`parsing pod: ${pod.parseError.message}`);
      const snapshot = handle.snapshot();
      const s = new FilterState();
      s.incoming = pod;
      s.affinityTerms = pod.requiredAffinityTerms.map(mergeNamespaces);
      s.antiAffinityTerms = pod.requiredAntiAffinityTerms.map(mergeNamespaces);
      s.namespaceLabels = handle.cluster.namespaceLabels(pod.namespace);
      s.existingAntiAffinityCounts = existingAntiAffinityCounts(
        pod,
        s.namespaceLabels,
        snapshot.havePodsWithRequiredAntiAffinityList,
      );
      const counts = incomingCounts(s.affinityTerms, s.antiAffinityTerms, snapshot.nodeInfoList);
      s.affinityCounts = counts.affinity;
      s.antiAffinityCounts = counts.anti;
      if (
        s.existingAntiAffinityCounts.size === 0 &&
        s.affinityTerms.length === 0 &&
        s.antiAffinityTerms.length === 0
      )
        return SKIP;
      state.write(PRE_FILTER_KEY, s);
      return null;
    },
    addPod(state, _pod, toAdd, node) {
      state.read<FilterState>(PRE_FILTER_KEY)?.updateWithPod(toAdd, node, 1);
      return null;
    },
    removePod(state, _pod, toRemove, node) {
      state.read<FilterState>(PRE_FILTER_KEY)?.updateWithPod(toRemove, node, -1);
      return null;
    },
    filter(state, _pod, node) {
      const s = state.read<FilterState>(PRE_FILTER_KEY);
      if (!s) return new Status(Code.Error, [`reading "${PRE_FILTER_KEY}" from cycleState: not found`]);
      if (!satisfyPodAffinity(s, node)) return unresolvable(ERR_REASON_AFFINITY);
      if (!satisfyPodAntiAffinity(s, node)) return unschedulable(ERR_REASON_ANTI_AFFINITY);
      if (!satisfyExistingPodsAntiAffinity(s, node)) return unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY);
      return null;
    },
    preScore(state, pod, nodes) {
      if (nodes.length === 0) return SKIP;
      const hasConstraints =
        pod.preferredAffinityTerms.length > 0 || pod.preferredAntiAffinityTerms.length > 0;
      if (args.ignorePreferredTermsOfExistingPods && !hasConstraints) return SKIP;
      const snapshot = handle.snapshot();
      const all = hasConstraints ? snapshot.nodeInfoList : snapshot.havePodsWithAffinityList;
      if (all.length === 0) return SKIP;
      const terms = {
        incoming: pod,
        preferred: pod.preferredAffinityTerms.map(mergeNamespaces),
        preferredAnti: pod.preferredAntiAffinityTerms.map(mergeNamespaces),
        namespaceLabels: handle.cluster.namespaceLabels(pod.namespace),
      };
      const scores = new TopologyCounts();
      for (const node of all) {
        const pods = hasConstraints ? node.pods : node.podsWithAffinity;
        for (const existing of pods) {
          // Without preferred terms of its own, the incoming pod is scored only by existing pods'
          // affinity terms; pods with nothing but required anti-affinity add nothing.
          if (
            !hasConstraints &&
            existing.requiredAffinityTerms.length === 0 &&
            existing.preferredAffinityTerms.length === 0 &&
            existing.preferredAntiAffinityTerms.length === 0
          )
            continue;
          processExistingPod(
            scores,
            terms,
            existing,
            node,
            args.hardPodAffinityWeight,
            args.ignorePreferredTermsOfExistingPods,
          );
        }
      }
      if (scores.size === 0) return SKIP;
      state.write(PRE_SCORE_KEY, new ScoreState(scores));
      return null;
    },
    score(state, _pod, node) {
      const s = state.read<ScoreState>(PRE_SCORE_KEY);
      return s ? scoreNode(s, node) : 0;
    },
    normalizeScore(state, _pod, scores) {
      if (!state.read<ScoreState>(PRE_SCORE_KEY)) return null;
      normalize(scores);
      return null;
    },
    eventsToRegister: () => [
      {
        event: { resource: 'Pod', actions: Action.Add | Action.UpdatePodLabel | Action.Delete },
        hint: (pod, oldObj, newObj) => {
          const before = oldObj as Pod | undefined;
          const after = newObj as Pod | undefined;
          if ((after && !after.spec?.nodeName) || (before && !before.spec?.nodeName)) return 'QueueSkip';
          const target = new PodInfo(pod);
          const terms = target.requiredAffinityTerms;
          const antiTerms = target.requiredAntiAffinityTerms;
          if (before && after) {
            const b = new PodInfo(before);
            const a = new PodInfo(after);
            if (!podMatchesAllTerms(terms, b) && podMatchesAllTerms(terms, a)) return 'Queue';
            if (podMatchesAnyTerm(antiTerms, b) && !podMatchesAnyTerm(antiTerms, a)) return 'Queue';
            return 'QueueSkip';
          }
          if (after) return podMatchesAllTerms(terms, new PodInfo(after)) ? 'Queue' : 'QueueSkip';
          const deleted = new PodInfo(before!);
          if (podMatchesAnyTerm(antiTerms, deleted)) return 'Queue';
          return deleted.requiredAntiAffinityTerms.length > 0 ? 'Queue' : 'QueueSkip';
        },
      },
      {
        event: { resource: 'Node', actions: Action.Add | Action.UpdateNodeLabel },
        hint: (pod, oldObj, newObj) => {
          const target = new PodInfo(pod);
          const now = (newObj as Node).metadata?.labels ?? {};
          const before = (oldObj as Node | undefined)?.metadata?.labels;
          for (const t of target.requiredAffinityTerms) {
            if (!before) {
              if (t.topologyKey in now) return 'Queue';
              continue;
            }
            if (t.topologyKey in now && before[t.topologyKey] !== now[t.topologyKey]) return 'Queue';
          }
          for (const t of target.requiredAntiAffinityTerms) {
            if (!before) return 'Queue';
            if (t.topologyKey in before && before[t.topologyKey] !== now[t.topologyKey]) return 'Queue';
          }
          return 'QueueSkip';
        },
      },
    ],
  };
}
