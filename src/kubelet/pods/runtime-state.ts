// Reads what the runtime holds for one pod (upstream's GetPodStatus): its sandboxes and every
// container instance, found by the pod-UID label the kubelet put on them, with each exited
// container's termination message read from the file mounted at its terminationMessagePath
// (or, with FallbackToLogsOnError, the tail of its log).
import { readFileSync } from 'node:fs';
import type { CriClient } from '../cri/cri-client.ts';
import { isNotFound } from '../cri/cri-error.ts';
import type { ContainerStatus as CriContainerStatus } from '../cri/types.ts';
import { formatCriLog } from '../pod/cri-log.ts';
import { containerFromLabels, POD_UID_LABEL } from '../pod/labels.ts';
import {
  type RuntimeContainer,
  type RuntimePodStatus,
  type RuntimeSandbox,
  runtimeContainerFromCri,
  runtimePodStatus,
  runtimeSandboxFromCri,
} from '../pod/runtime-status.ts';

/** Upstream's maxMessageLength for termination messages: 4 KiB. */
const MAX_MESSAGE_BYTES = 4096;
/** FallbackToLogsOnError takes the last 80 lines, at most 2 KiB. */
const FALLBACK_LOG_LINES = 80;
const FALLBACK_LOG_BYTES = 2048;

function readLimited(path: string, limit: number): string {
  try {
    const data = readFileSync(path);
    return data.subarray(0, limit).toString('utf8');
  } catch {
    return '';
  }
}

/** The termination message of an exited container, as upstream's kubelet reads it. */
export function terminationMessage(status: CriContainerStatus): string {
  if (status.state !== 'CONTAINER_EXITED') return '';
  const labeled = containerFromLabels(status.labels, status.annotations);
  const path = labeled.terminationMessagePath || '/dev/termination-log';
  const mount = status.mounts.find((m) => m.containerPath === path);
  let message = mount ? readLimited(mount.hostPath, MAX_MESSAGE_BYTES) : '';
  if (!message && labeled.terminationMessagePolicy === 'FallbackToLogsOnError' && status.exitCode !== 0) {
    try {
      const log = formatCriLog(readFileSync(status.logPath), { tailLines: FALLBACK_LOG_LINES });
      message = log.subarray(Math.max(0, log.length - FALLBACK_LOG_BYTES)).toString('utf8');
    } catch {
      // No log either.
    }
  }
  return message;
}

export interface PodRuntimeState extends RuntimePodStatus {
  /** The CRI statuses by container id (mounts, log path) for the callers that need more. */
  criContainers: Map<string, CriContainerStatus>;
  /** The states of the pod's sandboxes and containers, in the PLEG's terms. */
  fingerprint: string;
  /** When the reading began (performance.now()): the state is at least this new. */
  readAt: number;
}

/** `id=STATE` of every sandbox and container, sorted: equal when nothing changed. Pure. */
export function runtimeFingerprint(states: Iterable<[string, string]>): string {
  return [...states]
    .map(([id, state]) => `${id}=${state}`)
    .sort()
    .join(',');
}

/** Everything the runtime has for the pod with this UID; objects that vanish meanwhile are skipped. */
export async function readPodRuntime(cri: CriClient, uid: string): Promise<PodRuntimeState> {
  const selector = { labelSelector: { [POD_UID_LABEL]: uid } };
  const readAt = performance.now();
  const [sandboxList, containerList] = await Promise.all([
    cri.listPodSandbox(selector),
    cri.listContainers(selector),
  ]);
  const sandboxes: RuntimeSandbox[] = [];
  const containers: RuntimeContainer[] = [];
  const criContainers = new Map<string, CriContainerStatus>();
  await Promise.all([
    ...sandboxList.map(async (s) => {
      try {
        const status = (await cri.podSandboxStatus(s.id)).status;
        if (status) sandboxes.push(runtimeSandboxFromCri(status));
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }),
    ...containerList.map(async (c) => {
      try {
        const status = (await cri.containerStatus(c.id)).status;
        if (!status) return;
        const container = runtimeContainerFromCri(status);
        container.message = terminationMessage(status);
        containers.push(container);
        criContainers.set(status.id, status);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }),
  ]);
  const fingerprint = runtimeFingerprint([
    ...sandboxes.map((s): [string, string] => [s.id, s.ready ? 'SANDBOX_READY' : 'SANDBOX_NOTREADY']),
    ...[...criContainers.values()].map((c): [string, string] => [c.id, c.state]),
  ]);
  return { ...runtimePodStatus(sandboxes, containers), criContainers, fingerprint, readAt };
}
