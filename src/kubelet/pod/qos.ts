// A pod's QoS class, its cgroup parent (cgroupfs driver) and its containers' OOM score
// adjustment, as upstream's kubelet computes them.
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { quantityValue, scaledValue } from './quantity.ts';

export type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const QOS_RESOURCES = ['cpu', 'memory'];

/** ComputePodQOS: from the requests and limits of all containers (init ones included). */
export function computePodQOS(pod: Pod): QOSClass {
  const requests = new Map<string, bigint>();
  const limits = new Map<string, bigint>();
  let guaranteed = true;
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  for (const c of containers) {
    for (const [name, q] of Object.entries(c.resources?.requests ?? {})) {
      if (!QOS_RESOURCES.includes(name)) continue;
      const v = scaledValue(q, 9);
      if (v > 0n) requests.set(name, (requests.get(name) ?? 0n) + v);
    }
    const limitsFound = new Set<string>();
    for (const [name, q] of Object.entries(c.resources?.limits ?? {})) {
      if (!QOS_RESOURCES.includes(name)) continue;
      const v = scaledValue(q, 9);
      if (v > 0n) {
        limitsFound.add(name);
        limits.set(name, (limits.get(name) ?? 0n) + v);
      }
    }
    if (!limitsFound.has('cpu') || !limitsFound.has('memory')) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      if (limits.get(name) !== req) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

/** GetPodQOS: the class recorded in the status, else computed. */
export function podQOSClass(pod: Pod): QOSClass {
  return (pod.status?.qosClass as QOSClass | undefined) || computePodQOS(pod);
}

/** The root of pod cgroups kts uses (upstream: `/kubepods` under the cgroup root `/`). */
export const DEFAULT_PODS_CGROUP = '/kubepods';

/**
 * The pod's cgroup parent with the cgroupfs driver: `<root>/pod<uid>` for Guaranteed pods,
 * `<root>/burstable/pod<uid>` and `<root>/besteffort/pod<uid>` for the others.
 */
export function podCgroupParent(pod: Pod, podsCgroup = DEFAULT_PODS_CGROUP): string {
  const uid = pod.metadata?.uid ?? '';
  const qos = podQOSClass(pod);
  const tier = qos === 'Guaranteed' ? '' : `/${qos.toLowerCase()}`;
  return `${podsCgroup.replace(/\/$/, '')}${tier}/pod${uid}`;
}

const GUARANTEED_OOM_SCORE_ADJ = -997;
const BESTEFFORT_OOM_SCORE_ADJ = 1000;

function isSidecar(pod: Pod, container: Container): boolean {
  return (
    (container as { restartPolicy?: string }).restartPolicy === 'Always' &&
    (pod.spec?.initContainers ?? []).some((c) => c.name === container.name)
  );
}

/**
 * GetContainerOOMScoreAdjust. (containerd, told to restrict it, raises what kts may not lower.)
 * Burstable: 1000 − 1000 × memoryRequest / memoryCapacity, kept within 3…999; a sidecar gets no
 * more than the pod's smallest regular container.
 */
export function containerOOMScoreAdjust(pod: Pod, container: Container, memoryCapacity: number): number {
  if (pod.spec?.priorityClassName === 'system-node-critical') return GUARANTEED_OOM_SCORE_ADJ;
  const qos = podQOSClass(pod);
  if (qos === 'Guaranteed') return GUARANTEED_OOM_SCORE_ADJ;
  if (qos === 'BestEffort') return BESTEFFORT_OOM_SCORE_ADJ;
  const adjust = (request: number) => 1000 - Math.trunc((1000 * request) / memoryCapacity);
  let score = adjust(quantityValue(container.resources?.requests?.memory));
  if (isSidecar(pod, container)) {
    const regular = (pod.spec?.containers ?? []).map((c) => quantityValue(c.resources?.requests?.memory));
    const minRequest = regular.length ? Math.min(...regular) : 0;
    score = Math.min(score, adjust(minRequest));
  }
  if (score < 1000 + GUARANTEED_OOM_SCORE_ADJ) return 1000 + GUARANTEED_OOM_SCORE_ADJ;
  if (score === BESTEFFORT_OOM_SCORE_ADJ) return score - 1;
  return score;
}
