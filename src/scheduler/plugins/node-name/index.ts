// NodeName: a pod that names its node (spec.nodeName) fits only that node.
import type { Node } from 'kubernetes-types/core/v1.d.ts';
import { Action } from '../../framework/events.ts';
import type { EnqueueExtensions, FilterPlugin } from '../../framework/interfaces.ts';
import { unresolvable } from '../../framework/status.ts';

export const NAME = 'NodeName';
export const ERR_REASON = "node(s) didn't match the requested node name";

export function newNodeName(): FilterPlugin & EnqueueExtensions {
  return {
    name: NAME,
    filter(_state, pod, node) {
      const wanted = pod.pod.spec?.nodeName;
      if (wanted && wanted !== node.name) return unresolvable(ERR_REASON);
      return null;
    },
    eventsToRegister: () => [
      {
        event: { resource: 'Node', actions: Action.Add },
        hint: (pod, _old, newObj) => {
          const wanted = pod.spec?.nodeName;
          return !wanted || wanted === (newObj as Node).metadata?.name ? 'Queue' : 'QueueSkip';
        },
      },
    ],
  };
}
