// Building a pod's topology spread constraints (upstream's podtopologyspread/common.go): its
// own constraints for one `whenUnsatisfiable` action (with matchLabelKeys folded into the
// selector), or, when it has none, the plugin's default constraints with a selector made of
// the services and the controller that select the pod.

import type { Pod, TopologySpreadConstraint } from 'kubernetes-types/core/v1.d.ts';
import type { LabelSelector } from 'kubernetes-types/meta/v1.d.ts';
import { labelSelectorAsSelector } from '../../../machinery/label-selector.ts';
import { everything, newRequirement, type Selector, selectorFromSet } from '../../../machinery/labels.ts';
import type { ClusterReader } from '../../framework/interfaces.ts';
import type { NodeInfo } from '../../framework/node-info.ts';
import type { NodeMatcher } from '../../framework/node-selector.ts';
import type { PodInfo } from '../../framework/pod-info.ts';
import { findUntoleratedTaint } from '../../framework/taints.ts';

export type Action = 'DoNotSchedule' | 'ScheduleAnyway';

export interface Constraint {
  maxSkew: number;
  topologyKey: string;
  selector: Selector;
  minDomains: number;
  nodeAffinityPolicy: 'Honor' | 'Ignore';
  nodeTaintsPolicy: 'Honor' | 'Ignore';
  /** Namespace and selector as text: the per-node memo key of matching pod counts. */
  memoKey: string;
  /** The memo's compute function, made once per constraint. */
  counter?: (node: NodeInfo) => number;
}

/** Upstream's system default constraints (defaultingType: System). */
export const SYSTEM_DEFAULT_CONSTRAINTS: TopologySpreadConstraint[] = [
  { topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
];

export function filterConstraints(
  constraints: readonly TopologySpreadConstraint[],
  namespace: string,
  podLabels: Readonly<Record<string, string>>,
  action: Action,
  selectorOverride?: Selector,
): Constraint[] {
  const out: Constraint[] = [];
  for (const c of constraints) {
    if (c.whenUnsatisfiable !== action) continue;
    let selector = selectorOverride ?? labelSelectorAsSelector(c.labelSelector);
    if (!selectorOverride && c.matchLabelKeys?.length) {
      const reqs = c.matchLabelKeys
        .filter((k) => k in podLabels)
        .map((k) => newRequirement(k, '=', [podLabels[k]!]));
      if (reqs.length) selector = selector.add(...reqs);
    }
    out.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector,
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: (c.nodeAffinityPolicy as 'Honor' | 'Ignore' | undefined) ?? 'Honor',
      nodeTaintsPolicy: (c.nodeTaintsPolicy as 'Honor' | 'Ignore' | undefined) ?? 'Ignore',
      memoKey: `spread|${namespace}|${selector.toString()}`,
    });
  }
  return out;
}

/** The selector of the services, replication controller, replica set or stateful set that own/select the pod (upstream's DefaultSelector). */
export function defaultSelector(pod: Pod, cluster: ClusterReader): Selector {
  const ns = pod.metadata?.namespace ?? '';
  const labels = pod.metadata?.labels ?? {};
  const set: Record<string, string> = {};
  for (const svc of cluster.services(ns)) {
    const sel = svc.spec?.selector;
    if (!sel || Object.keys(sel).length === 0) continue;
    if (selectorFromSet(sel).matches(labels)) Object.assign(set, sel);
  }
  let selector = Object.keys(set).length ? selectorFromSet(set) : everything();
  const owner = pod.metadata?.ownerReferences?.find((r) => r.controller);
  if (!owner) return selector;
  try {
    if (owner.kind === 'ReplicationController' && owner.apiVersion === 'v1') {
      const rc = cluster.replicationControllers(ns).find((r) => r.metadata?.name === owner.name);
      if (rc?.spec?.selector) selector = selectorFromSet({ ...set, ...rc.spec.selector });
    } else if (owner.kind === 'ReplicaSet' && owner.apiVersion === 'apps/v1') {
      const rs = cluster.replicaSets(ns).find((r) => r.metadata?.name === owner.name);
      if (rs) selector = withOwnerSelector(selector, rs.spec?.selector);
    } else if (owner.kind === 'StatefulSet' && owner.apiVersion === 'apps/v1') {
      const ss = cluster.statefulSets(ns).find((r) => r.metadata?.name === owner.name);
      if (ss) selector = withOwnerSelector(selector, ss.spec?.selector);
    }
  } catch {
    // An invalid owner selector leaves the service selector.
  }
  return selector;
}

// The owner's label selector parsed (or the error parsing it threw), per selector object: every
// pod of a ReplicaSet asks for the same one, and an informer replaces the object on any change.
const ownerSelectors = new WeakMap<LabelSelector, Selector | Error>();

/**
 * `selector` with the owner's selector's requirements added (upstream's DefaultSelector step).
 * Without service requirements that is the owner's selector itself: the same Selector object
 * for every pod of the owner, so that what is derived from it can be shared (see index.ts).
 */
function withOwnerSelector(selector: Selector, ps: LabelSelector | undefined): Selector {
  let owner: Selector | Error | undefined = ps ? ownerSelectors.get(ps) : undefined;
  if (owner === undefined) {
    try {
      owner = labelSelectorAsSelector(ps);
    } catch (e) {
      owner = e instanceof Error ? e : new Error(String(e));
    }
    if (ps) ownerSelectors.set(ps, owner);
  }
  if (owner instanceof Error) throw owner;
  // labelSelectorAsSelector sorts its requirements as add() does: adding them to everything()
  // would build an equal selector.
  if (selector.empty() && owner.selectable && owner.requirements.length > 0) return owner;
  return selector.add(...owner.requirements);
}

export function nodeHasAllTopologyKeys(
  labels: Readonly<Record<string, string>>,
  constraints: readonly Constraint[],
): boolean {
  for (const c of constraints) if (labels[c.topologyKey] === undefined) return false;
  return true;
}

/** Whether a node counts for a constraint under its nodeAffinityPolicy / nodeTaintsPolicy. */
export function matchNodeInclusionPolicies(
  c: Constraint,
  pod: PodInfo,
  node: NodeInfo,
  requiredAffinity: NodeMatcher,
): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !requiredAffinity(node.labels, node.name)) return false;
  if (c.nodeTaintsPolicy === 'Honor' && findUntoleratedTaint(node.taints, pod.pod.spec?.tolerations))
    return false;
  return true;
}

/** countPodsMatchSelector for a constraint on a node, memoized on the node until its pods change. */
export function countMatching(node: NodeInfo, c: Constraint, namespace: string): number {
  if (c.selector.empty()) return 0;
  c.counter ??= (n) => countPodsMatchSelector(n.pods, c.selector, namespace);
  return node.memo(c.memoKey, c.counter);
}

/** Pods on a node in `namespace` selected by `selector`, terminating ones left out. */
export function countPodsMatchSelector(
  pods: readonly PodInfo[],
  selector: Selector,
  namespace: string,
): number {
  if (selector.empty()) return 0;
  let count = 0;
  for (const p of pods) {
    if (p.namespace !== namespace || p.terminating) continue;
    if (selector.matches(p.labels)) count++;
  }
  return count;
}
