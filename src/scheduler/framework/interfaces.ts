// The extension points of the scheduling framework (upstream's framework/interface.go): one
// small interface each. A plugin implements any subset; the framework calls each hook in the
// order the profile lists the plugins. Hooks return `null` for success and a Status otherwise;
// Filter and Score run once per node and must not allocate when the node simply fits.

import type { ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.d.ts';
import type {
  Namespace,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  ReplicationController,
  Service,
} from 'kubernetes-types/core/v1.d.ts';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.d.ts';
import type { StorageClass } from 'kubernetes-types/storage/v1.d.ts';
import type { Labels } from '../../machinery/labels.ts';
import type { Snapshot } from '../cache/snapshot.ts';
import type { CycleState } from './cycle-state.ts';
import type { ClusterEventWithHint } from './events.ts';
import type { NodeInfo } from './node-info.ts';
import type { PodInfo } from './pod-info.ts';
import type { Result, Status } from './status.ts';

export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;

export interface Plugin {
  readonly name: string;
}

/** A pod as the queue holds it (upstream's QueuedPodInfo). */
export interface QueuedPodInfo {
  podInfo: PodInfo;
  /** When the pod was (re)added to the queue: FIFO order among equal priorities, back-off start. */
  timestamp: number;
  /** Scheduling attempts so far. */
  attempts: number;
  initialAttemptTimestamp: number | undefined;
  /** Plugins that rejected the pod in its last attempt: only their events can bring it back. */
  unschedulablePlugins: Set<string>;
  pendingPlugins: Set<string>;
  /** Held back by a PreEnqueue plugin (scheduling gates). */
  gated: boolean;
}

export interface PreEnqueuePlugin extends Plugin {
  preEnqueue(pod: Pod): Result;
}

export interface QueueSortPlugin extends Plugin {
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
}

/** Restricts the nodes worth filtering (upstream's PreFilterResult); absent means all nodes. */
export interface PreFilterResult {
  nodeNames: ReadonlySet<string>;
}

export interface PreFilterPlugin extends Plugin {
  /** Returns a Status (null: success; Skip: this plugin's Filter is not needed) or a node restriction. */
  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Result | PreFilterResult;
  /** Called when a pod is tentatively added to a node (nominated pods, preemption dry runs). */
  addPod?(state: CycleState, podToSchedule: PodInfo, podToAdd: PodInfo, node: NodeInfo): Result;
  removePod?(state: CycleState, podToSchedule: PodInfo, podToRemove: PodInfo, node: NodeInfo): Result;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Result;
}

/** Filter outcomes per node, plus one status for nodes never looked at. */
export class NodeToStatus {
  readonly map = new Map<string, Status>();
  absent: Status | undefined;
  constructor(absent?: Status) {
    this.absent = absent;
  }
  get(nodeName: string): Status | undefined {
    return this.map.get(nodeName) ?? this.absent;
  }
  set(nodeName: string, s: Status): void {
    this.map.set(nodeName, s);
  }
}

export interface PostFilterResult {
  nominatedNodeName: string;
  /** 'override' sets (or clears, with '') the pod's nominatedNodeName; 'noop' leaves it. */
  mode: 'override' | 'noop';
}

export interface PostFilterPlugin extends Plugin {
  postFilter(
    state: CycleState,
    pod: PodInfo,
    filtered: NodeToStatus,
  ): Promise<{ result?: PostFilterResult; status: Result }>;
}

export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Result;
}

export interface ScorePlugin extends Plugin {
  /** A score for one feasible node (any range before normalization). May throw (an Error status). */
  score(state: CycleState, pod: PodInfo, node: NodeInfo): number;
  /**
   * Optional: the scores of all `nodes` into `scores` (aligned), exactly what `score` gives one
   * node at a time, computed in one pass (the cycle state read once, no call per node).
   */
  scoreNodes?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: number[]): void;
  /** Maps the scores of all nodes (aligned with `nodes`) into [0, 100], in place. */
  normalizeScore?(state: CycleState, pod: PodInfo, scores: number[], nodes: readonly NodeInfo[]): Result;
}

export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: PodInfo, nodeName: string): Result;
  unreserve(state: CycleState, pod: PodInfo, nodeName: string): void;
}

