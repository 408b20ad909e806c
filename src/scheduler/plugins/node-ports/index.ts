// NodePorts: a pod asking for host ports fits only nodes where no pod holds them already
// (a wildcard host IP collides with every IP on the same protocol and port).
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { StateData } from '../../framework/cycle-state.ts';
import { Action } from '../../framework/events.ts';
import type { EnqueueExtensions, FilterPlugin, PreFilterPlugin } from '../../framework/interfaces.ts';
import { type HostPort, PodInfo } from '../../framework/pod-info.ts';
import { SKIP, unschedulable } from '../../framework/status.ts';

export const NAME = 'NodePorts';
export const ERR_REASON = "node(s) didn't have free ports for the requested pod ports";

class PortsState implements StateData {
  readonly ports: readonly HostPort[];
  constructor(p: readonly HostPort[]) {
    this.ports = p;
  }
  clone(): StateData {
    return this;
  }
}

function conflicts(a: HostPort, b: HostPort): boolean {
  if (a.port !== b.port || a.protocol !== b.protocol) return false;
  return a.hostIP === '0.0.0.0' || b.hostIP === '0.0.0.0' || a.hostIP === b.hostIP;
}

export function newNodePorts(): PreFilterPlugin & FilterPlugin & EnqueueExtensions {
  return {
    name: NAME,
    preFilter(state, pod) {
      if (pod.hostPorts.length === 0) return SKIP;
      state.write(NAME, new PortsState(pod.hostPorts));
      return null;
    },
    filter(_state, pod, node) {
      if (node.usedPorts.size === 0) return null;
      for (const p of pod.hostPorts) if (node.portConflicts(p)) return unschedulable(ERR_REASON);
      return null;
    },
    eventsToRegister: () => [
      {
        event: { resource: 'Pod', actions: Action.Delete },
        hint: (pod, oldObj) => {
          const deleted = oldObj as Pod;
          if (!deleted.spec?.nodeName) return 'QueueSkip';
          const wanted = new PodInfo(pod).hostPorts;
          const freed = new PodInfo(deleted).hostPorts;
          return wanted.some((w) => freed.some((f) => conflicts(w, f))) ? 'Queue' : 'QueueSkip';
        },
      },
      { event: { resource: 'Node', actions: Action.Add } },
    ],
  };
}
