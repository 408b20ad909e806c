// The pod's phase from its container statuses (upstream's getPhase).
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import { isRestartableInitContainer } from './runtime-status.ts';

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

/** Whether any regular container has started (the pod was initialized at some point). */
export function hasAnyRegularContainerStarted(pod: Pod, statuses: ContainerStatus[]): boolean {
  const names = new Set((pod.spec?.containers ?? []).map((c) => c.name));
  return statuses.some((s) => names.has(s.name) && (s.state?.running || s.state?.terminated));
}

/** `statuses` holds both regular and init container statuses. */
export function podPhase(pod: Pod, statuses: ContainerStatus[], podIsTerminal: boolean): PodPhase {
  const spec = pod.spec ?? { containers: [] };
  const byName = new Map(statuses.map((s) => [s.name, s]));
  let pendingInitialization = 0;
  let failedInitialization = 0;

  for (const c of spec.initContainers ?? []) {
    if (isRestartableInitContainer(c)) continue;
    const s = byName.get(c.name);
    if (!s) {
      pendingInitialization++;
    } else if (s.state?.running) {
      pendingInitialization++;
    } else if (s.state?.terminated) {
      if (s.state.terminated.exitCode !== 0) failedInitialization++;
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) {
        if (s.lastState.terminated.exitCode !== 0) failedInitialization++;
      } else {
        pendingInitialization++;
      }
    } else {
      pendingInitialization++;
    }
  }

  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;

  for (const c of spec.initContainers ?? []) {
    if (!isRestartableInitContainer(c)) continue;
    const s = byName.get(c.name);
    if (!s) {
      unknown++;
    } else if (s.state?.running) {
      if (!s.started) pendingInitialization++;
      running++;
    } else if (s.state?.terminated) {
      // Terminated sidecars do not count towards the phase.
    } else if (s.state?.waiting) {
      if (!s.lastState?.terminated) {
        pendingInitialization++;
        waiting++;
      }
    } else {
      pendingInitialization++;
      unknown++;
    }
  }

  for (const c of spec.containers ?? []) {
    const s = byName.get(c.name);
    if (!s) {
      unknown++;
    } else if (s.state?.running) {
      running++;
    } else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) stopped++;
      else waiting++;
    } else {
      unknown++;
    }
  }

  const restartPolicy = spec.restartPolicy ?? 'Always';
  if (failedInitialization > 0 && restartPolicy === 'Never') return 'Failed';
  if ((pendingInitialization > 0 && !hasAnyRegularContainerStarted(pod, statuses)) || waiting > 0)
    return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    const isStatic =
      pod.metadata?.annotations?.['kubernetes.io/config.source'] !== undefined &&
      pod.metadata.annotations['kubernetes.io/config.source'] !== 'api';
    if (podIsTerminal && !isStatic) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}
