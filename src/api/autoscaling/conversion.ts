// autoscaling/v1 ↔ autoscaling/v2 HorizontalPodAutoscaler, as upstream converts them. v1 only has
// a CPU utilization target; everything else v2 can say travels through v1 in annotations, so a
// v2 object read and written back through v1 loses nothing:
//   autoscaling.alpha.kubernetes.io/metrics          the other metric specs (v1 metric JSON)
//   autoscaling.alpha.kubernetes.io/current-metrics  all current metrics
//   autoscaling.alpha.kubernetes.io/conditions       status conditions
//   autoscaling.alpha.kubernetes.io/behavior         spec.behavior (Go field names, as upstream)
import type { HorizontalPodAutoscaler as V1 } from 'kubernetes-types/autoscaling/v1.d.ts';
import type {
  HorizontalPodAutoscalerBehavior,
  HPAScalingRules,
  MetricSpec,
  MetricStatus,
  HorizontalPodAutoscaler as V2,
} from 'kubernetes-types/autoscaling/v2.d.ts';
import type { JsonObject } from '../internal/loose-json.ts';
import type { Obj } from '../internal/types.ts';
import type { KubeObject } from '../strategy.ts';
import { rec, specFromV1, specToV1, statusFromV1, statusToV1 } from './metric-conversion.ts';

export type HpaV1 = Obj<V1>;
export type HpaV2 = Obj<V2>;

export const METRIC_SPECS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/metrics';
export const METRIC_STATUSES_ANNOTATION = 'autoscaling.alpha.kubernetes.io/current-metrics';
export const CONDITIONS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/conditions';
export const BEHAVIOR_ANNOTATION = 'autoscaling.alpha.kubernetes.io/behavior';
const ROUND_TRIP = [
  METRIC_SPECS_ANNOTATION,
  BEHAVIOR_ANNOTATION,
  METRIC_STATUSES_ANNOTATION,
  CONDITIONS_ANNOTATION,
];
export const DEFAULT_CPU_UTILIZATION = 80;

/** Whether `obj` is in the autoscaling/v1 shape (by apiVersion, else by its fields). */
export function isV1(obj: KubeObject): boolean {
  if (obj.apiVersion === 'autoscaling/v1') return true;
  if (obj.apiVersion?.startsWith('autoscaling/')) return false;
  const spec = (obj.spec ?? {}) as JsonObject;
  const status = (obj.status ?? {}) as JsonObject;
  return 'targetCPUUtilizationPercentage' in spec || 'currentCPUUtilizationPercentage' in status;
}

// ---- behavior: upstream marshals its internal type, whose JSON keys are Go field names ----

function rulesToGo(r: HPAScalingRules | undefined): JsonObject | null {
  if (!r) return null;
  return {
    StabilizationWindowSeconds: r.stabilizationWindowSeconds ?? null,
    SelectPolicy: r.selectPolicy ?? null,
    Policies: r.policies
      ? r.policies.map((p) => ({ Type: p.type, Value: p.value, PeriodSeconds: p.periodSeconds }))
      : null,
  };
}

function rulesFromGo(r: JsonObject | null | undefined): HPAScalingRules | undefined {
  if (!r) return undefined;
  const get = (k: string) => r[k] ?? r[k[0]!.toLowerCase() + k.slice(1)];
  const policies = get('Policies') as JsonObject[] | null | undefined;
  return rec([
    ['stabilizationWindowSeconds', get('StabilizationWindowSeconds') ?? undefined],
    ['selectPolicy', get('SelectPolicy') ?? undefined],
    [
      'policies',
      policies
        ? policies.map((p) => ({
            type: p.Type ?? p.type,
            value: p.Value ?? p.value,
            periodSeconds: p.PeriodSeconds ?? p.periodSeconds,
          }))
        : undefined,
    ],
  ]) as HPAScalingRules;
}

function behaviorToAnnotation(b: HorizontalPodAutoscalerBehavior): string {
  return JSON.stringify({ ScaleUp: rulesToGo(b.scaleUp), ScaleDown: rulesToGo(b.scaleDown) });
}

function behaviorFromAnnotation(text: string): HorizontalPodAutoscalerBehavior | undefined {
  try {
    const b = JSON.parse(text) as JsonObject;
    return rec([
      ['scaleUp', rulesFromGo(b.ScaleUp ?? b.scaleUp)],
      ['scaleDown', rulesFromGo(b.ScaleDown ?? b.scaleDown)],
    ]);
  } catch {
    return undefined;
  }
}

function parseArray(text: string | undefined): JsonObject[] | undefined {
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text);
    return Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Metadata without the round-trip annotations (and no empty annotations map). */
function withoutRoundTrip(meta: JsonObject | undefined): JsonObject {
  const m: JsonObject = structuredClone(meta ?? {});
  if (!m.annotations) return m;
  for (const k of ROUND_TRIP) delete m.annotations[k];
  if (Object.keys(m.annotations).length === 0) delete m.annotations;
  return m;
}

const isCpuUtilization = (m: MetricSpec) =>
  m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource.target?.averageUtilization !== undefined;

