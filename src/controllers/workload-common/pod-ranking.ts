// Which pods a controller deletes first when it has too many (upstream's ActivePodsWithRanks):
// the least valuable first —
//   1. unscheduled before scheduled
//   2. Pending before Unknown before Running
//   3. not ready before ready
//   4. lower `controller.kubernetes.io/pod-deletion-cost` first
//   5. more related pods on the same node (doubled up) first
//   6. ready for less time first (compared on a log2 scale, so near-equal ages tie)
//   7. more container restarts first (then more sidecar restarts)
//   8. newer first (log2 scale as well); ties broken by UID.
import { isPodActive, isPodReady, podReadyTime, timeMs } from './pod-state.ts';
import type { Pod } from './types.ts';

export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** The pod-deletion-cost annotation as an int32 (0 when absent or invalid). */
export function podDeletionCost(pod: Pod): number {
  const v = pod.metadata?.annotations?.[POD_DELETION_COST_ANNOTATION];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return 0;
  const n = Number(v);
  return n >= -(2 ** 31) && n < 2 ** 31 ? n : 0;
}

/** Highest restart count of regular containers, and of restartable init containers (sidecars). */
export function maxContainerRestarts(pod: Pod): { regular: number; sidecar: number } {
  let regular = 0;
  let sidecar = 0;
  for (const c of pod.status?.containerStatuses ?? []) regular = Math.max(regular, c.restartCount ?? 0);
  const sidecars = new Set(
    (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name),
  );
  for (const c of pod.status?.initContainerStatuses ?? [])
    if (sidecars.has(c.name)) sidecar = Math.max(sidecar, c.restartCount ?? 0);
  return { regular, sidecar };
}

/** t1 after t2, an absent time counting as after any present one (`afterOrZero`). */
function afterOrZero(t1: number | undefined, t2: number | undefined): boolean {
  if (t1 === undefined || t2 === undefined) return t1 === undefined;
  return t1 > t2;
}

/** What the comparison reads off a pod itself (not its rank, not `now`). */
interface PodFacts {
  unscheduled: boolean;
  phase: number;
  ready: boolean;
  deletionCost: number;
  readyTime: number | undefined;
  restarts: { regular: number; sidecar: number };
  created: number | undefined;
  uid: string;
}

/**
 * A pod with what the comparison reads off it, computed once per pod rather than once per
 * comparison (a sort makes n·log n of them; with 10,000 pods that was most of a sync). The
 * ages are on the log2 scale of `now`, as compared.
 */
interface Ranked extends PodFacts {
  pod: Pod;
  rank: number;
  readyAge: number;
  createdAge: number;
}

/**
 * Facts per cached pod object: cached objects are never modified (a change is a new object), and
 * successive scale-downs rank mostly the same pods.
 */
const factsOf = new WeakMap<Pod, PodFacts>();

function podFacts(pod: Pod): PodFacts {
  let facts = factsOf.get(pod);
  if (facts) return facts;
  const ready = isPodReady(pod);
  facts = {
    unscheduled: (pod.spec?.nodeName ?? '') === '',
    phase: PHASE_ORDINAL[pod.status?.phase ?? ''] ?? 0,
    ready,
    deletionCost: podDeletionCost(pod),
    readyTime: ready ? podReadyTime(pod) : undefined,
    restarts: maxContainerRestarts(pod),
    created: timeMs(pod.metadata?.creationTimestamp),
    uid: pod.metadata?.uid ?? '',
  };
  factsOf.set(pod, facts);
  return facts;
}

/** floor(log2(age in ns)) of an instant, -1 when not in the past (`logarithmicRankDiff`'s term). */
function logAge(t: number | undefined, now: number): number {
  if (t === undefined) return 0;
  const ns = (now - t) * 1e6;
  return ns > 0 ? Math.floor(Math.log2(ns)) : -1;
}

function ranked(pod: Pod, rank: number, now: number): Ranked {
  const facts = podFacts(pod);
  return {
    ...facts,
    pod,
    rank,
    readyAge: logAge(facts.readyTime, now),
    createdAge: logAge(facts.created, now),
  };
}

/** Negative when `a` should be deleted before `b`. */
function compare(a: Ranked, b: Ranked): number {
  const less = lessThan(a, b);
  if (less) return -1;
  return lessThan(b, a) ? 1 : 0;
}

function lessThan(a: Ranked, b: Ranked): boolean {
  // Node names differ with one of them empty: exactly one pod is unscheduled.
  if (a.unscheduled !== b.unscheduled) return a.unscheduled;
  if (a.phase !== b.phase) return a.phase < b.phase;
  if (a.ready !== b.ready) return !a.ready;
  if (a.deletionCost !== b.deletionCost) return a.deletionCost < b.deletionCost;
  if (a.rank !== b.rank) return a.rank > b.rank;
  if (a.ready && b.ready) {
    const t1 = a.readyTime;
    const t2 = b.readyTime;
    if (t1 !== t2) {
      if (t1 === undefined || t2 === undefined) return afterOrZero(t1, t2);
      const diff = a.readyAge - b.readyAge;
      if (diff === 0) return a.uid < b.uid;
      return diff < 0;
    }
  }
  if (a.restarts.regular !== b.restarts.regular) return a.restarts.regular > b.restarts.regular;
  if (a.restarts.sidecar !== b.restarts.sidecar) return a.restarts.sidecar > b.restarts.sidecar;
  const c1 = a.created;
  const c2 = b.created;
  if (c1 !== c2) {
    if (c1 === undefined || c2 === undefined) return afterOrZero(c1, c2);
    const diff = a.createdAge - b.createdAge;
    if (diff === 0) return a.uid < b.uid;
    return diff < 0;
  }
  return false;
}

/** The related pods of an owner family, or already their count of active pods per node name. */
export type RelatedPods = readonly Pod[] | ReadonlyMap<string, number>;

/** Counts active pods per node name (unscheduled under ''), adding to `into`. */
export function activePodsPerNode(
  pods: Iterable<Pod>,
  into = new Map<string, number>(),
): Map<string, number> {
  for (const p of pods) {
    if (!isPodActive(p)) continue;
    const node = p.spec?.nodeName ?? '';
    into.set(node, (into.get(node) ?? 0) + 1);
  }
  return into;
}

/**
 * Sorts pods least valuable first. `related` pods (all pods of the same owner family) give
 * each pod its rank: how many active related pods share its node.
 */
export function rankPodsForDeletion(pods: readonly Pod[], related: RelatedPods, now: number): Pod[] {
  const onNode = related instanceof Map ? related : activePodsPerNode(related as readonly Pod[]);
  const list = pods.map((pod) => ranked(pod, onNode.get(pod.spec?.nodeName ?? '') ?? 0, now));
  list.sort(compare);
  return list.map((r) => r.pod);
}

/** Sorts pods least valuable first without node ranks (upstream's ActivePods). */
export function sortActivePods(pods: readonly Pod[], now: number): Pod[] {
  return rankPodsForDeletion(pods, [], now);
}

/** `getPodsToDelete`: the `diff` least valuable pods. */
export function podsToDelete(pods: readonly Pod[], related: RelatedPods, diff: number, now: number): Pod[] {
  if (diff >= pods.length) return pods.slice(0, diff);
  return rankPodsForDeletion(pods, related, now).slice(0, diff);
}
