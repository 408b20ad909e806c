// The labels and annotations the kubelet puts on CRI sandboxes and containers, with upstream's
// keys, so that after a restart the kubelet (or crictl, or an upstream kubelet) can tell which
// pod and container each belongs to, its restart count and its spec hash — and adopt it.
import type { Container, ContainerPort, LifecycleHandler, Pod } from 'kubernetes-types/core/v1.js';
import type { Labels } from '../cri/types.ts';

export const POD_NAME_LABEL = 'io.kubernetes.pod.name';
export const POD_NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';
export const POD_UID_LABEL = 'io.kubernetes.pod.uid';
export const CONTAINER_NAME_LABEL = 'io.kubernetes.container.name';

export const POD_DELETION_GRACE_PERIOD = 'io.kubernetes.pod.deletionGracePeriod';
export const POD_TERMINATION_GRACE_PERIOD = 'io.kubernetes.pod.terminationGracePeriod';
export const CONTAINER_HASH = 'io.kubernetes.container.hash';
export const CONTAINER_RESTART_COUNT = 'io.kubernetes.container.restartCount';
export const CONTAINER_TERMINATION_MESSAGE_PATH = 'io.kubernetes.container.terminationMessagePath';
export const CONTAINER_TERMINATION_MESSAGE_POLICY = 'io.kubernetes.container.terminationMessagePolicy';
export const CONTAINER_PRESTOP_HANDLER = 'io.kubernetes.container.preStopHandler';
export const CONTAINER_PORTS = 'io.kubernetes.container.ports';
export const CONTAINER_TYPE = 'io.kubernetes.container.type';

export type ContainerType = 'init' | 'container' | 'ephemeral';

/** Sandbox labels: the pod's labels plus its name, namespace and UID. */
export function podSandboxLabels(pod: Pod): Labels {
  return {
    ...(pod.metadata?.labels ?? {}),
    [POD_NAME_LABEL]: pod.metadata?.name ?? '',
    [POD_NAMESPACE_LABEL]: pod.metadata?.namespace ?? '',
    [POD_UID_LABEL]: pod.metadata?.uid ?? '',
  };
}

/** Sandbox annotations: the pod's annotations. */
export function podSandboxAnnotations(pod: Pod): Labels {
  return { ...(pod.metadata?.annotations ?? {}) };
}

export function containerLabels(pod: Pod, container: Container): Labels {
  return {
    [POD_NAME_LABEL]: pod.metadata?.name ?? '',
    [POD_NAMESPACE_LABEL]: pod.metadata?.namespace ?? '',
    [POD_UID_LABEL]: pod.metadata?.uid ?? '',
    [CONTAINER_NAME_LABEL]: container.name,
  };
}

/** JSON with object keys sorted, so equal specs give equal text whatever the key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** FNV-1a (32 bit) over the container spec: a changed spec means the container is replaced. */
export function containerHash(container: Container): string {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(canonicalJson(container), 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16);
}

export function containerTypeOf(pod: Pod, name: string): ContainerType | undefined {
  if (pod.spec?.initContainers?.some((c) => c.name === name)) return 'init';
  if (pod.spec?.containers?.some((c) => c.name === name)) return 'container';
  if (pod.spec?.ephemeralContainers?.some((c) => c.name === name)) return 'ephemeral';
  return undefined;
}

export function containerAnnotations(pod: Pod, container: Container, restartCount: number): Labels {
  const a: Labels = {
    [CONTAINER_HASH]: containerHash(container),
    [CONTAINER_RESTART_COUNT]: String(restartCount),
    [CONTAINER_TERMINATION_MESSAGE_PATH]: container.terminationMessagePath ?? '/dev/termination-log',
    [CONTAINER_TERMINATION_MESSAGE_POLICY]: container.terminationMessagePolicy ?? 'File',
  };
  if (pod.metadata?.deletionGracePeriodSeconds != null) {
    a[POD_DELETION_GRACE_PERIOD] = String(pod.metadata.deletionGracePeriodSeconds);
  }
  if (pod.spec?.terminationGracePeriodSeconds != null) {
    a[POD_TERMINATION_GRACE_PERIOD] = String(pod.spec.terminationGracePeriodSeconds);
  }
  if (container.lifecycle?.preStop)
    a[CONTAINER_PRESTOP_HANDLER] = JSON.stringify(container.lifecycle.preStop);
  if (container.ports?.length) a[CONTAINER_PORTS] = JSON.stringify(container.ports);
  const type = containerTypeOf(pod, container.name);
  if (type) a[CONTAINER_TYPE] = type;
  return a;
}

/** What a sandbox's labels say about its pod (for adoption after a restart). */
export interface LabeledPod {
  name: string;
  namespace: string;
  uid: string;
}

export function podFromLabels(labels: Labels): LabeledPod {
  return {
    name: labels[POD_NAME_LABEL] ?? '',
    namespace: labels[POD_NAMESPACE_LABEL] ?? '',
    uid: labels[POD_UID_LABEL] ?? '',
  };
}

/** What a container's labels and annotations say about it. */
export interface LabeledContainer extends LabeledPod {
  containerName: string;
  hash: string;
  restartCount: number;
  terminationMessagePath: string;
  terminationMessagePolicy: string;
  podDeletionGracePeriod?: number;
  podTerminationGracePeriod?: number;
  preStopHandler?: LifecycleHandler;
  ports?: ContainerPort[];
  type?: ContainerType;
}

function parseJson<T>(text: string | undefined): T | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

function parseIntOr(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number.parseInt(text, 10);
  return Number.isNaN(n) ? undefined : n;
}

export function containerFromLabels(labels: Labels, annotations: Labels): LabeledContainer {
  return {
    ...podFromLabels(labels),
    containerName: labels[CONTAINER_NAME_LABEL] ?? '',
    hash: annotations[CONTAINER_HASH] ?? '',
    restartCount: parseIntOr(annotations[CONTAINER_RESTART_COUNT]) ?? 0,
    terminationMessagePath: annotations[CONTAINER_TERMINATION_MESSAGE_PATH] ?? '',
    terminationMessagePolicy: annotations[CONTAINER_TERMINATION_MESSAGE_POLICY] ?? '',
    podDeletionGracePeriod: parseIntOr(annotations[POD_DELETION_GRACE_PERIOD]),
    podTerminationGracePeriod: parseIntOr(annotations[POD_TERMINATION_GRACE_PERIOD]),
    preStopHandler: parseJson<LifecycleHandler>(annotations[CONTAINER_PRESTOP_HANDLER]),
    ports: parseJson<ContainerPort[]>(annotations[CONTAINER_PORTS]),
    type: annotations[CONTAINER_TYPE] as ContainerType | undefined,
  };
}

/** Whether a CRI object was made by a kubelet (it carries a pod UID label). */
export function isManagedByKubelet(labels: Labels): boolean {
  return POD_UID_LABEL in labels;
}

/** `/var/log/pods/<namespace>_<name>_<uid>`: the sandbox's log directory. */
export function podLogDirectory(pod: Pod, root = '/var/log/pods'): string {
  return `${root.replace(/\/$/, '')}/${pod.metadata?.namespace}_${pod.metadata?.name}_${pod.metadata?.uid}`;
}

/** `<container>/<restartCount>.log`, relative to the pod's log directory. */
export function containerLogPath(containerName: string, restartCount: number): string {
  return `${containerName}/${restartCount}.log`;
}
