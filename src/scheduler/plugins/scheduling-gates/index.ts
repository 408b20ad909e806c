// SchedulingGates: pods with spec.schedulingGates stay out of the active queue until the gates
// are removed (PreEnqueue).
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import { Action } from '../../framework/events.ts';
import type { EnqueueExtensions, PreEnqueuePlugin } from '../../framework/interfaces.ts';
import { unresolvable } from '../../framework/status.ts';

export const NAME = 'SchedulingGates';

export function newSchedulingGates(): PreEnqueuePlugin & EnqueueExtensions {
  return {
    name: NAME,
    preEnqueue(pod) {
      const gates = pod.spec?.schedulingGates;
      if (!gates?.length) return null;
      return unresolvable(`waiting for scheduling gates: [${gates.map((g) => g.name).join(' ')}]`);
    },
    eventsToRegister: () => [
      {
        event: { resource: 'Pod', actions: Action.UpdatePodSchedulingGatesEliminated },
        hint: (pod, _old, newObj) => {
          const p = newObj as Pod | undefined;
          return p?.metadata?.uid === pod.metadata?.uid && !p?.spec?.schedulingGates?.length
            ? 'Queue'
            : 'QueueSkip';
        },
      },
    ],
  };
}
