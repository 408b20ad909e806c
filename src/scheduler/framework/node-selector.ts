// Matching nodes against a pod's node constraints (upstream's component-helpers nodeaffinity):
// `spec.nodeSelector` (exact labels) AND the required node affinity, whose terms are ORed and
// whose expressions within a term are ANDed; `matchFields` may only name `metadata.name`.
// A term that does not parse matches no node, as upstream's lazy-error node selector.
import type {
  Node,
  NodeSelector,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  Pod,
} from 'kubernetes-types/core/v1.d.ts';
import {
  everything,
  type Labels,
  newRequirement,
  type Operator,
  type Selector,
  selectorFromSet,
} from '../../machinery/labels.ts';

/** A compiled node constraint: `matches(labels, nodeName)`. */
export type NodeMatcher = (labels: Labels, nodeName: string) => boolean;

const OPERATORS: Record<string, Operator> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
  Gt: 'gt',
  Lt: 'lt',
};

function labelMatcher(reqs: readonly NodeSelectorRequirement[]): Selector {
  let s = everything();
  for (const r of reqs) {
    const op = OPERATORS[r.operator];
    if (!op) throw new Error(`${r.operator} is not a valid node selector operator`);
    s = s.add(newRequirement(r.key, op, r.values ?? []));
  }
  return s;
}

function fieldMatcher(reqs: readonly NodeSelectorRequirement[]): (nodeName: string) => boolean {
  const checks = reqs.map((r) => {
    if (r.key !== 'metadata.name') throw new Error(`not a valid field selector key: ${r.key}`);
    const values = r.values ?? [];
    if (r.operator === 'In') {
      if (values.length !== 1) throw new Error('metadata.name requires exactly one value');
      return (n: string) => values.includes(n);
    }
    if (r.operator === 'NotIn') {
      if (values.length !== 1) throw new Error('metadata.name requires exactly one value');
      return (n: string) => !values.includes(n);
    }
    throw new Error(`${r.operator} is not a valid field selector operator`);
  });
  return (n) => checks.every((c) => c(n));
}

function compileTerm(t: NodeSelectorTerm): NodeMatcher {
  const exprs = t.matchExpressions ?? [];
  const fields = t.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return () => false;
  try {
    const labels = exprs.length ? labelMatcher(exprs) : undefined;
    const byName = fields.length ? fieldMatcher(fields) : undefined;
    return (l, n) => (labels ? labels.matches(l) : true) && (byName ? byName(n) : true);
  } catch {
    return () => false;
  }
}

/** A NodeSelector (ORed terms). */
export function compileNodeSelector(ns: NodeSelector): NodeMatcher {
  const terms = (ns.nodeSelectorTerms ?? []).map(compileTerm);
  if (terms.length === 1) return terms[0]!;
  return (l, n) => {
    for (const t of terms) if (t(l, n)) return true;
    return false;
  };
}

/** One preferred term, as a matcher (an empty term matches nothing). */
export function compileNodeSelectorTerm(t: NodeSelectorTerm): NodeMatcher {
  return compileTerm(t);
}

const ALWAYS: NodeMatcher = () => true;

/**
 * The pod's required node constraints (nodeSelector AND required node affinity), compiled once
 * per pod (upstream's GetRequiredNodeAffinity). Usage: `requiredNodeAffinity(pod)(node.labels, node.name)`.
 */
export function requiredNodeAffinity(pod: Pod): NodeMatcher {
  const selector = pod.spec?.nodeSelector;
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const bySelector = selector && Object.keys(selector).length ? selectorFromSet(selector) : undefined;
  const byAffinity = required ? compileNodeSelector(required) : undefined;
  if (!bySelector && !byAffinity) return ALWAYS;
  if (!byAffinity) return (l) => bySelector!.matches(l);
  if (!bySelector) return byAffinity;
  return (l, n) => bySelector.matches(l) && byAffinity(l, n);
}

/** Convenience for a Node object. */
export function nodeMatches(m: NodeMatcher, node: Node): boolean {
  return m(node.metadata?.labels ?? {}, node.metadata?.name ?? '');
}
