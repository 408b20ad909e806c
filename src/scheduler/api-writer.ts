// The scheduler's writes through the API (the client library): bindings, the PodScheduled
// condition and nominatedNodeName of pods that did not fit, preemption of victims, events.
import type { PersistentVolumeClaim, Pod, PodCondition } from 'kubernetes-types/core/v1.d.ts';
import { type Client, descriptor, EventRecorder, isConflict, isNotFound, PODS } from '../client/index.ts';
import type { ClusterWriter } from './framework/interfaces.ts';

export interface SchedulerWriter extends ClusterWriter {
  /** Sets PodScheduled=False (and optionally status.nominatedNodeName) unless already so. */
  updatePodScheduledCondition(
    pod: Pod,
    condition: PodCondition,
    nominatedNodeName: string | undefined,
  ): Promise<void>;
  /** Sends the events still queued (bounded wait), then stops recording. */
  close(): Promise<void>;
}

export const PVCS = descriptor('v1', 'persistentvolumeclaims', true, 'PersistentVolumeClaim');
const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';

function ref(pod: Pod) {
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    namespace: pod.metadata?.namespace ?? '',
    name: pod.metadata?.name ?? '',
    uid: pod.metadata?.uid ?? '',
    resourceVersion: pod.metadata?.resourceVersion ?? '',
  };
}

/** Upstream's podutil.UpdatePodCondition applied to a condition list: the new list, or undefined when nothing changes. */
export function mergePodCondition(
  existing: readonly PodCondition[] | undefined,
  condition: PodCondition,
  now: string,
): PodCondition[] | undefined {
  const list = [...(existing ?? [])];
  const i = list.findIndex((c) => c.type === condition.type);
  const old = i >= 0 ? list[i] : undefined;
  const lastTransitionTime = old && old.status === condition.status ? (old.lastTransitionTime ?? now) : now;
  const merged: PodCondition = { ...condition, lastTransitionTime };
  if (
    old &&
    old.status === merged.status &&
    (old.reason ?? '') === (merged.reason ?? '') &&
    (old.message ?? '') === (merged.message ?? '') &&
    old.lastTransitionTime === merged.lastTransitionTime
  )
    return undefined;
  if (i >= 0) list[i] = merged;
  else list.push(merged);
  return list;
}

export function apiWriter(
  client: Client,
  component: (pod: Pod) => string,
  onError?: (e: unknown) => void,
): SchedulerWriter {
  const pods = client.resource<Pod>(PODS);
  const claims = client.resource<PersistentVolumeClaim>(PVCS);
  const recorders = new Map<string, EventRecorder>();
  const recorderFor = (name: string) => {
    let r = recorders.get(name);
    if (!r) {
      r = new EventRecorder({
        client,
        component: name,
        ...(onError ? { onError: (e: unknown) => onError(e) } : {}),
      });
      recorders.set(name, r);
    }
    return r;
  };
  const patchStatus = (pod: Pod, status: Record<string, unknown>) =>
    pods
      .namespace(pod.metadata?.namespace ?? '')
      .patch(pod.metadata?.name ?? '', 'strategic', { status }, { subresource: 'status' });

  return {
    async bind(pod, nodeName) {
      await pods
        .namespace(pod.metadata?.namespace ?? '')
        .bind(pod.metadata?.name ?? '', nodeName, pod.metadata?.uid);
    },
    async preemptPod(victim, preemptor, _nodeName, _profile) {
      const condition: PodCondition = {
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'PreemptionByScheduler',
        message: `${preemptor.spec?.schedulerName ?? 'default-scheduler'}: preempting to accommodate a higher priority pod`,
      };
      const conditions = mergePodCondition(
        victim.status?.conditions,
        condition,
        new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      );
      try {
        if (conditions)
          await patchStatus(victim, { conditions: conditions.filter((c) => c.type === 'DisruptionTarget') });
        await pods.namespace(victim.metadata?.namespace ?? '').delete(victim.metadata?.name ?? '');
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    },
    async clearNominatedNodeName(pod) {
      if (!pod.status?.nominatedNodeName) return;
      try {
        await pods
          .namespace(pod.metadata?.namespace ?? '')
          .patch(
            pod.metadata?.name ?? '',
            'merge',
            { status: { nominatedNodeName: null } },
            { subresource: 'status' },
          );
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    },
    async setClaimSelectedNode(claim, nodeName) {
      const annotations = { ...claim.metadata?.annotations, [ANN_SELECTED_NODE]: nodeName };
      return claims
        .namespace(claim.metadata?.namespace ?? '')
        .update({ ...claim, metadata: { ...claim.metadata, annotations } });
    },
    event(regarding, type, reason, _action, message) {
      recorderFor(component(regarding)).event(ref(regarding), type, reason, message);
    },
    async updatePodScheduledCondition(pod, condition, nominatedNodeName) {
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      const conditions = mergePodCondition(pod.status?.conditions, condition, now);
      const nnnChanged =
        nominatedNodeName !== undefined && (pod.status?.nominatedNodeName ?? '') !== nominatedNodeName;
      if (!conditions && !nnnChanged) return;
      const status: Record<string, unknown> = {};
      if (conditions) status.conditions = conditions.filter((c) => c.type === condition.type);
      if (nnnChanged) status.nominatedNodeName = nominatedNodeName || null;
      try {
        await patchStatus(pod, status);
      } catch (e) {
        if (!isNotFound(e) && !isConflict(e)) throw e;
      }
    },
    async close() {
      await Promise.all(
        [...recorders.values()].map(async (r) => {
          let timer: ReturnType<typeof setTimeout> | undefined;
          await Promise.race([r.flush(), new Promise((resolve) => (timer = setTimeout(resolve, 2000)))]);
          clearTimeout(timer);
          await r.shutdown();
        }),
      );
    },
  };
}
