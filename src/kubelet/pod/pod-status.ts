// The whole PodStatus the kubelet reports for a pod (upstream's generateAPIPodStatus plus what
// its status manager adds): pod IPs, QoS class, container statuses, phase (terminal phases
// never revert), the kubelet's conditions, host IPs and start time. Pure: runtime state, probe
// results, sync errors and the clock are inputs.
import type { Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1.js';
import {
  apiTime,
  applyProbeResults,
  convertContainerStatuses,
  type ProbeResults,
  type WaitingReasons,
} from './container-statuses.ts';
import {
  containersReadyCondition,
  KUBELET_CONDITIONS,
  podInitializedCondition,
  podReadyCondition,
  podReadyToStartContainersCondition,
  withTransitionTimes,
} from './pod-conditions.ts';
import { podPhase } from './pod-phase.ts';
import { podQOSClass } from './qos.ts';
import { podSandboxChanged, type RuntimePodStatus } from './runtime-status.ts';

export interface PodStatusInputs {
  runtime: RuntimePodStatus;
  /** The node's IPs, primary first. */
  hostIPs: string[];
  /** The status the kubelet last computed for this pod (status manager), else pod.status. */
  previous?: PodStatus;
  waitingReasons?: WaitingReasons;
  probes?: ProbeResults;
  /** The pod is done (deleted, or all containers finished for good): phase becomes terminal. */
  podIsTerminal?: boolean;
  runtimeName?: string;
  /** Milliseconds since the epoch. */
  now: number;
}

const isTerminal = (phase: string | undefined) => phase === 'Failed' || phase === 'Succeeded';

const ipv4First = (ips: string[]) => {
  const v4 = ips.find((ip) => !ip.includes(':'));
  const v6 = ips.find((ip) => ip.includes(':'));
  return [v4, v6].filter((ip): ip is string => !!ip);
};

export function generatePodStatus(pod: Pod, inputs: PodStatusInputs): PodStatus {
  const previous = inputs.previous ?? pod.status ?? {};
  const spec = pod.spec ?? { containers: [] };
  const status: PodStatus = {};

  const [sandbox] = inputs.runtime.sandboxes;
  const podIPs = spec.hostNetwork ? [...inputs.hostIPs] : ipv4First(sandbox?.ips ?? []);
  if (spec.hostNetwork && previous.podIP) podIPs.splice(0, podIPs.length, previous.podIP);
  if (podIPs.length) {
    status.podIP = podIPs[0];
    status.podIPs = podIPs.map((ip) => ({ ip }));
  }
  status.qosClass = podQOSClass(pod);

  const common = { runtimeName: inputs.runtimeName, waitingReasons: inputs.waitingReasons };
  status.containerStatuses = convertContainerStatuses(pod, inputs.runtime, spec.containers ?? [], {
    ...common,
    previous: previous.containerStatuses,
    isInit: false,
  });
  applyProbeResults(spec.containers ?? [], status.containerStatuses, inputs.probes, false);
  if ((spec.initContainers ?? []).length > 0) {
    status.initContainerStatuses = convertContainerStatuses(pod, inputs.runtime, spec.initContainers ?? [], {
      ...common,
      previous: previous.initContainerStatuses,
      isInit: true,
    });
    applyProbeResults(spec.initContainers ?? [], status.initContainerStatuses, inputs.probes, true);
  }

  const all = [...status.containerStatuses, ...(status.initContainerStatuses ?? [])];
  let phase = podPhase(pod, all, inputs.podIsTerminal ?? false);
  if (!isTerminal(phase)) {
    if (isTerminal(previous.phase)) phase = previous.phase as typeof phase;
    else if (isTerminal(pod.status?.phase)) phase = pod.status!.phase as typeof phase;
  }
  // Pods never leave a terminal phase the API already shows.
  if (isTerminal(pod.status?.phase)) phase = pod.status!.phase as typeof phase;
  status.phase = phase;
  if (phase === previous.phase) {
    status.reason = previous.reason || pod.status?.reason;
    status.message = previous.message || pod.status?.message;
  }

  const now = apiTime(inputs.now);
  const kept = (pod.status?.conditions ?? []).filter((c) => !KUBELET_CONDITIONS.includes(c.type));
  const initStatuses = [...(status.initContainerStatuses ?? []), ...status.containerStatuses];
  const conditions: PodCondition[] = [
    podReadyToStartContainersCondition(!podSandboxChanged(pod, inputs.runtime).changed),
    podInitializedCondition(pod, initStatuses, phase),
  ];
  conditions.push(podReadyCondition(pod, [...kept, ...conditions], initStatuses, phase));
  conditions.push(containersReadyCondition(pod, initStatuses, phase));
  conditions.push({ type: 'PodScheduled', status: 'True' });
  status.conditions = [...kept, ...withTransitionTimes(conditions, previous.conditions, now)];

  if (inputs.hostIPs.length) {
    status.hostIP = inputs.hostIPs[0];
    status.hostIPs = inputs.hostIPs.map((ip) => ({ ip }));
  }
  status.startTime = previous.startTime ?? now;
  return status;
}
