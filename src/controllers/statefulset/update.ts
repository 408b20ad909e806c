// One StatefulSet sync over its pods (upstream's updateStatefulSet): fill every ordinal in
// [start, end] with a pod at the right revision — in order, each waiting for its predecessors
// to be Running and Ready (OrderedReady), or all at once (Parallel) — recreate failed pods,
// then remove ordinals beyond the end from the highest down, then roll pods that are not at
// the update revision from the highest ordinal down to the partition, one at a time (or
// maxUnavailable at a time). The writes go through StatefulPodOps; the decisions are here.
import type { StatefulSetStatus } from 'kubernetes-types/apps/v1.js';
import { scaledValueFromIntOrPercent } from '../../machinery/intstr.ts';
import { isPodAvailable, isPodReady, isPodTerminating } from '../workload-common/pod-state.ts';
import { slowStartBatch } from '../workload-common/slow-start.ts';
import type { ControllerRevision, OwnerReference, Pod, StatefulSet } from '../workload-common/types.ts';
import {
  identityMatches,
  newStatefulSetPod,
  ordinalOf,
  podInOrdinalRange,
  podRevision,
  setPodRevision,
  startOrdinal,
  storageMatches,
} from './identity.ts';

/** The pod and claim writes of a sync (the controller's implementation talks to the API). */
export interface StatefulPodOps {
  /** Creates the pod's missing claims, then the pod, then sets the claims' retention references. */
  createPod(set: StatefulSet, pod: Pod): Promise<void>;
  deletePod(set: StatefulSet, pod: Pod): Promise<void>;
  /** Restores identity, storage (creating missing claims) and claim retention of an existing pod. */
  updatePod(set: StatefulSet, pod: Pod): Promise<void>;
  createMissingClaims(set: StatefulSet, pod: Pod): Promise<void>;
  /** Whether the pod's claims carry the owner references the retention policy asks for. */
  claimsMatchRetentionPolicy(set: StatefulSet, pod: Pod): boolean;
  updateClaimsForRetentionPolicy(set: StatefulSet, pod: Pod): Promise<void>;
  /** A claim of this pod still belongs to an earlier pod of the same name. */
  podClaimIsStale(set: StatefulSet, pod: Pod): boolean;
  /** Warning/Normal events on the set. */
  event(set: StatefulSet, type: 'Normal' | 'Warning', reason: string, message: string): void;
}

export interface UpdateInput {
  set: StatefulSet;
  /** The set as of its current and update revisions (template from each). */
  currentSet: StatefulSet;
  updateSet: StatefulSet;
  currentRevision: ControllerRevision;
  updateRevision: ControllerRevision;
  collisionCount: number;
  pods: readonly Pod[];
  ref: OwnerReference;
  now: number;
}

const isCreated = (p: Pod) => (p.status?.phase ?? '') !== '';
const isFailed = (p: Pod) => p.status?.phase === 'Failed';
const isSucceeded = (p: Pod) => p.status?.phase === 'Succeeded';
const isPending = (p: Pod) => p.status?.phase === 'Pending';
const isRunningAndReady = (p: Pod) => p.status?.phase === 'Running' && isPodReady(p);
const isHealthy = (p: Pod) => isRunningAndReady(p) && !isPodTerminating(p);

/** `newVersionedStatefulSetPod`: ordinals below the partition (or the current count) stay at the current revision. */
export function newVersionedPod(input: UpdateInput, ordinal: number): Pod {
  const { currentSet, updateSet, currentRevision, updateRevision } = input;
  const strategy = currentSet.spec?.updateStrategy;
  const rolling = strategy?.type === 'RollingUpdate' || strategy?.type === undefined;
  const partition = strategy?.rollingUpdate?.partition;
  const keepCurrent =
    rolling &&
    ((strategy?.rollingUpdate === undefined &&
      ordinal < startOrdinal(currentSet) + (currentSet.status?.currentReplicas ?? 0)) ||
      (strategy?.rollingUpdate !== undefined && ordinal < startOrdinal(currentSet) + (partition ?? 0)));
  const source = keepCurrent ? currentSet : updateSet;
  const pod = newStatefulSetPod(source, ordinal, input.ref);
  setPodRevision(
    pod,
    keepCurrent ? (currentRevision.metadata?.name ?? '') : (updateRevision.metadata?.name ?? ''),
  );
  return pod;
}

