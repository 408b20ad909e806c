// TaintNodesByCondition: a new Node starts tainted not-ready:NoSchedule until its kubelet
// reports Ready (the node lifecycle controller then removes the taint).
import type { AdmissionPlugin } from '../registry/context.ts';

interface Taint {
  key: string;
  effect: string;
  value?: string;
}

export const taintNodesByCondition: AdmissionPlugin = {
  name: 'TaintNodesByCondition',
  admit(attrs) {
    if (attrs.operation !== 'CREATE' || attrs.resource.group !== '' || attrs.resource.resource !== 'nodes')
      return;
    const spec = (attrs.object!.spec ??= {}) as { taints?: Taint[] };
    const taints = (spec.taints ??= []);
    if (!taints.some((t) => t.key === 'node.kubernetes.io/not-ready' && t.effect === 'NoSchedule')) {
      taints.push({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' });
    }
  },
};
