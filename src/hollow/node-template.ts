// What a hollow node says about itself and its pods (pure): its Node object (capacity,
// zone labels, a fake pod CIDR, Ready conditions), its Lease, and the status a pod bound to it
// gets once "started" (Running and Ready, a pod IP from the node's subnet, container statuses).
// The addresses are never routed anywhere: nothing listens on them and no traffic is sent.
import type { ContainerStatus, Node, NodeCondition, Pod, PodCondition } from 'kubernetes-types/core/v1.d.ts';

export const HOLLOW_KUBELET_VERSION = 'v1.32.4-kts.1';

export interface HollowNodeShape {
  /** Node name prefix: `<prefix>-<index>`. */
  prefix: string;
  /** Number of zones the nodes are spread over (`<prefix>-zone-<n>`). */
  zones: number;
  cpu: string;
  memory: string;
  pods: number;
  ephemeralStorage: string;
  /** Extra labels on every node. */
  labels?: Record<string, string>;
}

export const DEFAULT_SHAPE: HollowNodeShape = {
  prefix: 'hollow-node',
  zones: 3,
  cpu: '4',
  memory: '32Gi',
  pods: 110,
  ephemeralStorage: '100Gi',
};

export function hollowNodeName(shape: Pick<HollowNodeShape, 'prefix'>, i: number): string {
  return `${shape.prefix}-${i}`;
}

export function zoneOf(shape: Pick<HollowNodeShape, 'zones'>, i: number): string {
  return `zone-${i % Math.max(1, shape.zones)}`;
}

/** The node's /24 inside 10.128.0.0/9 (a range kts never routes). */
export function podCIDR(i: number): string {
  return `10.${128 + Math.floor(i / 256)}.${i % 256}.0/24`;
}

/** The n-th pod IP of node i (.1 … .254, wrapping). */
export function podIP(i: number, n: number): string {
  return `10.${128 + Math.floor(i / 256)}.${i % 256}.${(n % 254) + 1}`;
}

/** The node's own (fake) address, in 100.64.0.0/10 (shared address space, never routed here). */
export function nodeIP(i: number): string {
  return `100.${64 + Math.floor(i / 65536)}.${Math.floor(i / 256) % 256}.${i % 256}`;
}

export function readyConditions(now: string, since: string): NodeCondition[] {
  const c = (type: string, status: string, reason: string, message: string): NodeCondition => ({
    type,
    status,
    reason,
    message,
    lastHeartbeatTime: now,
    lastTransitionTime: since,
  });
  return [
    c('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    c('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    c('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    c('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
  ];
}

export function hollowNode(shape: HollowNodeShape, i: number, now: string): Node {
  const name = hollowNodeName(shape, i);
  const resources = {
    cpu: shape.cpu,
    memory: shape.memory,
    pods: String(shape.pods),
    'ephemeral-storage': shape.ephemeralStorage,
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'beta.kubernetes.io/arch': 'amd64',
        'topology.kubernetes.io/zone': zoneOf(shape, i),
        'topology.kubernetes.io/region': `${shape.prefix}-region`,
        'kts.io/hollow': 'true',
        ...shape.labels,
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
    },
    spec: { podCIDR: podCIDR(i), podCIDRs: [podCIDR(i)] },
    status: {
      capacity: resources,
      allocatable: resources,
      conditions: readyConditions(now, now),
      addresses: [
        { type: 'InternalIP', address: nodeIP(i) },
        { type: 'Hostname', address: name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: `hollow-${i}`,
        systemUUID: `hollow-${i}`,
        bootID: `hollow-${i}`,
        kernelVersion: '6.1.0-hollow',
        osImage: 'kts hollow node',
        containerRuntimeVersion: 'hollow://1.0.0',
        kubeletVersion: HOLLOW_KUBELET_VERSION,
        kubeProxyVersion: HOLLOW_KUBELET_VERSION,
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}

/** Whether the pod still needs its "started" status from the hollow kubelet. */
export function needsRunningStatus(pod: Pod): boolean {
  const s = pod.status;
  if (s?.phase === 'Succeeded' || s?.phase === 'Failed') return false;
  if (s?.phase !== 'Running' || !s.podIP) return true;
  return !s.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** The status (as a merge patch body) a hollow kubelet reports for a started pod. */
export function runningPodStatus(pod: Pod, hostIP: string, ip: string, now: string): Record<string, unknown> {
  const previous = new Map((pod.status?.conditions ?? []).map((c) => [c.type, c]));
  const cond = (type: string): PodCondition => ({
    type,
    status: 'True',
    lastProbeTime: null as unknown as string,
    lastTransitionTime:
      previous.get(type)?.status === 'True' ? (previous.get(type)!.lastTransitionTime ?? now) : now,
  });
  const startTime = pod.status?.startTime ?? now;
  const containerID = (name: string) => `hollow://${pod.metadata?.uid ?? ''}/${name}`;
  const running = (c: { name: string; image?: string }): ContainerStatus => ({
    name: c.name,
    image: c.image ?? '',
    imageID: c.image ?? '',
    containerID: containerID(c.name),
    ready: true,
    started: true,
    restartCount: 0,
    state: { running: { startedAt: startTime } },
  });
  const initStatuses = (pod.spec?.initContainers ?? []).map((c): ContainerStatus => {
    if (c.restartPolicy === 'Always') return running(c);
    return {
      name: c.name,
      image: c.image ?? '',
      imageID: c.image ?? '',
      containerID: containerID(c.name),
      ready: true,
      started: false,
      restartCount: 0,
      state: {
        terminated: { exitCode: 0, reason: 'Completed', startedAt: startTime, finishedAt: startTime },
      },
    };
  });
  const status: Record<string, unknown> = {
    phase: 'Running',
    conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(
      cond,
    ),
    hostIP,
    hostIPs: [{ ip: hostIP }],
    podIP: ip,
    podIPs: [{ ip }],
    startTime,
    containerStatuses: (pod.spec?.containers ?? []).map(running),
  };
  if (initStatuses.length) status.initContainerStatuses = initStatuses;
  return status;
}

/** MicroTime (RFC 3339 with microseconds) as leases carry. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** RFC 3339 with seconds, as Node and Pod timestamps. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
