// What one sync of a pod must do, from its spec and what the runtime holds (upstream's
// computePodActions with 1.32's sidecar containers): kill the pod and create a new sandbox,
// start the next init container (in order; restartable "sidecar" init containers keep
// running), start regular containers once initialization is done, and kill containers whose
// spec changed or whose liveness/startup probe failed. Pure: probe results are inputs.
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { containerHash } from '../pod/labels.ts';
import {
  isRestartableInitContainer,
  latestContainer,
  podSandboxChanged,
  type RuntimeContainer,
  type RuntimePodStatus,
  shouldContainerBeRestarted,
} from '../pod/runtime-status.ts';

export interface ProbeVerdicts {
  /** Runtime container ids whose liveness probe failed (past its threshold). */
  livenessFailed: ReadonlySet<string>;
  /** Runtime container ids whose startup probe failed. */
  startupFailed: ReadonlySet<string>;
  /** Runtime container ids whose startup probe succeeded (or that have none). */
  started: (container: Container, running: RuntimeContainer) => boolean;
}

export interface ContainerToKill {
  id: string;
  name: string;
  /** The Killing event's message. */
  message: string;
}

export interface PodActions {
  /** Stop every container and the sandbox first. */
  killPod: boolean;
  createSandbox: boolean;
  /** The attempt number of the sandbox to create. */
  attempt: number;
  /** The sandbox to use when none is created. */
  sandboxId?: string;
  initContainersToStart: Container[];
  containersToStart: Container[];
  containersToKill: ContainerToKill[];
}

const noProbes: ProbeVerdicts = {
  livenessFailed: new Set(),
  startupFailed: new Set(),
  started: () => true,
};

function succeeded(status: RuntimePodStatus, name: string): boolean {
  const latest = latestContainer(status, name);
  return latest?.state === 'exited' && latest.exitCode === 0;
}

function restartsOnFailure(pod: Pod): boolean {
  return (pod.spec?.restartPolicy ?? 'Always') !== 'Never';
}

/** Whether any regular container has ever run in this pod's current sandbox. */
function regularContainersStarted(pod: Pod, status: RuntimePodStatus): boolean {
  return (pod.spec?.containers ?? []).some((c) => latestContainer(status, c.name) !== undefined);
}

/**
 * Init containers: appends what to start or kill, and says whether initialization is done
 * (every regular init container succeeded and every sidecar before them started).
 */
function initContainerActions(
  pod: Pod,
  status: RuntimePodStatus,
  probes: ProbeVerdicts,
  actions: PodActions,
): { done: boolean; failed: boolean } {
  const initialized = regularContainersStarted(pod, status);
  for (const c of pod.spec?.initContainers ?? []) {
    const latest = latestContainer(status, c.name);
    if (isRestartableInitContainer(c)) {
      if (latest?.state !== 'running') {
        actions.initContainersToStart.push(c);
        if (initialized) continue;
        return { done: false, failed: false };
      }
      if (probes.startupFailed.has(latest.id)) {
        actions.containersToKill.push({
          id: latest.id,
          name: c.name,
          message: `Init container ${c.name} failed startup probe`,
        });
        actions.initContainersToStart.push(c);
        return { done: false, failed: false };
      }
      if (probes.livenessFailed.has(latest.id)) {
        actions.containersToKill.push({
          id: latest.id,
          name: c.name,
          message: `Init container ${c.name} failed liveness probe`,
        });
        actions.initContainersToStart.push(c);
      }
      if (!initialized && !probes.started(c, latest)) return { done: false, failed: false };
      continue;
    }
    if (initialized) continue;
    if (!latest) {
      actions.initContainersToStart.push(c);
      return { done: false, failed: false };
    }
    if (latest.state === 'running') return { done: false, failed: false };
    if (latest.state === 'exited' && latest.exitCode === 0) continue;
    // Failed (or stuck in created/unknown): retry unless the pod never restarts.
    if (latest.state === 'exited' && !restartsOnFailure(pod)) return { done: false, failed: true };
    actions.initContainersToStart.push(c);
    return { done: false, failed: false };
  }
  return { done: true, failed: false };
}

export function computePodActions(
  pod: Pod,
  status: RuntimePodStatus,
  probes: ProbeVerdicts = noProbes,
): PodActions {
  const { changed, attempt } = podSandboxChanged(pod, status);
  const actions: PodActions = {
    killPod: false,
    createSandbox: false,
    attempt,
    initContainersToStart: [],
    containersToStart: [],
    containersToKill: [],
  };
  const containers = pod.spec?.containers ?? [];
  const inits = pod.spec?.initContainers ?? [];

  if (changed) {
    actions.killPod = true;
    // A pod that never restarts does not get a second sandbox once its containers ran.
    if (!restartsOnFailure(pod) && attempt !== 0 && status.containers.length > 0) return actions;
    const toStart = containers.filter(
      (c) => !((pod.spec?.restartPolicy ?? 'Always') === 'OnFailure' && succeeded(status, c.name)),
    );
    if (toStart.length === 0 && inits.length === 0) return actions;
    actions.createSandbox = true;
    if (inits.length > 0) actions.initContainersToStart.push(inits[0]!);
    else actions.containersToStart.push(...toStart);
    return actions;
  }
  actions.sandboxId = status.sandboxes[0]?.id;

  const init = initContainerActions(pod, status, probes, actions);
  if (init.failed) {
    actions.killPod = true;
    actions.initContainersToStart = [];
    return actions;
  }
  if (!init.done) return actions;

  let keep = 0;
  for (const c of containers) {
    const latest = latestContainer(status, c.name);
    if (latest?.state !== 'running') {
      if (shouldContainerBeRestarted(c, pod, status)) actions.containersToStart.push(c);
      continue;
    }
    let message: string | undefined;
    if (latest.hash && latest.hash !== containerHash(c)) message = `Container ${c.name} definition changed`;
    else if (probes.livenessFailed.has(latest.id)) message = `Container ${c.name} failed liveness probe`;
    else if (probes.startupFailed.has(latest.id)) message = `Container ${c.name} failed startup probe`;
    if (message === undefined) {
      keep++;
      continue;
    }
    const restart = restartsOnFailure(pod);
    actions.containersToKill.push({
      id: latest.id,
      name: c.name,
      message: restart ? `${message}, will be restarted` : message,
    });
    if (restart) actions.containersToStart.push(c);
  }
  // No regular container runs and none will: the pod is done; its sidecars and sandbox go too.
  if (keep === 0 && actions.containersToStart.length === 0) {
    actions.killPod = true;
    actions.initContainersToStart = [];
  }
  return actions;
}
