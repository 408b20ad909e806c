// What the runtime says about a pod, in the shape the status logic needs (upstream's
// kubecontainer.PodStatus): its sandboxes and every container instance, newest first.
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import type { ContainerStatus as CriContainerStatus, PodSandboxStatus } from '../cri/types.ts';
import { containerFromLabels } from './labels.ts';

export type RuntimeContainerState = 'created' | 'running' | 'exited' | 'unknown';

export interface RuntimeContainer {
  /** The runtime's container id (without the `containerd://` prefix). */
  id: string;
  name: string;
  state: RuntimeContainerState;
  /** Milliseconds since the epoch; 0 when not reached. */
  createdAt: number;
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  /** containerd: Completed, Error, OOMKilled… */
  reason: string;
  /** Termination message (read by the worker from the container's termination log). */
  message: string;
  image: string;
  imageRef: string;
  restartCount: number;
  hash: string;
}

export interface RuntimeSandbox {
  id: string;
  ready: boolean;
  createdAt: number;
  /** The pod's IPs as the runtime reports them, primary first. */
  ips: string[];
  attempt: number;
}

export interface RuntimePodStatus {
  /** Newest first. */
  sandboxes: RuntimeSandbox[];
  /** Every container instance of the pod, newest first. */
  containers: RuntimeContainer[];
}

const nsToMs = (ns: number) => (ns > 0 ? Math.floor(ns / 1e6) : 0);

const STATES: Record<string, RuntimeContainerState> = {
  CONTAINER_CREATED: 'created',
  CONTAINER_RUNNING: 'running',
  CONTAINER_EXITED: 'exited',
  CONTAINER_UNKNOWN: 'unknown',
};

export function runtimeContainerFromCri(status: CriContainerStatus): RuntimeContainer {
  const labeled = containerFromLabels(status.labels, status.annotations);
  return {
    id: status.id,
    name: status.metadata?.name || labeled.containerName,
    state: STATES[status.state] ?? 'unknown',
    createdAt: nsToMs(status.createdAt),
    startedAt: nsToMs(status.startedAt),
    finishedAt: nsToMs(status.finishedAt),
    exitCode: status.exitCode,
    reason: status.reason,
    message: status.message,
    image: status.image?.userSpecifiedImage || status.image?.image || '',
    imageRef: status.imageRef,
    restartCount: labeled.restartCount,
    hash: labeled.hash,
  };
}

export function runtimeSandboxFromCri(status: PodSandboxStatus): RuntimeSandbox {
  const ips = [status.network?.ip, ...(status.network?.additionalIps ?? []).map((a) => a.ip)].filter(
    (ip): ip is string => !!ip,
  );
  return {
    id: status.id,
    ready: status.state === 'SANDBOX_READY',
    createdAt: nsToMs(status.createdAt),
    ips,
    attempt: status.metadata?.attempt ?? 0,
  };
}

/** Sorts sandboxes and containers newest first, as the kubelet keeps them. */
export function runtimePodStatus(
  sandboxes: RuntimeSandbox[],
  containers: RuntimeContainer[],
): RuntimePodStatus {
  return {
    sandboxes: [...sandboxes].sort((a, b) => b.createdAt - a.createdAt),
    containers: [...containers].sort((a, b) => b.createdAt - a.createdAt),
  };
}

/** The newest instance of a container, if any. */
export function latestContainer(status: RuntimePodStatus, name: string): RuntimeContainer | undefined {
  return status.containers.find((c) => c.name === name);
}

export function isRestartableInitContainer(container: Container): boolean {
  return (container as { restartPolicy?: string }).restartPolicy === 'Always';
}

/**
 * ShouldContainerBeRestarted: whether the pod worker should (re)start this container now (back-off
 * aside). Never once the pod is being deleted; always when it never ran or is created/unknown;
 * otherwise by restart policy (a sidecar init container always restarts).
 */
export function shouldContainerBeRestarted(
  container: Container,
  pod: Pod,
  status: RuntimePodStatus,
): boolean {
  if (pod.metadata?.deletionTimestamp) return false;
  const latest = latestContainer(status, container.name);
  if (!latest) return true;
  if (latest.state === 'running') return false;
  if (latest.state === 'unknown' || latest.state === 'created') return true;
  if (isRestartableInitContainer(container)) return true;
  const policy = pod.spec?.restartPolicy ?? 'Always';
  if (policy === 'Never') return false;
  if (policy === 'OnFailure' && latest.exitCode === 0) return false;
  return true;
}

/**
 * PodSandboxChanged: whether the pod needs a new sandbox (none yet, more than one ready, the
 * newest not ready, or, off the host network, no IP).
 */
export function podSandboxChanged(pod: Pod, status: RuntimePodStatus): { changed: boolean; attempt: number } {
  const [latest] = status.sandboxes;
  if (!latest) return { changed: true, attempt: 0 };
  const attempt = latest.attempt + 1;
  if (status.sandboxes.filter((s) => s.ready).length > 1) return { changed: true, attempt };
  if (!latest.ready) return { changed: true, attempt };
  if (!pod.spec?.hostNetwork && latest.ips.length === 0) return { changed: true, attempt };
  return { changed: false, attempt: latest.attempt };
}
