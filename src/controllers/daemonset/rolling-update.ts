// A DaemonSet's rolling update (pure, upstream's rollingUpdate): without surge, delete old pods
// while at most maxUnavailable nodes lack an available pod (unavailable old pods first); with
// surge, start new pods beside old ones on at most maxSurge nodes and delete each old pod once
// its replacement is available. The manage step then creates what is missing.
import { scaledValueFromIntOrPercent } from '../../machinery/intstr.ts';
import type { DaemonSet, Node, Pod } from '../workload-common/types.ts';
import { nodeShouldRunDaemonPod } from './placement.ts';
import { isPodUpdated, templateGeneration } from './pod-template.ts';

/** `updatedDesiredNodeCounts`: surge and unavailability budgets (both rounding up); nodes wanting a pod are added empty. */
export function rollingBudgets(
  ds: DaemonSet,
  nodes: readonly Node[],
  nodeToPods: Map<string, Pod[]>,
): { maxSurge: number; maxUnavailable: number; desired: number } {
  let desired = 0;
  for (const node of nodes) {
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) continue;
    desired++;
    const name = node.metadata?.name ?? '';
    if (!nodeToPods.has(name)) nodeToPods.set(name, []);
  }
  const ru =
    ds.spec?.updateStrategy?.type === 'RollingUpdate' ? ds.spec.updateStrategy.rollingUpdate : undefined;
  let maxUnavailable =
    ru?.maxUnavailable !== undefined ? scaledValueFromIntOrPercent(ru.maxUnavailable, desired, true) : 0;
  const maxSurge = ru?.maxSurge !== undefined ? scaledValueFromIntOrPercent(ru.maxSurge, desired, true) : 0;
  if (maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable, desired };
}

/** `findUpdatedPodsOnNode`: the node's new and old pod; `ok` false when there are several of one kind. */
export function updatedPodsOnNode(
  ds: DaemonSet,
  pods: readonly Pod[],
  hash: string,
): { newPod?: Pod; oldPod?: Pod; ok: boolean } {
  let newPod: Pod | undefined;
  let oldPod: Pod | undefined;
  const generation = templateGeneration(ds);
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    if (isPodUpdated(pod, hash, generation)) {
      if (newPod) return { ok: false };
      newPod = pod;
    } else {
      if (oldPod) return { ok: false };
      oldPod = pod;
    }
  }
  const r: { newPod?: Pod; oldPod?: Pod; ok: boolean } = { ok: true };
  if (newPod) r.newPod = newPod;
  if (oldPod) r.oldPod = oldPod;
  return r;
}

/** One rolling-update step: old pods to delete and nodes to start a new pod on. */
export function rollingUpdatePlan(
  ds: DaemonSet,
  nodes: readonly Node[],
  nodeToPodsIn: ReadonlyMap<string, Pod[]>,
  hash: string,
  isAvailable: (p: Pod) => boolean,
): { deletePods: Pod[]; createOnNodes: string[] } {
  const nodeToPods = new Map(nodeToPodsIn);
  const { maxSurge, maxUnavailable } = rollingBudgets(ds, nodes, nodeToPods);
  const byName = new Map(nodes.map((n) => [n.metadata?.name ?? '', n]));
  // Upstream ranges over a map (no order); go node by node in a stable order instead.
  const entries = [...nodeToPods].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (maxSurge === 0) {
    let unavailable = 0;
    const replaceNow: Pod[] = [];
    const candidates: Pod[] = [];
    for (const [, pods] of entries) {
      const { newPod, oldPod, ok } = updatedPodsOnNode(ds, pods, hash);
      if (!ok) {
        unavailable++;
        continue;
      }
      if ((!oldPod && !newPod) || (oldPod && newPod)) unavailable++;
      else if (newPod) {
        if (!isAvailable(newPod)) unavailable++;
      } else if (oldPod) {
        if (!isAvailable(oldPod)) replaceNow.push(oldPod);
        else if (unavailable < maxUnavailable) candidates.push(oldPod);
      }
    }
    const room = Math.min(Math.max(0, maxUnavailable - unavailable), candidates.length);
    return { deletePods: [...replaceNow, ...candidates.slice(0, room)], createOnNodes: [] };
  }
  const deletePods: Pod[] = [];
  const allowed: string[] = [];
  const candidates: string[] = [];
  let surging = 0;
  for (const [nodeName, pods] of entries) {
    const { newPod, oldPod, ok } = updatedPodsOnNode(ds, pods, hash);
    if (!ok) {
      surging++;
      continue;
    }
    if (!oldPod) continue;
    if (!newPod) {
      if (!isAvailable(oldPod)) {
        const node = byName.get(nodeName);
        if (!node || !nodeShouldRunDaemonPod(node, ds).shouldRun) continue;
        allowed.push(nodeName);
      } else if (surging < maxSurge) {
        candidates.push(nodeName);
      }
      continue;
    }
    if (!isAvailable(newPod)) {
      surging++;
      continue;
    }
    deletePods.push(oldPod);
  }
  const room = Math.min(Math.max(0, maxSurge - surging), candidates.length);
  return { deletePods, createOnNodes: [...allowed, ...candidates.slice(0, room)] };
}