/** `updateStatus`: counts over the pods (those not yet created count for nothing). */
export function computeStatus(
  status: StatefulSetStatus,
  minReadySeconds: number,
  current: string,
  update: string,
  now: number,
  ...lists: readonly (Pod | undefined)[][]
): void {
  status.replicas = 0;
  status.readyReplicas = 0;
  status.availableReplicas = 0;
  status.currentReplicas = 0;
  status.updatedReplicas = 0;
  for (const list of lists) {
    for (const pod of list) {
      if (!pod) continue;
      if (isCreated(pod)) status.replicas++;
      if (isRunningAndReady(pod)) {
        status.readyReplicas++;
        if (isPodAvailable(pod, minReadySeconds, now)) status.availableReplicas++;
      }
      if (isCreated(pod) && !isPodTerminating(pod)) {
        const revision = podRevision(pod);
        if (revision === current) status.currentReplicas++;
        if (revision === update) status.updatedReplicas++;
      }
    }
  }
}

/** `runForAll`: in order, stopping at the first that blocks (monotonic); else all in slow-start batches. */
async function runForAll(
  count: number,
  fn: (i: number) => Promise<boolean>,
  monotonic: boolean,
): Promise<{ exit: boolean; error?: unknown }> {
  if (monotonic) {
    for (let i = 0; i < count; i++) {
      try {
        if (await fn(i)) return { exit: true };
      } catch (error) {
        return { exit: true, error };
      }
    }
    return { exit: false };
  }
  const r = await slowStartBatch(count, 1, async (i) => {
    await fn(i);
  });
  return r.error !== undefined ? { exit: true, error: r.error } : { exit: false };
}

/** `getStatefulSetMaxUnavailable`: at least one. */
export function maxUnavailableOf(set: StatefulSet): number {
  const value = set.spec?.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1;
  return Math.max(1, scaledValueFromIntOrPercent(value, set.spec?.replicas ?? 1, false));
}

