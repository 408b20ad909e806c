// Where a DaemonSet's pods belong (pure): which nodes should run one (`NodeShouldRunDaemonPod`),
// and per node what to do (`podsShouldBeOnNode`): create the missing pod, delete failed or
// succeeded ones (failed ones with back-off), keep one (the oldest; with surge, the oldest of
// each revision), and delete every pod on nodes that should no longer run one.
import type { Pod as PodType } from 'kubernetes-types/core/v1.js';
import { findUntoleratedTaint } from '../../api/core/taints.ts';
import { POD_REVISION_LABEL } from '../workload-common/controller-revisions.ts';
import { timeMs } from '../workload-common/pod-state.ts';
import type { DaemonSet, Node, Pod } from '../workload-common/types.ts';
import { requiredNodeAffinityMatches } from './node-match.ts';
import { addDaemonPodTolerations, isPodUpdated, templateGeneration } from './pod-template.ts';

/** `NodeShouldRunDaemonPod`: should a pod go there, and may a running one stay. */
export function nodeShouldRunDaemonPod(
  node: Node,
  ds: DaemonSet,
): { shouldRun: boolean; shouldContinueRunning: boolean } {
  const name = node.metadata?.name ?? '';
  const templateNode = ds.spec?.template?.spec?.nodeName;
  if (templateNode && templateNode !== name) return { shouldRun: false, shouldContinueRunning: false };
  const pod: PodType = {
    metadata: { namespace: ds.metadata?.namespace ?? '' },
    spec: { ...structuredClone(ds.spec?.template?.spec ?? { containers: [] }), nodeName: name },
  };
  addDaemonPodTolerations(pod.spec!);
  if (!requiredNodeAffinityMatches(pod, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = node.spec?.taints ?? [];
  const tolerations = pod.spec?.tolerations ?? [];
  const blocking = findUntoleratedTaint(taints, tolerations);
  if (blocking) {
    // A pod already there may stay unless a NoExecute taint evicts it.
    const evicting = findUntoleratedTaint(taints, tolerations, (t) => t.effect === 'NoExecute');
    return { shouldRun: false, shouldContinueRunning: !evicting };
  }
  return { shouldRun: true, shouldContinueRunning: true };
}

/** Scheduled first, then oldest, then by name (`podByCreationTimestampAndPhase`). */
export function byCreationTimestampAndPhase(a: Pod, b: Pod): number {
  const sa = !!a.spec?.nodeName;
  const sb = !!b.spec?.nodeName;
  if (sa !== sb) return sa ? -1 : 1;
  const ta = timeMs(a.metadata?.creationTimestamp) ?? 0;
  const tb = timeMs(b.metadata?.creationTimestamp) ?? 0;
  if (ta !== tb) return ta - tb;
  return (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1;
}

export function allowsSurge(ds: DaemonSet): boolean {
  const s = ds.spec?.updateStrategy;
  if ((s?.type ?? 'RollingUpdate') !== 'RollingUpdate') return false;
  const surge = s?.rollingUpdate?.maxSurge;
  return surge !== undefined && surge !== null && surge !== 0 && surge !== '0%' && surge !== '0';
}

/** Per-node failed-pod back-off (upstream's flowcontrol.Backoff: 1 s doubling to 15 min). */
export class FailedPodBackoff {
  readonly #entries = new Map<string, { backoff: number; lastUpdate: number }>();
  readonly #initial: number;
  readonly #max: number;

  constructor(initialMs = 1000, maxMs = 15 * 60 * 1000) {
    this.#initial = initialMs;
    this.#max = maxMs;
  }

  /** Remaining back-off (ms) if the key is backing off. */
  remaining(key: string, now: number): number | undefined {
    const e = this.#entries.get(key);
    if (!e) return undefined;
    const left = e.lastUpdate + e.backoff - now;
    return left > 0 ? left : undefined;
  }

  /** Records a failure now (the back-off doubles, or restarts after a long quiet period). */
  next(key: string, now: number): void {
    const e = this.#entries.get(key);
    if (!e || now - e.lastUpdate > 2 * this.#max)
      this.#entries.set(key, { backoff: this.#initial, lastUpdate: now });
    else this.#entries.set(key, { backoff: Math.min(e.backoff * 2, this.#max), lastUpdate: now });
  }

  /** Forgets entries quiet for long (upstream's periodic GC). */
  gc(now: number): void {
    for (const [k, e] of this.#entries) if (now - e.lastUpdate > 2 * this.#max) this.#entries.delete(k);
  }
}

export interface NodesPlan {
  /** Nodes that need a daemon pod created. */
  create: string[];
  /** Pods to delete (by name). */
  delete: Pod[];
  /** Failed pods being deleted: "Found failed daemon pod …" warnings. */
  failed: { pod: Pod; node: string }[];
  /** When a failed pod's back-off ends (ms), to sync again then. */
  requeueAfter?: number;
}

/**
 * `manage`'s decisions for every node. `nodeToPods` holds the daemon pods per target node
 * (unscheduled pods pinned to nodes that no longer exist are deleted too).
 */
export function planNodes(
  ds: DaemonSet,
  nodes: readonly Node[],
  nodeToPods: ReadonlyMap<string, Pod[]>,
  hash: string,
  backoff: FailedPodBackoff,
  now: number,
): NodesPlan {
  const plan: NodesPlan = { create: [], delete: [], failed: [] };
  const dsKey = `${ds.metadata?.namespace}/${ds.metadata?.name}`;
  for (const node of nodes) {
    const name = node.metadata?.name ?? '';
    const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
    const pods = nodeToPods.get(name);
    if (shouldRun && !pods?.length) {
      plan.create.push(name);
    } else if (shouldContinueRunning) {
      const running: Pod[] = [];
      for (const pod of pods ?? []) {
        if (pod.metadata?.deletionTimestamp) continue;
        if (pod.status?.phase === 'Failed') {
          const key = `${dsKey}/${name}`;
          const left = backoff.remaining(key, now);
          if (left !== undefined) {
            plan.requeueAfter = Math.min(plan.requeueAfter ?? left, left);
            continue;
          }
          backoff.next(key, now);
          plan.failed.push({ pod, node: name });
          plan.delete.push(pod);
        } else if (pod.status?.phase === 'Succeeded') {
          plan.delete.push(pod);
        } else {
          running.push(pod);
        }
      }
      if (running.length <= 1) continue;
      running.sort(byCreationTimestampAndPhase);
      if (!allowsSurge(ds)) {
        plan.delete.push(...running.slice(1));
        continue;
      }
      // With surge: keep the oldest pod of the new revision and the oldest of the old one.
      let oldestNew: Pod | undefined;
      let oldestOld: Pod | undefined;
      for (const pod of running) {
        const isNew = pod.metadata?.labels?.[POD_REVISION_LABEL] === hash;
        if (isNew && !oldestNew) oldestNew = pod;
        else if (!isNew && !oldestOld) oldestOld = pod;
        else plan.delete.push(pod);
      }
    } else if (pods?.length) {
      for (const pod of pods) if (!pod.metadata?.deletionTimestamp) plan.delete.push(pod);
    }
  }
  // Pods pinned to nodes that are gone are never scheduled (and pod GC ignores them): delete.
  const live = new Set(nodes.map((n) => n.metadata?.name ?? ''));
  for (const [node, pods] of nodeToPods) {
    if (live.has(node)) continue;
    for (const pod of pods) if (!pod.spec?.nodeName) plan.delete.push(pod);
  }
  return plan;
}

export interface DaemonStatusCounts {
  desiredNumberScheduled: number;
  currentNumberScheduled: number;
  numberMisscheduled: number;
  numberReady: number;
  updatedNumberScheduled: number;
  numberAvailable: number;
  numberUnavailable: number;
}

/** `updateDaemonSetStatus`'s counts (readiness of the oldest pod on each node). */
export function daemonStatusCounts(
  ds: DaemonSet,
  nodes: readonly Node[],
  nodeToPods: ReadonlyMap<string, Pod[]>,
  hash: string,
  isReady: (p: Pod) => boolean,
  isAvailable: (p: Pod) => boolean,
): DaemonStatusCounts {
  const c: DaemonStatusCounts = {
    desiredNumberScheduled: 0,
    currentNumberScheduled: 0,
    numberMisscheduled: 0,
    numberReady: 0,
    updatedNumberScheduled: 0,
    numberAvailable: 0,
    numberUnavailable: 0,
  };
  const generation = templateGeneration(ds);
  for (const node of nodes) {
    const { shouldRun } = nodeShouldRunDaemonPod(node, ds);
    const pods = nodeToPods.get(node.metadata?.name ?? '') ?? [];
    const scheduled = pods.length > 0;
    if (!shouldRun) {
      if (scheduled) c.numberMisscheduled++;
      continue;
    }
    c.desiredNumberScheduled++;
    if (!scheduled) continue;
    c.currentNumberScheduled++;
    const pod = [...pods].sort(byCreationTimestampAndPhase)[0]!;
    if (isReady(pod)) {
      c.numberReady++;
      if (isAvailable(pod)) c.numberAvailable++;
    }
    if (isPodUpdated(pod, hash, generation)) c.updatedNumberScheduled++;
  }
  c.numberUnavailable = c.desiredNumberScheduled - c.numberAvailable;
  return c;
}
