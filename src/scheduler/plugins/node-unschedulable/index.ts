// NodeUnschedulable: keeps pods off cordoned nodes (spec.unschedulable) unless they tolerate
// the node.kubernetes.io/unschedulable:NoSchedule taint.
import type { Node, Pod, Taint } from 'kubernetes-types/core/v1.d.ts';
import { Action } from '../../framework/events.ts';
import type { EnqueueExtensions, FilterPlugin } from '../../framework/interfaces.ts';
import { unresolvable } from '../../framework/status.ts';
import { tolerationsTolerateTaint } from '../../framework/taints.ts';

export const NAME = 'NodeUnschedulable';
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';

const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

function tolerates(pod: Pod): boolean {
  return tolerationsTolerateTaint(pod.spec?.tolerations, UNSCHEDULABLE_TAINT);
}

export function newNodeUnschedulable(): FilterPlugin & EnqueueExtensions {
  return {
    name: NAME,
    filter(_state, pod, node) {
      if (node.unschedulable && !tolerates(pod.pod)) return unresolvable(ERR_REASON_UNSCHEDULABLE);
      return null;
    },
    eventsToRegister: () => [
      {
        event: { resource: 'Node', actions: Action.Add | Action.UpdateNodeTaint },
        hint: (pod, oldObj, newObj) => {
          const now = newObj as Node;
          const before = oldObj as Node | undefined;
          if (before && !before.spec?.unschedulable) return 'QueueSkip';
          return !now.spec?.unschedulable || tolerates(pod) ? 'Queue' : 'QueueSkip';
        },
      },
    ],
  };
}