export interface PermitPlugin extends Plugin {
  /** Success, a rejection, or Wait with how long (ms) to wait at most. */
  permit(state: CycleState, pod: PodInfo, nodeName: string): { status: Result; timeoutMs?: number };
}

export interface PreBindPlugin extends Plugin {
  preBind(state: CycleState, pod: PodInfo, nodeName: string): Promise<Result>;
}

export interface BindPlugin extends Plugin {
  /** Binds, or returns Skip to let the next bind plugin do it. */
  bind(state: CycleState, pod: PodInfo, nodeName: string): Promise<Result>;
}

export interface PostBindPlugin extends Plugin {
  postBind(state: CycleState, pod: PodInfo, nodeName: string): void;
}

/** The cluster events that may make pods this plugin rejected schedulable again. */
export interface EnqueueExtensions {
  eventsToRegister(): ClusterEventWithHint[];
}

/** Read access to the objects plugins look at besides pods and nodes (informer caches). */
export interface ClusterReader {
  namespaceLabels(name: string): Labels | undefined;
  namespaces(): readonly Namespace[];
  podDisruptionBudgets(): readonly PodDisruptionBudget[];
  services(namespace: string): readonly Service[];
  replicationControllers(namespace: string): readonly ReplicationController[];
  replicaSets(namespace: string): readonly ReplicaSet[];
  statefulSets(namespace: string): readonly StatefulSet[];
  persistentVolumeClaim(namespace: string, name: string): PersistentVolumeClaim | undefined;
  persistentVolume(name: string): PersistentVolume | undefined;
  persistentVolumes(): readonly PersistentVolume[];
  storageClass(name: string): StorageClass | undefined;
  /** A pod as the informer has it (undefined once deleted). */
  pod(namespace: string, name: string): Pod | undefined;
  /**
   * Calls `listener` after every informer change of claims, volumes, nodes or pod deletions, and
   * once when the scheduler stops (then `stopped` is aborted). Returns the unsubscribe function.
   * Binding cycles wait on it (VolumeBinding's PreBind waits for claims to be bound).
   */
  onStorageChange(listener: () => void): () => void;
  readonly stopped: AbortSignal;
}

/** The API writes plugins make (binding, preemption). */
export interface ClusterWriter {
  bind(pod: Pod, nodeName: string): Promise<void>;
  /** Deletes a preemption victim (after marking it with the DisruptionTarget condition). */
  preemptPod(victim: Pod, preemptor: Pod, nodeName: string, profileName: string): Promise<void>;
  /** Clears status.nominatedNodeName of pods that lost their nomination. */
  clearNominatedNodeName(pod: Pod): Promise<void>;
  event(regarding: Pod, type: 'Normal' | 'Warning', reason: string, action: string, message: string): void;
  /**
   * Updates the claim (as given: its resourceVersion guards against concurrent changes) with the
   * volume.kubernetes.io/selected-node annotation set to `nodeName`; returns the stored claim.
   */
  setClaimSelectedNode(claim: PersistentVolumeClaim, nodeName: string): Promise<PersistentVolumeClaim>;
}

/** A pod waiting at Permit (upstream's WaitingPod). */
export interface WaitingPod {
  readonly pod: PodInfo;
  pendingPlugins(): string[];
  allow(plugin: string): void;
  reject(plugin: string, message: string): void;
}

/** What a plugin factory receives: the framework's services (upstream's framework.Handle). */
export interface Handle {
  readonly profileName: string;
  snapshot(): Snapshot;
  readonly cluster: ClusterReader;
  readonly writer: ClusterWriter;
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, node: NodeInfo): Result;
  runPreFilterExtensionAddPod(state: CycleState, pod: PodInfo, toAdd: PodInfo, node: NodeInfo): Result;
  runPreFilterExtensionRemovePod(state: CycleState, pod: PodInfo, toRemove: PodInfo, node: NodeInfo): Result;
  /** Pods nominated to a node (by preemption), not yet bound. */
  nominatedPodsForNode(nodeName: string): readonly PodInfo[];
  getWaitingPod(uid: string): WaitingPod | undefined;
}

export type PluginFactory = (args: unknown, handle: Handle) => Plugin;