/** autoscaling/v2 → autoscaling/v1. */
export function toV1(hpa: HpaV2): HpaV1 {
  const spec = hpa.spec ?? ({} as JsonObject);
  const status = (hpa.status ?? {}) as JsonObject;
  const meta = withoutRoundTrip(hpa.metadata);
  const annotations: Record<string, string> = {};
  const others = (spec.metrics ?? []).filter((m: MetricSpec) => !isCpuUtilization(m)).map(specToV1);
  if (others.length) annotations[METRIC_SPECS_ANNOTATION] = JSON.stringify(others);
  if ((status.currentMetrics ?? []).length)
    annotations[METRIC_STATUSES_ANNOTATION] = JSON.stringify(status.currentMetrics.map(statusToV1));
  if ((status.conditions ?? []).length) {
    annotations[CONDITIONS_ANNOTATION] = JSON.stringify(
      status.conditions.map((c: JsonObject) =>
        rec([
          ['type', c.type],
          ['status', c.status],
          ['lastTransitionTime', c.lastTransitionTime],
          ['reason', c.reason],
          ['message', c.message],
        ]),
      ),
    );
  }
  if (spec.behavior) annotations[BEHAVIOR_ANNOTATION] = behaviorToAnnotation(spec.behavior);
  if (Object.keys(annotations).length) meta.annotations = { ...(meta.annotations ?? {}), ...annotations };

  const cpu = (spec.metrics ?? []).find(
    (m: MetricSpec) => m.type === 'Resource' && m.resource?.name === 'cpu',
  );
  const currentCpu = (status.currentMetrics ?? [])
    .filter((m: MetricStatus) => m.type === 'Resource' && m.resource?.name === 'cpu')
    .pop();
  const out: JsonObject = {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta,
    spec: rec([
      ['scaleTargetRef', spec.scaleTargetRef],
      ['minReplicas', spec.minReplicas],
      ['maxReplicas', spec.maxReplicas],
      ['targetCPUUtilizationPercentage', cpu?.resource?.target?.averageUtilization],
    ]),
  };
  if (hpa.status) {
    out.status = rec([
      ['observedGeneration', status.observedGeneration],
      ['lastScaleTime', status.lastScaleTime],
      ['currentReplicas', status.currentReplicas ?? 0],
      ['desiredReplicas', status.desiredReplicas ?? 0],
      ['currentCPUUtilizationPercentage', currentCpu?.resource?.current?.averageUtilization],
    ]);
  }
  return out as HpaV1;
}

/** autoscaling/v1 → autoscaling/v2, reading back what `toV1` put in annotations. */
export function toV2(hpa: HpaV1): HpaV2 {
  const spec = (hpa.spec ?? {}) as JsonObject;
  const status = (hpa.status ?? {}) as JsonObject;
  const annotations = hpa.metadata?.annotations ?? {};
  let metrics: MetricSpec[] = [];
  if (spec.targetCPUUtilizationPercentage !== undefined) {
    metrics = [
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage },
        },
      },
    ];
  }
  const others = parseArray(annotations[METRIC_SPECS_ANNOTATION]);
  // Upstream keeps the CPU target after the other metrics.
  if (others) metrics = [...others.map(specFromV1), ...metrics];
  if (!metrics.length) {
    metrics = [
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION },
        },
      },
    ];
  }
  let currentMetrics: MetricStatus[] | undefined;
  if (status.currentCPUUtilizationPercentage !== undefined) {
    currentMetrics = [
      {
        type: 'Resource',
        resource: { name: 'cpu', current: { averageUtilization: status.currentCPUUtilizationPercentage } },
      },
    ];
  }
  const current = parseArray(annotations[METRIC_STATUSES_ANNOTATION]);
  if (current) currentMetrics = current.map(statusFromV1);
  const conditions = parseArray(annotations[CONDITIONS_ANNOTATION]);
  const behavior =
    annotations[BEHAVIOR_ANNOTATION] !== undefined
      ? behaviorFromAnnotation(annotations[BEHAVIOR_ANNOTATION]!)
      : undefined;

  const out: JsonObject = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: withoutRoundTrip(hpa.metadata),
    spec: rec([
      ['scaleTargetRef', spec.scaleTargetRef],
      ['minReplicas', spec.minReplicas],
      ['maxReplicas', spec.maxReplicas],
      ['metrics', metrics],
      ['behavior', behavior],
    ]),
  };
  if (hpa.status || currentMetrics || conditions) {
    out.status = rec([
      ['observedGeneration', status.observedGeneration],
      ['lastScaleTime', status.lastScaleTime],
      ['currentReplicas', status.currentReplicas || undefined],
      ['desiredReplicas', status.desiredReplicas ?? 0],
      ['currentMetrics', currentMetrics],
      ['conditions', conditions],
    ]);
  }
  return out as HpaV2;
}

/** A v2 object that came from storage or a v2 client: the round-trip annotations never show. */
export function normalizeV2(hpa: HpaV2): HpaV2 {
  return {
    ...hpa,
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: withoutRoundTrip(hpa.metadata) as HpaV2['metadata'],
  };
}
