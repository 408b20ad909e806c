// The pod conditions the kubelet owns (upstream's status/generate.go): PodReadyToStartContainers,
// Initialized, Ready, ContainersReady and PodScheduled, with the reasons and messages upstream
// writes; lastTransitionTime kept while a condition's status does not change.
import type { ContainerStatus, Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import { hasAnyRegularContainerStarted, type PodPhase } from './pod-phase.ts';
import { isRestartableInitContainer } from './runtime-status.ts';

export const KUBELET_CONDITIONS = [
  'PodScheduled',
  'PodReadyToStartContainers',
  'Initialized',
  'Ready',
  'ContainersReady',
];

/** Go's %s of a []string: `[a b]`. */
const goList = (names: string[]) => `[${names.join(' ')}]`;

export function podReadyToStartContainersCondition(sandboxReady: boolean): PodCondition {
  return { type: 'PodReadyToStartContainers', status: sandboxReady ? 'True' : 'False' };
}

export function podInitializedCondition(
  pod: Pod,
  statuses: ContainerStatus[],
  phase: PodPhase,
): PodCondition {
  const inits = pod.spec?.initContainers ?? [];
  if (inits.length === 0) return { type: 'Initialized', status: 'True' };
  const byName = new Map(statuses.map((s) => [s.name, s]));
  const unknown: string[] = [];
  const incomplete: string[] = [];
  for (const c of inits) {
    const s = byName.get(c.name);
    if (!s) {
      unknown.push(c.name);
    } else if (isRestartableInitContainer(c)) {
      if (!s.started) incomplete.push(c.name);
    } else if (s.state?.terminated?.exitCode !== 0) {
      incomplete.push(c.name);
    }
  }
  if (phase === 'Succeeded' && unknown.length === 0)
    return { type: 'Initialized', status: 'True', reason: 'PodCompleted' };
  if (hasAnyRegularContainerStarted(pod, statuses)) return { type: 'Initialized', status: 'True' };
  const messages: string[] = [];
  if (unknown.length) messages.push(`containers with unknown status: ${goList(unknown)}`);
  if (incomplete.length) messages.push(`containers with incomplete status: ${goList(incomplete)}`);
  if (messages.length) {
    return {
      type: 'Initialized',
      status: 'False',
      reason: 'ContainersNotInitialized',
      message: messages.join(', '),
    };
  }
  return { type: 'Initialized', status: 'True' };
}

export function containersReadyCondition(
  pod: Pod,
  statuses: ContainerStatus[],
  phase: PodPhase,
): PodCondition {
  const byName = new Map(statuses.map((s) => [s.name, s]));
  const unknown: string[] = [];
  const unready: string[] = [];
  const counted = [
    ...(pod.spec?.initContainers ?? []).filter(isRestartableInitContainer),
    ...(pod.spec?.containers ?? []),
  ];
  for (const c of counted) {
    const s = byName.get(c.name);
    if (!s) unknown.push(c.name);
    else if (!s.ready) unready.push(c.name);
  }
  if (phase === 'Succeeded' && unknown.length === 0)
    return { type: 'ContainersReady', status: 'False', reason: 'PodCompleted' };
  if (phase === 'Failed') return { type: 'ContainersReady', status: 'False', reason: 'PodFailed' };
  const messages: string[] = [];
  if (unknown.length) messages.push(`containers with unknown status: ${goList(unknown)}`);
  if (unready.length) messages.push(`containers with unready status: ${goList(unready)}`);
  if (messages.length)
    return {
      type: 'ContainersReady',
      status: 'False',
      reason: 'ContainersNotReady',
      message: messages.join(', '),
    };
  return { type: 'ContainersReady', status: 'True' };
}

/** Ready: ContainersReady, then every readiness gate's condition True. */
export function podReadyCondition(
  pod: Pod,
  conditions: PodCondition[],
  statuses: ContainerStatus[],
  phase: PodPhase,
): PodCondition {
  const containersReady = containersReadyCondition(pod, statuses, phase);
  if (containersReady.status !== 'True') return { ...containersReady, type: 'Ready' };
  const messages: string[] = [];
  for (const gate of pod.spec?.readinessGates ?? []) {
    const c = conditions.find((x) => x.type === gate.conditionType);
    if (!c)
      messages.push(`corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`);
    else if (c.status !== 'True')
      messages.push(
        `the status of pod readiness gate "${gate.conditionType}" is not "True", but ${c.status}`,
      );
  }
  if (messages.length)
    return { type: 'Ready', status: 'False', reason: 'ReadinessGatesNotReady', message: messages.join(', ') };
  return { type: 'Ready', status: 'True' };
}

/** Keeps lastTransitionTime from the old condition of the same type and status, else `now`. */
export function withTransitionTimes(
  conditions: PodCondition[],
  old: PodCondition[] | undefined,
  now: string,
): PodCondition[] {
  return conditions.map((c) => {
    const previous = old?.find((o) => o.type === c.type);
    const lastTransitionTime =
      previous && previous.status === c.status && previous.lastTransitionTime
        ? previous.lastTransitionTime
        : now;
    return { ...c, lastTransitionTime };
  });
}