/** The sync. Returns the status to record, and the error that stopped it, if any. */
export async function updateStatefulSet(
  input: UpdateInput,
  ops: StatefulPodOps,
): Promise<{ status: StatefulSetStatus; error?: unknown }> {
  const { set, updateSet, currentRevision, updateRevision, now } = input;
  const minReady = set.spec?.minReadySeconds ?? 0;
  const currentName = currentRevision.metadata?.name ?? '';
  const updateName = updateRevision.metadata?.name ?? '';
  const status: StatefulSetStatus = {
    observedGeneration: set.metadata?.generation ?? 0,
    currentRevision: currentName,
    updateRevision: updateName,
    collisionCount: input.collisionCount,
    replicas: 0,
  };
  const start = startOrdinal(set);
  const replicaCount = set.spec?.replicas ?? 1;
  const replicas: (Pod | undefined)[] = new Array(replicaCount).fill(undefined);
  const condemned: Pod[] = [];
  for (const pod of input.pods) {
    if (podInOrdinalRange(pod, set)) replicas[ordinalOf(pod) - start] = pod;
    else if (ordinalOf(pod) >= 0) condemned.push(pod);
  }
  for (let i = 0; i < replicaCount; i++) replicas[i] ??= newVersionedPod(input, start + i);
  condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));
  let firstUnhealthy: Pod | undefined;
  for (const p of replicas) if (!isHealthy(p!)) firstUnhealthy ??= p;
  for (let i = condemned.length - 1; i >= 0; i--)
    if (!isHealthy(condemned[i]!)) firstUnhealthy ??= condemned[i];
  const finish = (error?: unknown) => {
    computeStatus(status, minReady, currentName, updateName, now, replicas, condemned);
    return error === undefined ? { status } : { status, error };
  };
  computeStatus(status, minReady, currentName, updateName, now, [...input.pods]);
  if (set.metadata?.deletionTimestamp) return { status };

  const monotonic = set.spec?.podManagementPolicy !== 'Parallel';

  // Every ordinal in range: recreate failed pods, create missing ones, wait for predecessors.
  const processReplica = async (i: number): Promise<boolean> => {
    let pod = replicas[i]!;
    if (isFailed(pod) || isSucceeded(pod)) {
      if (isFailed(pod))
        ops.event(
          set,
          'Warning',
          'RecreatingFailedPod',
          `StatefulSet ${set.metadata?.namespace}/${set.metadata?.name} is recreating failed Pod ${pod.metadata?.name}`,
        );
      else
        ops.event(
          set,
          'Normal',
          'RecreatingTerminatedPod',
          `StatefulSet ${set.metadata?.namespace}/${set.metadata?.name} is recreating terminated Pod ${pod.metadata?.name}`,
        );
      await ops.deletePod(set, pod);
      pod = replicas[i] = newVersionedPod(input, start + i);
    }
    if (!isCreated(pod)) {
      if (ops.podClaimIsStale(set, pod)) return true;
      await ops.createPod(set, pod);
      return monotonic;
    }
    if (isPending(pod)) await ops.createMissingClaims(set, pod);
    if (isPodTerminating(pod) && monotonic) return true;
    if (!isRunningAndReady(pod) && monotonic) return true;
    if (!isPodAvailable(pod, minReady, now) && monotonic) return true;
    // Enforce identity, storage and the retention policy.
    if (
      identityMatches(set, pod) &&
      storageMatches(set, pod) &&
      ops.claimsMatchRetentionPolicy(updateSet, pod)
    )
      return false;
    await ops.updatePod(updateSet, structuredClone(pod));
    return false;
  };
  let r = await runForAll(replicaCount, processReplica, monotonic);
  if (r.exit || r.error !== undefined) return finish(r.error);

  // Claims of condemned pods: references for whenScaled: Delete.
  r = await runForAll(
    condemned.length,
    async (i) => {
      if (!ops.claimsMatchRetentionPolicy(updateSet, condemned[i]!))
        await ops.updateClaimsForRetentionPolicy(updateSet, condemned[i]!);
      return false;
    },
    monotonic,
  );
  if (r.exit || r.error !== undefined) return finish(r.error);

  // Scale down from the highest ordinal; in order, only once everything else is healthy.
  const processCondemned = async (i: number): Promise<boolean> => {
    const pod = condemned[i]!;
    if (isPodTerminating(pod)) return monotonic;
    if (!isRunningAndReady(pod) && monotonic && pod !== firstUnhealthy) return true;
    if (!isPodAvailable(pod, minReady, now) && monotonic && pod !== firstUnhealthy) return true;
    await ops.deletePod(set, pod);
    return true;
  };
  r = await runForAll(condemned.length, processCondemned, monotonic);
  if (r.exit || r.error !== undefined) return finish(r.error);

  computeStatus(status, minReady, currentName, updateName, now, replicas, condemned);
  const strategy = set.spec?.updateStrategy;
  if (strategy?.type === 'OnDelete') return { status };

  const partition = strategy?.rollingUpdate?.partition ?? 0;
  if (
    strategy?.rollingUpdate?.maxUnavailable !== undefined &&
    strategy.rollingUpdate.maxUnavailable !== null
  ) {
    // Several at a time: keep at most maxUnavailable ordinals unhealthy.
    const maxUnavailable = maxUnavailableOf(set);
    const unavailable = replicas.filter((p) => !isHealthy(p!)).length;
    if (unavailable >= maxUnavailable) return { status };
    let toDelete = maxUnavailable - unavailable;
    for (let target = replicas.length - 1; target >= partition && toDelete > 0; target--) {
      const pod = replicas[target]!;
      if (podRevision(pod) !== updateName && !isPodTerminating(pod)) {
        try {
          await ops.deletePod(set, pod);
        } catch (error) {
          return { status, error };
        }
        toDelete--;
        status.currentReplicas = (status.currentReplicas ?? 0) - 1;
      }
    }
    return { status };
  }
  // One at a time, from the highest ordinal down to the partition, each waiting to be healthy.
  for (let target = replicas.length - 1; target >= partition; target--) {
    const pod = replicas[target]!;
    if (podRevision(pod) !== updateName && !isPodTerminating(pod)) {
      try {
        await ops.deletePod(set, pod);
      } catch (error) {
        return { status, error };
      }
      status.currentReplicas = (status.currentReplicas ?? 0) - 1;
      return { status };
    }
    if (!isHealthy(pod)) return { status };
  }
  return { status };
}

/** `completeRollingUpdate` (mutates): once every replica is updated and ready, the update revision becomes current. */
export function completeRollingUpdate(set: StatefulSet, status: StatefulSetStatus): void {
  const rolling = (set.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
  if (rolling && status.updatedReplicas === status.replicas && status.readyReplicas === status.replicas) {
    status.currentReplicas = status.updatedReplicas;
    status.currentRevision = status.updateRevision;
  }
}

/** `inconsistentStatus`: whether the computed status differs from the stored one. */
export function statusChanged(set: StatefulSet, status: StatefulSetStatus): boolean {
  const s = set.status ?? { replicas: 0 };
  return (
    (status.observedGeneration ?? 0) > (s.observedGeneration ?? 0) ||
    status.replicas !== s.replicas ||
    (status.currentReplicas ?? 0) !== (s.currentReplicas ?? 0) ||
    (status.readyReplicas ?? 0) !== (s.readyReplicas ?? 0) ||
    (status.updatedReplicas ?? 0) !== (s.updatedReplicas ?? 0) ||
    (status.currentRevision ?? '') !== (s.currentRevision ?? '') ||
    (status.availableReplicas ?? 0) !== (s.availableReplicas ?? 0) ||
    (status.updateRevision ?? '') !== (s.updateRevision ?? '') ||
    (status.collisionCount ?? 0) !== (s.collisionCount ?? 0)
  );
}
