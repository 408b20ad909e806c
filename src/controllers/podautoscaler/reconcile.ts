// One pass of the autoscaler over one HorizontalPodAutoscaler (upstream's reconcileAutoscaler):
// read the target's scale, bring it inside [min, max], otherwise compute the replicas every
// metric asks for and take the largest, normalize it (stabilization, rate, bounds), write the
// scale when it changes and the status with its conditions. Everything it reads or writes goes
// through `AutoscalerIO`, so the decisions are tested without a server.
import type {
  HorizontalPodAutoscaler,
  HorizontalPodAutoscalerCondition,
  MetricStatus,
} from 'kubernetes-types/autoscaling/v2.d.ts';
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import { normalizeDesired, normalizeWithBehavior, type ScaleEvent, type Timestamped } from './normalize.ts';
import { type CalculatorSettings, milliOf, type PodMetric, resourceReplicas } from './replica-calculator.ts';

/** A pod's resource usage per container, in milli-units, with its sample time. */
export interface PodUsage {
  timestamp: number;
  windowMs: number;
  containers: Map<string, Record<string, number>>;
}

export interface AutoscalerIO {
  getScale(hpa: HorizontalPodAutoscaler): Promise<{ replicas: number; selector?: string }>;
  setScale(hpa: HorizontalPodAutoscaler, replicas: number): Promise<void>;
  pods(namespace: string, selector: string): Pod[];
  /** PodMetrics of the namespace matching the selector (metrics.k8s.io); rejects when unavailable. */
  podUsage(namespace: string, selector: string): Promise<Map<string, PodUsage>>;
  event(hpa: HorizontalPodAutoscaler, type: 'Normal' | 'Warning', reason: string, message: string): void;
  writeStatus(
    hpa: HorizontalPodAutoscaler,
    status: NonNullable<HorizontalPodAutoscaler['status']>,
  ): Promise<void>;
}

export interface AutoscalerSettings extends CalculatorSettings {
  downscaleStabilizationMs: number;
}

/** What the controller remembers per HPA between passes (upstream keeps it in memory too). */
export interface AutoscalerMemory {
  recommendations: Timestamped[];
  scaleUpEvents: ScaleEvent[];
  scaleDownEvents: ScaleEvent[];
}

type Condition = HorizontalPodAutoscalerCondition;

function setCondition(
  conditions: Condition[],
  next: Omit<Condition, 'lastTransitionTime'>,
  now: string,
): void {
  const existing = conditions.find((c) => c.type === next.type);
  if (existing) {
    if (existing.status !== next.status) existing.lastTransitionTime = now;
    existing.status = next.status;
    existing.reason = next.reason;
    existing.message = next.message;
  } else conditions.push({ ...next, lastTransitionTime: now });
}

const quantity = (milli: number, resource: string) =>
  resource === 'cpu'
    ? `${Math.round(milli)}m`
    : milli % 1000 === 0
      ? `${milli / 1000}`
      : `${Math.round(milli)}m`;

interface MetricResult {
  replicas: number;
  name: string;
  status: MetricStatus;
}

