// How many replicas a resource metric asks for (upstream's ReplicaCalculator for Resource and
// ContainerResource metrics): the ratio of the pods' usage to the target, applied to the pods
// that have a number, within a tolerance; pods still starting are not trusted on a scale-up,
// and pods without a number are assumed to use the target on the side that would dampen the
// change, so that a missing sample never makes the autoscaler overshoot.
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import { parseQuantity } from '../../machinery/quantity.ts';

/** One pod's summed usage (milli-units: millicores, millibytes) and when it was sampled. */
export interface PodMetric {
  value: number;
  timestamp: number;
  windowMs: number;
}

export interface CalculatorSettings {
  tolerance: number;
  cpuInitializationPeriodMs: number;
  delayOfInitialReadinessStatusMs: number;
}

export interface ResourceTarget {
  resource: string;
  /** Utilization in percent of the pods' requests. */
  utilization?: number;
  /** Average usage per pod in milli-units. */
  averageValueMilli?: number;
  /** For ContainerResource: only this container's usage and requests count. */
  container?: string;
}

export interface Recommendation {
  replicas: number;
  /** The measured utilization in percent (Utilization targets). */
  utilization?: number;
  /** The measured average usage per pod, milli-units. */
  averageValueMilli: number;
}

export class ReplicaCalculationError extends Error {}

const isDeletedOrFailed = (pod: Pod) =>
  Boolean(pod.metadata?.deletionTimestamp) || pod.status?.phase === 'Failed';

/** Upstream's groupPods: which pods count, which are unready, which have no number. */
export function groupPods(
  pods: Pod[],
  metrics: Map<string, PodMetric>,
  resource: string,
  settings: CalculatorSettings,
  now: number,
): { readyCount: number; unready: Set<string>; missing: Set<string>; ignored: Set<string> } {
  const unready = new Set<string>();
  const missing = new Set<string>();
  const ignored = new Set<string>();
  let readyCount = 0;
  for (const pod of pods) {
    const name = pod.metadata?.name ?? '';
    if (isDeletedOrFailed(pod)) {
      ignored.add(name);
      continue;
    }
    if (pod.status?.phase === 'Pending') {
      unready.add(name);
      continue;
    }
    const metric = metrics.get(name);
    if (!metric) {
      missing.add(name);
      continue;
    }
    if (resource === 'cpu') {
      const condition = pod.status?.conditions?.find((c) => c.type === 'Ready');
      const start = pod.status?.startTime ? Date.parse(pod.status.startTime) : undefined;
      let isUnready: boolean;
      if (!condition || start === undefined) isUnready = true;
      else {
        const transition = condition.lastTransitionTime ? Date.parse(condition.lastTransitionTime) : 0;
        if (start + settings.cpuInitializationPeriodMs > now) {
          // Still initializing: only a sample taken wholly after it became ready is trusted.
          isUnready = condition.status === 'False' || metric.timestamp < transition + metric.windowMs;
        } else {
          // Never became ready after its start-up: unready.
          isUnready =
            condition.status === 'False' && start + settings.delayOfInitialReadinessStatusMs > transition;
        }
      }
      if (isUnready) {
        unready.add(name);
        continue;
      }
    }
    readyCount++;
  }
  return { readyCount, unready, missing, ignored };
}

/** Sum of the pod's containers' requests for the resource in milli-units, or undefined when one has none. */
export function podRequest(pod: Pod, resource: string, container?: string): number | undefined {
  let sum = 0;
  for (const c of pod.spec?.containers ?? []) {
    if (container && c.name !== container) continue;
    const q = c.resources?.requests?.[resource];
    if (q === undefined) return undefined;
    sum += milliOf(String(q));
  }
  return sum;
}

/** The milli-value of a quantity string (`250m` → 250, `1` → 1000, `64Mi` → 67108864000), rounded up. */
export function milliOf(quantity: string): number {
  try {
    return parseQuantity(quantity).milliValue();
  } catch {
    throw new ReplicaCalculationError(`invalid quantity ${quantity}`);
  }
}

