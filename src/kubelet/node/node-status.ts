// The Node object the kubelet registers and the status it keeps reporting (upstream's
// nodestatus setters): addresses, capacity and allocatable, nodeInfo, daemon endpoints, images
// and the four conditions with upstream's reasons and messages. Pure: facts about the machine,
// the runtime and the clock are inputs; the status manager does the I/O.
import type { ContainerImage, Node, NodeCondition, NodeStatus } from 'kubernetes-types/core/v1.js';
import { KTS_VERSION } from '../../api/version.ts';
import { newQuantity, parseQuantity } from '../../machinery/quantity.ts';
import { canonicalJson } from '../internal/canonical-json.ts';
import type { MachineInfo, NodeUsage } from './machine-info.ts';

/** Upstream's default --max-pods. */
export const DEFAULT_MAX_PODS = 110;
/** Hard eviction defaults: memory.available<100Mi, nodefs.available<10%, nodefs.inodesFree<5%. */
export const EVICTION_MEMORY_AVAILABLE = 100 * 1024 * 1024;
export const EVICTION_NODEFS_AVAILABLE_RATIO = 0.1;
export const EVICTION_NODEFS_INODES_FREE_RATIO = 0.05;
/** nodeStatusMaxImages and maxNamesPerImageInNodeStatus. */
const MAX_IMAGES = 50;
const MAX_NAMES_PER_IMAGE = 5;

export const HOSTNAME_LABEL = 'kubernetes.io/hostname';
export const OS_LABEL = 'kubernetes.io/os';
export const ARCH_LABEL = 'kubernetes.io/arch';
export const CONTROL_PLANE_ROLE_LABEL = 'node-role.kubernetes.io/control-plane';
export const MASTER_ROLE_LABEL = 'node-role.kubernetes.io/master';

export interface NodeFacts {
  nodeName: string;
  nodeIP: string;
  machine: MachineInfo;
  /** `containerd://1.6.20` */
  containerRuntimeVersion: string;
  kubeletPort: number;
  maxPods?: number;
  /** A server node: labelled with the control-plane role, as k3s labels its servers. */
  controlPlane?: boolean;
  /** Extra labels (kubelet --node-labels). */
  labels?: Record<string, string>;
  /** --pod-cidr, set on registration only. */
  podCIDR?: string;
}

/** What the Ready condition depends on: each string is one reason the node is not ready. */
export interface ReadinessFacts {
  /** Runtime and network errors ("container runtime is down", "container runtime network not ready: …"). */
  errors: string[];
  usage?: NodeUsage;
}

const bytes = (n: number) => newQuantity(Math.max(0, Math.floor(n)), 'BinarySI');

/** capacity and allocatable (capacity minus the hard eviction thresholds; no reservations). */
export function nodeResources(facts: NodeFacts): Pick<NodeStatus, 'capacity' | 'allocatable'> {
  const { machine } = facts;
  const memory = bytes(machine.memoryBytes);
  const storage = bytes(machine.fsCapacityBytes);
  const pods = String(facts.maxPods ?? DEFAULT_MAX_PODS);
  const capacity = {
    cpu: String(machine.cpus),
    'ephemeral-storage': storage.toString(),
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: memory.toString(),
    pods,
  };
  const storageReserve = Math.floor(machine.fsCapacityBytes * EVICTION_NODEFS_AVAILABLE_RATIO);
  const allocatable = {
    ...capacity,
    'ephemeral-storage': storage.sub(bytes(storageReserve)).toString(),
    memory: (memory.cmp(parseQuantity('100Mi')) > 0
      ? memory.sub(bytes(EVICTION_MEMORY_AVAILABLE))
      : bytes(0)
    ).toString(),
  };
  return { capacity, allocatable };
}

export function nodeLabels(facts: NodeFacts): Record<string, string> {
  const arch = facts.machine.architecture;
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': arch,
    'beta.kubernetes.io/os': 'linux',
    [ARCH_LABEL]: arch,
    // --node-name acts as upstream's --hostname-override (k3s passes it so): the label names the
    // node, which is what volume node affinity (local-path volumes) and topology keys match.
    [HOSTNAME_LABEL]: facts.nodeName || facts.machine.hostname,
    [OS_LABEL]: 'linux',
    ...facts.labels,
  };
  if (facts.controlPlane) {
    labels[CONTROL_PLANE_ROLE_LABEL] = 'true';
    labels[MASTER_ROLE_LABEL] = 'true';
  }
  return labels;
}

/** The Node as first registered. */
export function initialNode(facts: NodeFacts): Node {
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: facts.nodeName,
      labels: nodeLabels(facts),
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {},
    status: staticStatus(facts),
  };
  if (facts.podCIDR) node.spec = { podCIDR: facts.podCIDR, podCIDRs: [facts.podCIDR] };
  return node;
}

/** The parts of the status that change only with the machine (not with time). */
export function staticStatus(facts: NodeFacts): NodeStatus {
  const { machine } = facts;
  return {
    ...nodeResources(facts),
    addresses: [
      { type: 'InternalIP', address: facts.nodeIP },
      { type: 'Hostname', address: machine.hostname || facts.nodeName },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: facts.kubeletPort } },
    nodeInfo: {
      machineID: machine.machineID,
      systemUUID: machine.systemUUID,
      bootID: machine.bootID,
      kernelVersion: machine.kernelVersion,
      osImage: machine.osImage,
      containerRuntimeVersion: facts.containerRuntimeVersion,
      kubeletVersion: KTS_VERSION,
      kubeProxyVersion: '',
      operatingSystem: 'linux',
      architecture: machine.architecture,
    },
  };
}

