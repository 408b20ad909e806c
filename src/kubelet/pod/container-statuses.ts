// Runtime container instances → the API's containerStatuses / initContainerStatuses, as
// upstream's convertToAPIContainerStatuses builds them: the newest instance gives the state, the
// one before it the lastTerminationState; containers not created yet wait with ContainerCreating
// (PodInitializing while init containers exist); the reason of the last failed sync
// (CrashLoopBackOff, ImagePullBackOff, ErrImageNeverPull, CreateContainerConfigError…) shows as
// Waiting for containers due to (re)start; then ready/started from the probes.
import type { Container, ContainerState, ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import {
  isRestartableInitContainer,
  type RuntimeContainer,
  type RuntimePodStatus,
  shouldContainerBeRestarted,
} from './runtime-status.ts';

/** The last sync error per container name (upstream's reason cache). */
export type WaitingReasons = ReadonlyMap<string, { reason: string; message: string }>;

/** Probe results by runtime container id; a container without the probe counts as passing. */
export type ProbeResults = ReadonlyMap<string, { ready?: boolean; started?: boolean }>;

/** metav1.Time: RFC 3339 with whole seconds. */
export function apiTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function convert(
  c: RuntimeContainer,
  runtimeName: string,
  old: ContainerStatus | undefined,
): ContainerStatus {
  const containerID = `${runtimeName}://${c.id}`;
  const status: ContainerStatus = {
    name: c.name,
    restartCount: c.restartCount,
    image: c.image,
    imageID: c.imageRef,
    containerID,
    ready: false,
    state: {},
  };
  if (old?.volumeMounts) status.volumeMounts = old.volumeMounts;
  switch (c.state) {
    case 'running':
      status.state = { running: { startedAt: apiTime(c.startedAt) } };
      break;
    case 'created':
      status.state = { waiting: {} };
      break;
    case 'exited':
      status.state = {
        terminated: {
          exitCode: c.exitCode,
          reason: c.reason || undefined,
          message: c.message || undefined,
          startedAt: c.startedAt ? apiTime(c.startedAt) : undefined,
          finishedAt: c.finishedAt ? apiTime(c.finishedAt) : undefined,
          containerID,
        },
      };
      break;
    default:
      if (old?.state?.running) {
        // It ran and is gone: report it terminated rather than never started.
        status.state = {
          terminated: {
            reason: 'ContainerStatusUnknown',
            message: 'The container could not be located when the pod was terminated',
            exitCode: 137,
          },
        };
        status.restartCount = (old.restartCount ?? 0) + 1;
      } else {
        status.state = { waiting: {} };
      }
  }
  return status;
}

export interface ConvertOptions {
  runtimeName?: string;
  previous?: ContainerStatus[];
  waitingReasons?: WaitingReasons;
  isInit: boolean;
}

/** convertToAPIContainerStatuses for one list of containers (regular or init). */
export function convertContainerStatuses(
  pod: Pod,
  runtime: RuntimePodStatus,
  containers: Container[],
  options: ConvertOptions,
): ContainerStatus[] {
  const runtimeName = options.runtimeName ?? 'containerd';
  const hasInit = (pod.spec?.initContainers ?? []).length > 0;
  const defaultReason = hasInit ? 'PodInitializing' : 'ContainerCreating';
  const old = new Map((options.previous ?? []).map((s) => [s.name, s]));
  const statuses = new Map<string, ContainerStatus>();

  for (const container of containers) {
    const previous = old.get(container.name);
    if (previous?.state?.terminated) {
      statuses.set(container.name, structuredClone(previous));
      continue;
    }
    const status: ContainerStatus = {
      name: container.name,
      image: container.image ?? '',
      imageID: '',
      ready: false,
      restartCount: previous?.restartCount ?? 0,
      state: { waiting: { reason: defaultReason } },
    };
    if (previous?.lastState) status.lastState = structuredClone(previous.lastState);
    statuses.set(container.name, status);
  }

  // A container that was running and has vanished from the runtime: it did terminate.
  for (const container of containers) {
    if (runtime.containers.some((c) => c.name === container.name)) continue;
    const previous = old.get(container.name);
    if (!previous || previous.state?.terminated || !previous.state?.running) continue;
    const status = statuses.get(container.name)!;
    if (status.state?.waiting?.reason !== defaultReason || status.lastState?.terminated) continue;
    status.lastState = {
      terminated: {
        reason: 'ContainerStatusUnknown',
        message:
          'The container could not be located when the pod was deleted.  The container used to be Running',
        exitCode: 137,
      },
    };
    if (!pod.metadata?.deletionTimestamp) status.restartCount = (status.restartCount ?? 0) + 1;
  }

  // Newest instance → state, the one before → lastState.
  const seen = new Map<string, number>();
  for (const c of runtime.containers) {
    if (!statuses.has(c.name)) continue;
    const count = seen.get(c.name) ?? 0;
    if (count >= 2) continue;
    const converted = convert(c, runtimeName, old.get(c.name));
    if (count === 0) statuses.set(c.name, converted);
    else statuses.get(c.name)!.lastState = converted.state;
    seen.set(c.name, count + 1);
  }

  // Containers due to be (re)started show the reason of their last failed start.
  for (const container of containers) {
    if (options.isInit) {
      const latest = runtime.containers.find((c) => c.name === container.name);
      if (latest?.state === 'exited' && latest.exitCode === 0 && !isRestartableInitContainer(container))
        continue;
    }
    if (!shouldContainerBeRestarted(container, pod, runtime)) continue;
    const reason = options.waitingReasons?.get(container.name);
    if (!reason) continue;
    const status = statuses.get(container.name)!;
    if (status.state?.terminated) status.lastState = status.state;
    status.state = { waiting: { reason: reason.reason, message: reason.message } };
  }

  // Init containers in spec order; regular ones sorted by name, as upstream sorts them.
  const list = containers.map((c) => statuses.get(c.name)!);
  return options.isInit ? list : list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** UpdatePodStatus of the probe manager: started and ready, from the probes' results. */
export function applyProbeResults(
  containers: Container[],
  statuses: ContainerStatus[],
  probes: ProbeResults | undefined,
  isInit: boolean,
): void {
  for (const status of statuses) {
    const spec = containers.find((c) => c.name === status.name);
    if (!spec) continue;
    const id = status.containerID?.replace(/^[a-z]+:\/\//, '') ?? '';
    const result = probes?.get(id);
    if (isInit && !isRestartableInitContainer(spec)) {
      status.started = !!status.state?.running;
      status.ready = status.state?.terminated?.exitCode === 0;
      continue;
    }
    const running = !!status.state?.running;
    const started = running && (spec.startupProbe ? result?.started === true : true);
    status.started = started;
    status.ready = started && (spec.readinessProbe ? result?.ready === true : true);
  }
}

/** The state of a container status, for code that only needs to know which one is set. */
export function stateOf(state: ContainerState | undefined): 'waiting' | 'running' | 'terminated' | 'none' {
  if (state?.running) return 'running';
  if (state?.terminated) return 'terminated';
  if (state?.waiting) return 'waiting';
  return 'none';
}