/** The replicas a resource metric asks for (GetResourceReplicas / GetRawResourceReplicas). */
export function resourceReplicas(
  currentReplicas: number,
  target: ResourceTarget,
  pods: Pod[],
  podMetrics: Map<string, PodMetric>,
  settings: CalculatorSettings,
  now: number,
): Recommendation {
  if (pods.length === 0)
    throw new ReplicaCalculationError('no pods returned by selector while calculating replica count');
  const metrics = new Map(podMetrics);
  const { readyCount, unready, missing, ignored } = groupPods(pods, metrics, target.resource, settings, now);
  for (const name of [...unready, ...ignored]) metrics.delete(name);
  if (metrics.size === 0)
    throw new ReplicaCalculationError('did not receive metrics for targeted pods (pods might be unready)');

  const byName = new Map(pods.map((p) => [p.metadata?.name ?? '', p]));
  const utilizationMode = target.utilization !== undefined;
  const requests = new Map<string, number>();
  if (utilizationMode) {
    for (const pod of pods) {
      const name = pod.metadata?.name ?? '';
      const request = podRequest(pod, target.resource, target.container);
      if (request !== undefined) requests.set(name, request);
    }
  }

  /** The usage ratio against the target over the pods in `m`, and the measured figures. */
  const measure = (m: Map<string, PodMetric>) => {
    let usage = 0;
    let requested = 0;
    for (const [name, metric] of m) {
      usage += metric.value;
      if (utilizationMode) {
        const request = requests.get(name);
        if (request === undefined) {
          const container = target.container ? ` in container ${target.container}` : '';
          throw new ReplicaCalculationError(
            `missing request for ${target.resource}${container} of Pod ${name}`,
          );
        }
        requested += request;
      }
    }
    if (utilizationMode) {
      if (requested === 0) throw new ReplicaCalculationError(`no metrics returned matched known pods`);
      const utilization = Math.trunc((usage * 100) / requested);
      return { ratio: utilization / target.utilization!, utilization, average: usage / m.size };
    }
    const average = usage / m.size;
    return { ratio: average / target.averageValueMilli!, average };
  };

  const first = measure(metrics);
  const result = (replicas: number): Recommendation => ({
    replicas,
    ...(first.utilization !== undefined ? { utilization: first.utilization } : {}),
    averageValueMilli: Math.round(first.average),
  });
  const scaleUpWithUnready = unready.size > 0 && first.ratio > 1;
  if (!scaleUpWithUnready && missing.size === 0) {
    if (Math.abs(1 - first.ratio) <= settings.tolerance) return result(currentReplicas);
    return result(Math.ceil(first.ratio * readyCount));
  }

  // Fill in the pods without a trusted number on the side that dampens the change.
  if (missing.size > 0) {
    for (const name of missing) {
      let value = 0;
      if (first.ratio < 1) {
        value = utilizationMode ? (requests.get(name) ?? 0) : (target.averageValueMilli ?? 0);
      }
      metrics.set(name, { value, timestamp: now, windowMs: 0 });
    }
  }
  if (scaleUpWithUnready)
    for (const name of unready)
      if (byName.has(name)) metrics.set(name, { value: 0, timestamp: now, windowMs: 0 });

  const second = measure(metrics);
  if (
    Math.abs(1 - second.ratio) <= settings.tolerance ||
    (first.ratio < 1 && second.ratio > 1) ||
    (first.ratio > 1 && second.ratio < 1)
  )
    return result(currentReplicas);
  const replicas = Math.ceil(second.ratio * metrics.size);
  if ((second.ratio < 1 && replicas > currentReplicas) || (second.ratio > 1 && replicas < currentReplicas))
    return result(currentReplicas);
  return result(replicas);
}