async function computeMetric(
  hpa: HorizontalPodAutoscaler,
  index: number,
  current: number,
  selector: string,
  io: AutoscalerIO,
  settings: AutoscalerSettings,
  now: number,
): Promise<MetricResult> {
  const spec = hpa.spec!.metrics![index]!;
  const namespace = hpa.metadata?.namespace ?? '';
  const source =
    spec.type === 'Resource'
      ? spec.resource
      : spec.type === 'ContainerResource'
        ? spec.containerResource
        : undefined;
  if (!source) throw new Error(`metric source type ${spec.type} is not supported by kts yet`);
  const container = spec.type === 'ContainerResource' ? spec.containerResource!.container : undefined;
  const resource = source.name;
  const target = source.target;
  const what = target.type === 'Utilization' ? `${resource} utilization` : `${resource} usage`;
  let usage: Map<string, PodUsage>;
  try {
    usage = await io.podUsage(namespace, selector);
    if (usage.size === 0) throw new Error('no metrics returned from resource metrics API');
  } catch (e) {
    throw new Error(`failed to get ${what}: unable to get metrics for resource ${resource}: ${message(e)}`);
  }
  const metrics = new Map<string, PodMetric>();
  for (const [pod, u] of usage) {
    let value = 0;
    let found = false;
    for (const [name, values] of u.containers) {
      if (container && name !== container) continue;
      if (values[resource] === undefined) continue;
      value += values[resource]!;
      found = true;
    }
    if (found) metrics.set(pod, { value, timestamp: u.timestamp, windowMs: u.windowMs });
  }
  const pods = io.pods(namespace, selector);
  const rec = resourceReplicas(
    current,
    {
      resource,
      ...(target.type === 'Utilization' ? { utilization: target.averageUtilization ?? 0 } : {}),
      ...(target.type === 'AverageValue' && target.averageValue !== undefined
        ? { averageValueMilli: milliOf(String(target.averageValue)) }
        : {}),
      ...(container ? { container } : {}),
    },
    pods,
    metrics,
    settings,
    now,
  );
  const currentValue = {
    averageValue: quantity(rec.averageValueMilli, resource),
    ...(rec.utilization !== undefined ? { averageUtilization: rec.utilization } : {}),
  };
  const status: MetricStatus =
    spec.type === 'Resource'
      ? { type: 'Resource', resource: { name: resource, current: currentValue } }
      : {
          type: 'ContainerResource',
          containerResource: { name: resource, container: container!, current: currentValue },
        };
  const name =
    spec.type === 'Resource'
      ? `${resource} resource${target.type === 'Utilization' ? ' utilization (percentage of request)' : ''}`
      : `${resource} container resource${target.type === 'Utilization' ? ' utilization (percentage of request)' : ''}`;
  return { replicas: rec.replicas, name, status };
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Runs one pass; returns the replicas set (or kept). */
export async function reconcileAutoscaler(
  hpa: HorizontalPodAutoscaler,
  io: AutoscalerIO,
  memory: AutoscalerMemory,
  settings: AutoscalerSettings,
  now: number,
): Promise<number> {
  const nowText = new Date(Math.floor(now / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const spec = hpa.spec!;
  const conditions: Condition[] = structuredClone(hpa.status?.conditions ?? []);
  const status: NonNullable<HorizontalPodAutoscaler['status']> = {
    ...(hpa.status?.lastScaleTime ? { lastScaleTime: hpa.status.lastScaleTime } : {}),
    currentReplicas: hpa.status?.currentReplicas ?? 0,
    desiredReplicas: hpa.status?.desiredReplicas ?? 0,
    ...(hpa.metadata?.generation !== undefined ? { observedGeneration: hpa.metadata.generation } : {}),
    ...(hpa.status?.currentMetrics ? { currentMetrics: hpa.status.currentMetrics } : {}),
    conditions,
  };
  const write = async () => {
    if (!status.currentMetrics?.length) delete status.currentMetrics;
    await io.writeStatus(hpa, status);
  };

  let scale: { replicas: number; selector?: string };
  try {
    scale = await io.getScale(hpa);
  } catch (e) {
    io.event(hpa, 'Warning', 'FailedGetScale', message(e));
    setCondition(
      conditions,
      {
        type: 'AbleToScale',
        status: 'False',
        reason: 'FailedGetScale',
        message: `the HPA controller was unable to get the target's current scale: ${message(e)}`,
      },
      nowText,
    );
    await write();
    throw e;
  }
  setCondition(
    conditions,
    {
      type: 'AbleToScale',
      status: 'True',
      reason: 'SucceededGetScale',
      message: "the HPA controller was able to get the target's current scale",
    },
    nowText,
  );
  const current = scale.replicas;
  status.currentReplicas = current;
  const min = spec.minReplicas ?? 1;
  let desired = 0;
  let rescaleReason = '';
  let metricStatuses: MetricStatus[] = [];

  if (current === 0 && min !== 0) {
    setCondition(
      conditions,
      {
        type: 'ScalingActive',
        status: 'False',
        reason: 'ScalingDisabled',
        message: 'scaling is disabled since the replica count of the target is zero',
      },
      nowText,
    );
    desired = 0;
  } else if (current > spec.maxReplicas) {
    rescaleReason = 'Current number of replicas above Spec.MaxReplicas';
    desired = spec.maxReplicas;
  } else if (current < min) {
    rescaleReason = 'Current number of replicas below Spec.MinReplicas';
    desired = min;
  } else {
    // Every metric's recommendation; the largest wins. Any failure leaves the scale alone.
    const selector = scale.selector ?? '';
    let best = 0;
    let bestName = '';
    const errors: string[] = [];
    metricStatuses = [];
    if (!selector) errors.push('selector is required');
    else {
      for (let i = 0; i < (spec.metrics ?? []).length; i++) {
        try {
          const r = await computeMetric(hpa, i, current, selector, io, settings, now);
          metricStatuses.push(r.status);
          if (r.replicas > best) {
            best = r.replicas;
            bestName = r.name;
          }
        } catch (e) {
          const metric = spec.metrics![i]!;
          const resource =
            metric.type === 'Resource'
              ? metric.resource?.name
              : metric.type === 'ContainerResource'
                ? metric.containerResource?.name
                : metric.type;
          const msg = `failed to get ${resource} resource metric value: ${message(e)}`;
          errors.push(msg);
          metricStatuses.push({ type: '' } as MetricStatus);
          const reason =
            metric.type === 'Resource' || metric.type === 'ContainerResource'
              ? 'FailedGetResourceMetric'
              : `FailedGet${metric.type}Metric`;
          io.event(hpa, 'Warning', reason, message(e));
          setCondition(
            conditions,
            {
              type: 'ScalingActive',
              status: 'False',
              reason,
              message: `the HPA was unable to compute the replica count: ${message(e)}`,
            },
            nowText,
          );
        }
      }
    }
    const invalid = errors.length;
    const total = (spec.metrics ?? []).length;
    if (invalid >= total || (invalid > 0 && best < current)) {
      // Upstream scales up on the valid metrics only; otherwise nothing changes.
      io.event(
        hpa,
        'Warning',
        'FailedComputeMetricsReplicas',
        `invalid metrics (${invalid} invalid out of ${total}), first error is: ${errors[0]}`,
      );
      status.currentMetrics = metricStatuses.filter((m) => m.type);
      status.desiredReplicas = current;
      await write();
      return current;
    }
    setCondition(
      conditions,
      {
        type: 'ScalingActive',
        status: 'True',
        reason: 'ValidMetricFound',
        message: `the HPA was able to successfully calculate a replica count from ${bestName}`,
      },
      nowText,
    );
    const normalized = spec.behavior
      ? normalizeWithBehavior({
          current,
          desired: best,
          min,
          max: spec.maxReplicas,
          now,
          recommendations: memory.recommendations,
          downscaleStabilizationMs: settings.downscaleStabilizationMs,
          scaleUp: spec.behavior.scaleUp ?? {},
          scaleDown: spec.behavior.scaleDown ?? {},
          scaleUpEvents: memory.scaleUpEvents,
          scaleDownEvents: memory.scaleDownEvents,
        })
      : normalizeDesired({
          current,
          desired: best,
          min,
          max: spec.maxReplicas,
          now,
          recommendations: memory.recommendations,
          downscaleStabilizationMs: settings.downscaleStabilizationMs,
        });
    setCondition(conditions, { type: 'AbleToScale', status: 'True', ...normalized.ableToScale }, nowText);
    setCondition(conditions, { type: 'ScalingLimited', ...normalized.scalingLimited }, nowText);
    desired = normalized.replicas;
    rescaleReason = desired > current ? `${bestName} above target` : 'All metrics below target';
    status.currentMetrics = metricStatuses;
  }

  const rescale = desired !== current && !(current === 0 && min !== 0);
  if (rescale) {
    try {
      await io.setScale(hpa, desired);
    } catch (e) {
      io.event(
        hpa,
        'Warning',
        'FailedRescale',
        `New size: ${desired}; reason: ${rescaleReason}; error: ${message(e)}`,
      );
      setCondition(
        conditions,
        {
          type: 'AbleToScale',
          status: 'False',
          reason: 'FailedUpdateScale',
          message: `the HPA controller was unable to update the target scale: ${message(e)}`,
        },
        nowText,
      );
      await write();
      throw e;
    }
    setCondition(
      conditions,
      {
        type: 'AbleToScale',
        status: 'True',
        reason: 'SucceededRescale',
        message: `the HPA controller was able to update the target scale to ${desired}`,
      },
      nowText,
    );
    io.event(hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${rescaleReason}`);
    const change = { timestamp: now, change: Math.abs(desired - current) };
    (desired > current ? memory.scaleUpEvents : memory.scaleDownEvents).push(change);
    // Events older than the longest policy period (at most 30 min) no longer limit anything.
    for (const list of [memory.scaleUpEvents, memory.scaleDownEvents])
      for (let i = list.length - 1; i >= 0; i--) if (list[i]!.timestamp < now - 1_800_000) list.splice(i, 1);
    status.lastScaleTime = nowText;
  } else desired = current;
  status.desiredReplicas = desired;
  await write();
  return desired;
}
