// NodeAffinity: a pod's nodeSelector and required node affinity keep it to matching nodes
// (Filter, with a PreFilter that narrows the search to nodes named by `metadata.name` fields);
// preferred terms add their weights to the nodes they match (Score). `addedAffinity` in the
// plugin's args applies scheduler-wide constraints to every pod of the profile.
import type { Node, NodeAffinity as NodeAffinitySpec, Pod } from 'kubernetes-types/core/v1.d.ts';
import type { StateData } from '../../framework/cycle-state.ts';
import { Action } from '../../framework/events.ts';
import type {
  EnqueueExtensions,
  FilterPlugin,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from '../../framework/interfaces.ts';
import {
  compileNodeSelector,
  compileNodeSelectorTerm,
  type NodeMatcher,
  nodeMatches,
  requiredNodeAffinity,
} from '../../framework/node-selector.ts';
import { SKIP, unresolvable } from '../../framework/status.ts';
import { argsObject } from '../internal/args.ts';
import { defaultNormalizeScore } from '../internal/normalize.ts';

export const NAME = 'NodeAffinity';
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
export const ERR_REASON_ENFORCED = "node(s) didn't match scheduler-enforced node affinity";
export const ERR_REASON_CONFLICT = 'pod affinity terms conflict';
const PRE_FILTER_KEY = `PreFilter${NAME}`;
const PRE_SCORE_KEY = `PreScore${NAME}`;

class RequiredState implements StateData {
  readonly matches: NodeMatcher;
  constructor(m: NodeMatcher) {
    this.matches = m;
  }
  clone(): StateData {
    return this;
  }
}

class PreferredState implements StateData {
  readonly terms: { weight: number; matches: NodeMatcher }[];
  constructor(t: { weight: number; matches: NodeMatcher }[]) {
    this.terms = t;
  }
  clone(): StateData {
    return this;
  }
}

export interface NodeAffinityArgs {
  addedAffinity?: NodeAffinitySpec;
}

function preferredTerms(a: NodeAffinitySpec | undefined): { weight: number; matches: NodeMatcher }[] {
  return (a?.preferredDuringSchedulingIgnoredDuringExecution ?? [])
    .filter((t) => t.weight !== 0)
    .map((t) => ({ weight: t.weight, matches: compileNodeSelectorTerm(t.preference) }));
}

/** Node names a pod's required terms pin it to with `metadata.name In (...)`; undefined when any term allows all. */
export function nodeNamesFromTerms(pod: Pod): Set<string> | undefined {
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms?.length) return undefined;
  let union: Set<string> | undefined;
  for (const t of terms) {
    let termNames: Set<string> | undefined;
    for (const r of t.matchFields ?? []) {
      if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
      const s = new Set(r.values ?? []);
      termNames = termNames ? new Set([...termNames].filter((n) => s.has(n))) : s;
    }
    if (!termNames) return undefined;
    union ??= new Set();
    for (const n of termNames) union.add(n);
  }
  return union;
}

export function newNodeAffinity(
  rawArgs?: unknown,
): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & EnqueueExtensions {
  const args = argsObject(NAME, rawArgs) as NodeAffinityArgs;
  const added = args.addedAffinity?.requiredDuringSchedulingIgnoredDuringExecution
    ? compileNodeSelector(args.addedAffinity.requiredDuringSchedulingIgnoredDuringExecution)
    : undefined;
  const addedPreferred = preferredTerms(args.addedAffinity);

  const podMatches = (pod: Pod, node: Node): boolean =>
    (!added || nodeMatches(added, node)) && nodeMatches(requiredNodeAffinity(pod), node);

  return {
    name: NAME,
    preFilter(state, pod) {
      const spec = pod.pod.spec;
      const required = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
      if (!required && !added && !spec?.nodeSelector) return SKIP;
      state.write(PRE_FILTER_KEY, new RequiredState(requiredNodeAffinity(pod.pod)));
      if (!required?.nodeSelectorTerms?.length) return null;
      const names = nodeNamesFromTerms(pod.pod);
      if (names === undefined) return null;
      if (names.size === 0) return unresolvable(ERR_REASON_CONFLICT);
      return { nodeNames: names };
    },
    filter(state, pod, node) {
      if (added && !added(node.labels, node.name)) return unresolvable(ERR_REASON_ENFORCED);
      const s = state.read<RequiredState>(PRE_FILTER_KEY);
      const matches = s ? s.matches : requiredNodeAffinity(pod.pod);
      if (!matches(node.labels, node.name)) return unresolvable(ERR_REASON_POD);
      return null;
    },
    preScore(state, pod) {
      const terms = [...addedPreferred, ...preferredTerms(pod.pod.spec?.affinity?.nodeAffinity)];
      if (terms.length === 0) return SKIP;
      state.write(PRE_SCORE_KEY, new PreferredState(terms));
      return null;
    },
    score(state, _pod, node) {
      const s = state.read<PreferredState>(PRE_SCORE_KEY);
      if (!s) return 0;
      let count = 0;
      for (const t of s.terms) if (t.matches(node.labels, node.name)) count += t.weight;
      return count;
    },
    normalizeScore(_state, _pod, scores) {
      defaultNormalizeScore(scores, false);
      return null;
    },
    eventsToRegister: () => [
      {
        event: { resource: 'Node', actions: Action.Add | Action.UpdateNodeLabel },
        hint: (pod, oldObj, newObj) => {
          if (!podMatches(pod, newObj as Node)) return 'QueueSkip';
          if (!oldObj) return 'Queue';
          return podMatches(pod, oldObj as Node) ? 'QueueSkip' : 'Queue';
        },
      },
    ],
  };
}
