// Whether a node's labels and name suit a pod, as far as a DaemonSet needs to know (upstream's
// nodeaffinity.GetRequiredNodeAffinity(pod).Match(node)): the nodeSelector and the required node
// affinity terms (label expressions and the metadata.name field). Taints: api/core/taints.ts.
import type { NodeSelectorRequirement, NodeSelectorTerm } from 'kubernetes-types/core/v1.js';
import type { Node, Pod } from '../workload-common/types.ts';

function matchesExpression(r: NodeSelectorRequirement, value: string | undefined, present: boolean): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return present && values.includes(value!);
    case 'NotIn':
      return !present || !values.includes(value!);
    case 'Exists':
      return present;
    case 'DoesNotExist':
      return !present;
    case 'Gt':
    case 'Lt': {
      if (!present || values.length !== 1 || !/^-?\d+$/.test(value!) || !/^-?\d+$/.test(values[0]!))
        return false;
      const have = BigInt(value!);
      const want = BigInt(values[0]!);
      return r.operator === 'Gt' ? have > want : have < want;
    }
    default:
      return false;
  }
}

/** One node selector term: every expression and field requirement holds (an empty term matches nothing). */
export function termMatches(term: NodeSelectorTerm, node: Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata?.labels ?? {};
  for (const r of exprs) if (!matchesExpression(r, labels[r.key], Object.hasOwn(labels, r.key))) return false;
  for (const r of fields) {
    if (r.key !== 'metadata.name') return false;
    if (r.operator !== 'In' && r.operator !== 'NotIn') return false;
    if (!matchesExpression(r, node.metadata?.name, true)) return false;
  }
  return true;
}

/** nodeSelector and required node affinity of the pod match the node. */
export function requiredNodeAffinityMatches(pod: Pod, node: Node): boolean {
  const labels = node.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(pod.spec?.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return (required.nodeSelectorTerms ?? []).some((t) => termMatches(t, node));
}
