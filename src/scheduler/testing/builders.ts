// Test builders for scheduler unit tests: pods and nodes in a line, a snapshot-backed Handle,
// and a helper that runs one plugin's PreFilter + Filter (or PreScore + Score + Normalize) the
// way the framework does. Unit tests only.
import assert from 'node:assert/strict';
import type {
  Affinity,
  Node,
  Pod,
  Taint,
  Toleration,
  TopologySpreadConstraint,
} from 'kubernetes-types/core/v1.d.ts';
import { Snapshot } from '../cache/snapshot.ts';
import { CycleState } from '../framework/cycle-state.ts';
import type {
  ClusterReader,
  ClusterWriter,
  FilterPlugin,
  Handle,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
  WaitingPod,
} from '../framework/interfaces.ts';
import type { NodeInfo } from '../framework/node-info.ts';
import { PodInfo } from '../framework/pod-info.ts';
import { Code, type Result, Status } from '../framework/status.ts';

export interface NodeOptions {
  cpu?: string;
  memory?: string;
  pods?: number;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  extended?: Record<string, string>;
  images?: { names: string[]; sizeBytes: number }[];
}

export function node(name: string, o: NodeOptions = {}): Node {
  const allocatable: Record<string, string> = {
    cpu: o.cpu ?? '4',
    memory: o.memory ?? '32Gi',
    pods: String(o.pods ?? 110),
    ...o.extended,
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-${name}`, labels: { 'kubernetes.io/hostname': name, ...o.labels } },
    spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: { allocatable, capacity: allocatable, ...(o.images ? { images: o.images } : {}) },
  };
}

export interface PodOptions {
  namespace?: string;
  node?: string;
  cpu?: string;
  memory?: string;
  requests?: Record<string, string>;
  labels?: Record<string, string>;
  priority?: number;
  affinity?: Affinity;
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  spread?: TopologySpreadConstraint[];
  hostPorts?: number[];
  image?: string;
  terminating?: boolean;
  startTime?: string;
  schedulerName?: string;
  preemptionPolicy?: string;
  nominatedNodeName?: string;
}

let uidCounter = 0;

export function pod(name: string, o: PodOptions = {}): Pod {
  const requests: Record<string, string> = { ...o.requests };
  if (o.cpu) requests.cpu = o.cpu;
  if (o.memory) requests.memory = o.memory;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: o.namespace ?? 'default',
      uid: `uid-${name}-${uidCounter++}`,
      resourceVersion: '1',
      labels: o.labels ?? {},
      ...(o.terminating ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}),
    },
    spec: {
      containers: [
        {
          name: 'c',
          image: o.image ?? 'registry.k8s.io/pause:3.10',
          resources: { requests },
          ...(o.hostPorts ? { ports: o.hostPorts.map((p) => ({ containerPort: p, hostPort: p })) } : {}),
        },
      ],
      ...(o.node ? { nodeName: o.node } : {}),
      ...(o.priority !== undefined ? { priority: o.priority } : {}),
      ...(o.affinity ? { affinity: o.affinity } : {}),
      ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
      ...(o.tolerations ? { tolerations: o.tolerations } : {}),
      ...(o.spread ? { topologySpreadConstraints: o.spread } : {}),
      ...(o.schedulerName ? { schedulerName: o.schedulerName } : {}),
      ...(o.preemptionPolicy ? { preemptionPolicy: o.preemptionPolicy } : {}),
    },
    status: {
      phase: o.node ? 'Running' : 'Pending',
      ...(o.startTime ? { startTime: o.startTime } : {}),
      ...(o.nominatedNodeName ? { nominatedNodeName: o.nominatedNodeName } : {}),
    },
  };
}

export const emptyCluster: ClusterReader = {
  namespaceLabels: () => undefined,
  namespaces: () => [],
  podDisruptionBudgets: () => [],
  services: () => [],
  replicationControllers: () => [],
  replicaSets: () => [],
  statefulSets: () => [],
  persistentVolumeClaim: () => undefined,
  persistentVolume: () => undefined,
  persistentVolumes: () => [],
  storageClass: () => undefined,
  pod: () => undefined,
  onStorageChange: () => () => {},
  stopped: new AbortController().signal,
};

/** A ClusterWriter that records what it was asked to do. */
export function recordingWriter(): ClusterWriter & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    bind: async (p, n) => {
      calls.push(`bind ${p.metadata?.name} ${n}`);
    },
    preemptPod: async (v) => {
      calls.push(`preempt ${v.metadata?.name}`);
    },
    clearNominatedNodeName: async (p) => {
      calls.push(`clear ${p.metadata?.name}`);
    },
    setClaimSelectedNode: async (c, n) => {
      calls.push(`select-node ${c.metadata?.name} ${n}`);
      const annotations = { ...c.metadata?.annotations, 'volume.kubernetes.io/selected-node': n };
      // As the API server would: a newer resourceVersion than the informers have seen.
      const resourceVersion = String(Number(c.metadata?.resourceVersion ?? 0) + 1);
      return { ...c, metadata: { ...c.metadata, annotations, resourceVersion } };
    },
    event: (p, type, reason, _action, message) => {
      calls.push(`event ${p.metadata?.name} ${type} ${reason} ${message}`);
    },
  };
}

/**
 * A Handle over a snapshot whose filter runner is `filters` (for plugins that run the other
 * plugins: preemption). Pass the plugins with `withPlugins` once built.
 */
export function testHandle(
  snapshot: Snapshot,
  cluster: ClusterReader = emptyCluster,
  writer: ClusterWriter = recordingWriter(),
): Handle & {
  withPlugins(preFilters: PreFilterPlugin[], filters: FilterPlugin[]): void;
  nominated: Map<string, PodInfo[]>;
} {
  let preFilters: PreFilterPlugin[] = [];
  let filters: FilterPlugin[] = [];
  const nominated = new Map<string, PodInfo[]>();
  const runFilters = (state: CycleState, p: PodInfo, n: NodeInfo): Result => {
    for (const f of filters) {
      if (state.skipFilterPlugins.has(f.name)) continue;
      const s = f.filter(state, p, n);
      if (s && s.code !== Code.Success) return s.withPlugin(f.name);
    }
    return null;
  };
  return {
    profileName: 'default-scheduler',
    snapshot: () => snapshot,
    cluster,
    writer,
    nominated,
    withPlugins(p, f) {
      preFilters = p;
      filters = f;
    },
    runFilterPluginsWithNominatedPods: (state, p, n) => runFilters(state, p, n),
    runPreFilterExtensionAddPod: (state, p, toAdd, n) => {
      for (const pf of preFilters) pf.addPod?.(state, p, toAdd, n);
      return null;
    },
    runPreFilterExtensionRemovePod: (state, p, toRemove, n) => {
      for (const pf of preFilters) pf.removePod?.(state, p, toRemove, n);
      return null;
    },
    nominatedPodsForNode: (n) => nominated.get(n) ?? [],
    getWaitingPod: (): WaitingPod | undefined => undefined,
  };
}

/** Runs PreFilter then Filter of one plugin on every node; returns node → reasons ('' when it fits). */
export function filterAll(
  plugin: Partial<PreFilterPlugin> & FilterPlugin,
  p: Pod,
  snapshot: Snapshot,
): Record<string, string> {
  const state = new CycleState();
  const info = new PodInfo(p);
  const pre = plugin.preFilter?.(state, info, snapshot.nodeInfoList) ?? null;
  const out: Record<string, string> = {};
  if (pre instanceof Status) {
    if (pre.code === Code.Skip) {
      for (const n of snapshot.nodeInfoList) out[n.name] = '';
      return out;
    }
    if (pre.code !== Code.Success) {
      for (const n of snapshot.nodeInfoList) out[n.name] = `prefilter: ${pre.message()}`;
      return out;
    }
  }
  const allowed = pre && !(pre instanceof Status) ? pre.nodeNames : undefined;
  for (const n of snapshot.nodeInfoList) {
    if (allowed && !allowed.has(n.name)) {
      out[n.name] = 'not in PreFilterResult';
      continue;
    }
    const s = plugin.filter(state, info, n);
    out[n.name] = s && s.code !== Code.Success ? `${s.codeName()}: ${s.message()}` : '';
  }
  return out;
}

/** Runs PreScore, Score and NormalizeScore of one plugin over all nodes; returns node → score. */
export function scoreAll(
  plugin: Partial<PreScorePlugin> & ScorePlugin,
  p: Pod,
  snapshot: Snapshot,
  nodes: readonly NodeInfo[] = snapshot.nodeInfoList,
): Record<string, number> {
  const state = new CycleState();
  const info = new PodInfo(p);
  const pre = plugin.preScore?.(state, info, nodes) ?? null;
  const scores = nodes.map((n) => (pre?.code === Code.Skip ? 0 : plugin.score(state, info, n)));
  if (plugin.scoreNodes && pre?.code !== Code.Skip) {
    // The one-pass scoring must give exactly what scoring node by node gives.
    const batch: number[] = new Array(nodes.length).fill(-1);
    plugin.scoreNodes(state, info, nodes, batch);
    assert.deepEqual(batch, scores, `${plugin.name}: scoreNodes differs from score`);
  }
  if (pre?.code !== Code.Skip) plugin.normalizeScore?.(state, info, scores, nodes);
  return Object.fromEntries(nodes.map((n, i) => [n.name, scores[i]!]));
}

export function snapshot(nodes: Node[], pods: Pod[] = []): Snapshot {
  return Snapshot.fromObjects(nodes, pods);
}
