// Which pod updates matter to the kubelet. Like upstream's config source (podsDifferSemantically),
// a change of status alone needs no sync: most such updates are the kubelet's own status writes.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { canonicalJson } from '../internal/canonical-json.ts';

/** Equal in everything the kubelet acts on: metadata (bar bookkeeping) and spec. Pure. */
export function podSemanticallyEqual(a: Pod, b: Pod): boolean {
  return semanticView(a) === semanticView(b);
}

function semanticView(pod: Pod): string {
  const { resourceVersion: _rv, managedFields: _mf, generation: _g, ...meta } = pod.metadata ?? {};
  return canonicalJson({ meta, spec: pod.spec });
}