interface ConditionState {
  type: string;
  pressure: boolean;
  trueReason: string;
  trueMessage: string;
  falseReason: string;
  falseMessage: string;
}

/** Which pressures the usage shows, against the default hard eviction thresholds. */
export function pressures(usage: NodeUsage | undefined): { memory: boolean; disk: boolean; pid: boolean } {
  if (!usage) return { memory: false, disk: false, pid: false };
  const memory = usage.memoryAvailableBytes > 0 && usage.memoryAvailableBytes < EVICTION_MEMORY_AVAILABLE;
  const disk =
    (usage.fsCapacityBytes > 0 &&
      usage.fsAvailableBytes < usage.fsCapacityBytes * EVICTION_NODEFS_AVAILABLE_RATIO) ||
    (usage.inodes > 0 && usage.inodesFree < usage.inodes * EVICTION_NODEFS_INODES_FREE_RATIO);
  // Upstream sets no pid.available threshold by default: no PID pressure unless configured.
  return { memory, disk, pid: false };
}

/** errors.NewAggregate(...).Error(): one message alone, several as `[a, b]`. */
function aggregate(errors: string[]): string {
  return errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`;
}

/**
 * The four conditions at `now`: heartbeat always `now`, transition time kept while the status
 * stays the same. Conditions of other types (set by others) are kept as they are.
 */
export function nodeConditions(
  previous: NodeCondition[] | undefined,
  facts: ReadinessFacts,
  now: string,
): NodeCondition[] {
  const p = pressures(facts.usage);
  const states: ConditionState[] = [
    {
      type: 'MemoryPressure',
      pressure: p.memory,
      trueReason: 'KubeletHasInsufficientMemory',
      trueMessage: 'kubelet has insufficient memory available',
      falseReason: 'KubeletHasSufficientMemory',
      falseMessage: 'kubelet has sufficient memory available',
    },
    {
      type: 'DiskPressure',
      pressure: p.disk,
      trueReason: 'KubeletHasDiskPressure',
      trueMessage: 'kubelet has disk pressure',
      falseReason: 'KubeletHasNoDiskPressure',
      falseMessage: 'kubelet has no disk pressure',
    },
    {
      type: 'PIDPressure',
      pressure: p.pid,
      trueReason: 'KubeletHasInsufficientPID',
      trueMessage: 'kubelet has insufficient PID available',
      falseReason: 'KubeletHasSufficientPID',
      falseMessage: 'kubelet has sufficient PID available',
    },
  ];
  const old = new Map((previous ?? []).map((c) => [c.type, c]));
  const make = (type: string, status: 'True' | 'False', reason: string, message: string): NodeCondition => {
    const before = old.get(type);
    const lastTransitionTime =
      before && before.status === status && before.lastTransitionTime ? before.lastTransitionTime : now;
    return { type, status, lastHeartbeatTime: now, lastTransitionTime, reason, message };
  };
  const conditions = states.map((s) =>
    s.pressure
      ? make(s.type, 'True', s.trueReason, s.trueMessage)
      : make(s.type, 'False', s.falseReason, s.falseMessage),
  );
  conditions.push(
    facts.errors.length
      ? make('Ready', 'False', 'KubeletNotReady', aggregate(facts.errors))
      : make('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
  );
  const ours = new Set(conditions.map((c) => c.type));
  const others = (previous ?? []).filter((c) => !ours.has(c.type));
  return [...conditions, ...others];
}

/** CRI images → status.images: biggest first, at most 50, at most 5 names each. */
export function nodeImages(
  images: { repoTags: string[]; repoDigests: string[]; size: number }[],
): ContainerImage[] {
  return [...images]
    .sort((a, b) => b.size - a.size)
    .slice(0, MAX_IMAGES)
    .map((i) => ({
      names: [...i.repoDigests, ...i.repoTags].slice(0, MAX_NAMES_PER_IMAGE),
      sizeBytes: i.size,
    }));
}

/** The full status to report now. */
export function nodeStatus(
  current: NodeStatus | undefined,
  facts: NodeFacts,
  readiness: ReadinessFacts,
  images: ContainerImage[],
  now: string,
): NodeStatus {
  return {
    ...(current ?? {}),
    ...staticStatus(facts),
    conditions: nodeConditions(current?.conditions, readiness, now),
    images,
  };
}

const withoutHeartbeats = (status: NodeStatus | undefined) =>
  canonicalJson({
    ...status,
    conditions: [...(status?.conditions ?? [])]
      .map((c) => ({ ...c, lastHeartbeatTime: undefined }))
      .sort((a, b) => (a.type < b.type ? -1 : 1)),
  });

/** nodeStatusHasChanged: anything but the heartbeat times differs. */
export function nodeStatusChanged(before: NodeStatus | undefined, after: NodeStatus): boolean {
  return withoutHeartbeats(before) !== withoutHeartbeats(after);
}
