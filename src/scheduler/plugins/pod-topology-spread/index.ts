// PodTopologySpread: spreads matching pods evenly across topology domains (zones, nodes, ...).
// DoNotSchedule constraints filter, ScheduleAnyway ones score; pods without constraints get
// the plugin's default constraints (upstream's system defaults unless configured otherwise).
import type { Node, Pod, TopologySpreadConstraint } from 'kubernetes-types/core/v1.d.ts';
import type { Selector } from '../../../machinery/labels.ts';
import { Action } from '../../framework/events.ts';
import type {
  EnqueueExtensions,
  FilterPlugin,
  Handle,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from '../../framework/interfaces.ts';
import { requiredNodeAffinity } from '../../framework/node-selector.ts';
import type { PodInfo } from '../../framework/pod-info.ts';
import { Code, SKIP, Status, unresolvable, unschedulable } from '../../framework/status.ts';
import { argsObject } from '../internal/args.ts';
import {
  type Constraint,
  defaultSelector,
  filterConstraints,
  nodeHasAllTopologyKeys,
  type Action as SpreadAction,
  SYSTEM_DEFAULT_CONSTRAINTS,
} from './constraints.ts';
import { DomainCountsCache } from './domain-counts.ts';
import {
  checkNode,
  computeFilterState,
  ERR_REASON_CONSTRAINTS_NOT_MATCH,
  ERR_REASON_NODE_LABEL_NOT_MATCH,
  type SpreadFilterState,
} from './filtering.ts';
import { computeScoreState, normalize, type SpreadScoreState, scoreNode, scoreNodes } from './scoring.ts';

export const NAME = 'PodTopologySpread';
const PRE_FILTER_KEY = `PreFilter${NAME}`;
const PRE_SCORE_KEY = `PreScore${NAME}`;

export interface PodTopologySpreadArgs {
  defaultConstraints: TopologySpreadConstraint[];
  defaultingType: 'System' | 'List';
}

function parseArgs(raw: unknown): PodTopologySpreadArgs {
  const a = argsObject(NAME, raw);
  const defaultingType = (a.defaultingType as 'System' | 'List' | undefined) ?? 'System';
  if (defaultingType !== 'System' && defaultingType !== 'List')
    throw new Error(
      `defaultingType: Unsupported value: "${defaultingType}": supported values: "List", "System"`,
    );
  const defaultConstraints = (a.defaultConstraints as TopologySpreadConstraint[] | undefined) ?? [];
  if (defaultingType === 'System' && defaultConstraints.length)
    throw new Error(
      'defaultConstraints: Invalid value: when .defaultingType is "System", .defaultConstraints must be empty',
    );
  defaultConstraints.forEach((c, i) => {
    if (c.labelSelector)
      throw new Error(
        `defaultConstraints[${i}].labelSelector: Forbidden: constraint must not define a selector, as they deduced for each pod`,
      );
    if (!(c.maxSkew > 0))
      throw new Error(
        `defaultConstraints[${i}].maxSkew: Invalid value: ${c.maxSkew}: must be greater than zero`,
      );
  });
  return { defaultConstraints, defaultingType };
}

export function newPodTopologySpread(
  rawArgs: unknown,
  handle: Handle,
): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & EnqueueExtensions {
  const args = parseArgs(rawArgs);
  const defaults = args.defaultingType === 'System' ? SYSTEM_DEFAULT_CONSTRAINTS : args.defaultConstraints;
  const systemDefaulted = args.defaultingType === 'System';
  // PreScore's domain counts over all nodes, kept between cycles (see domain-counts.ts).
  const domainCounts = new DomainCountsCache();
  // The default constraints built for a selector, per action and namespace (read-only to callers).
  const defaultedConstraints = new WeakMap<Selector, Map<string, Constraint[]>>();

  function constraintsOf(pod: Pod, action: SpreadAction): Constraint[] {
    const own = pod.spec?.topologySpreadConstraints;
    if (own?.length)
      return filterConstraints(own, pod.metadata?.namespace ?? '', pod.metadata?.labels ?? {}, action);
    const relevant = defaults.filter((c) => c.whenUnsatisfiable === action);
    if (relevant.length === 0) return [];
    const selector = defaultSelector(pod, handle.cluster);
    if (selector.empty()) return [];
    const namespace = pod.metadata?.namespace ?? '';
    // Pods of one owner share its selector object (constraints.ts): their constraints are the same.
    let built = defaultedConstraints.get(selector);
    if (!built) defaultedConstraints.set(selector, (built = new Map()));
    const key = `${action}|${namespace}`;
    let constraints = built.get(key);
    if (!constraints)
      built.set(key, (constraints = filterConstraints(relevant, namespace, {}, action, selector)));
    return constraints;
  }

  const allConstraints = (pod: Pod) => [
    ...constraintsOf(pod, 'DoNotSchedule'),
    ...constraintsOf(pod, 'ScheduleAnyway'),
  ];

  return {
    name: NAME,
    preFilter(state, pod) {
      let constraints: Constraint[];
      try {
        constraints = constraintsOf(pod.pod, 'DoNotSchedule');
      } catch (e) {
        return new Status(Code.Error, [`obtaining pod's hard topology spread constraints: ${String(e)}`]);
      }
      if (constraints.length === 0) return SKIP;
      const snapshot = handle.snapshot();
      const s = computeFilterState(
        pod,
        constraints,
        snapshot.nodeInfoList,
        requiredNodeAffinity(pod.pod),
        domainCounts,
        snapshot.journal,
      );
      state.write(PRE_FILTER_KEY, s);
      return null;
    },
    addPod(state, pod, toAdd, node) {
      state.read<SpreadFilterState>(PRE_FILTER_KEY)?.updateWithPod(pod, toAdd, node, 1);
      return null;
    },
    removePod(state, pod, toRemove, node) {
      state.read<SpreadFilterState>(PRE_FILTER_KEY)?.updateWithPod(pod, toRemove, node, -1);
      return null;
    },
    filter(state, pod, node) {
      const s = state.read<SpreadFilterState>(PRE_FILTER_KEY);
      if (!s) return new Status(Code.Error, [`reading "${PRE_FILTER_KEY}" from cycleState: not found`]);
      const verdict = checkNode(s, pod, node);
      if (verdict === 'label') return unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);
      if (verdict === 'skew') return unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
      return null;
    },
    preScore(state, pod, nodes) {
      const snapshot = handle.snapshot();
      const all = snapshot.nodeInfoList;
      if (nodes.length === 0 || all.length === 0) return SKIP;
      const constraints = constraintsOf(pod.pod, 'ScheduleAnyway');
      if (constraints.length === 0) return SKIP;
      const requireAll = (pod.pod.spec?.topologySpreadConstraints?.length ?? 0) > 0 || !systemDefaulted;
      state.write(
        PRE_SCORE_KEY,
        computeScoreState(
          pod,
          constraints,
          nodes,
          all,
          requireAll,
          requiredNodeAffinity(pod.pod),
          domainCounts,
          snapshot.journal,
        ),
      );
      return null;
    },
    score(state, pod: PodInfo, node) {
      const s = state.read<SpreadScoreState>(PRE_SCORE_KEY);
      return s ? scoreNode(s, pod, node) : 0;
    },
    scoreNodes(state, pod, nodes, scores) {
      const s = state.read<SpreadScoreState>(PRE_SCORE_KEY);
      if (s) scoreNodes(s, pod, nodes, scores);
      else scores.fill(0);
    },
    normalizeScore(state, _pod, scores, nodes) {
      const s = state.read<SpreadScoreState>(PRE_SCORE_KEY);
      if (s) normalize(s, scores, nodes);
      return null;
    },
    eventsToRegister: () => [
      {
        event: { resource: 'Pod', actions: Action.Add | Action.UpdatePodLabel | Action.Delete },
        hint: (pod, oldObj, newObj) => {
          const before = oldObj as Pod | undefined;
          const after = newObj as Pod | undefined;
          const changed = after ?? before!;
          if (changed.metadata?.namespace !== pod.metadata?.namespace || !changed.spec?.nodeName)
            return 'QueueSkip';
          const constraints = allConstraints(pod);
          if (before && after) {
            for (const c of constraints)
              if (
                c.selector.matches(before.metadata?.labels ?? {}) !==
                c.selector.matches(after.metadata?.labels ?? {})
              )
                return 'Queue';
            return 'QueueSkip';
          }
          return constraints.some((c) => c.selector.matches(changed.metadata?.labels ?? {}))
            ? 'Queue'
            : 'QueueSkip';
        },
      },
      {
        event: {
          resource: 'Node',
          actions: Action.Add | Action.Delete | Action.UpdateNodeLabel | Action.UpdateNodeTaint,
        },
        hint: (pod, oldObj, newObj) => {
          const node = (newObj ?? oldObj) as Node;
          return nodeHasAllTopologyKeys(node.metadata?.labels ?? {}, allConstraints(pod))
            ? 'Queue'
            : 'QueueSkip';
        },
      },
    ],
  };
}
