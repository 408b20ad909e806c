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
import type { Obj } from '../internal/types.ts';
import type { KubeObject } from '../strategy.ts';

export type HpaV1 = Obj<V1>;
export type HpaV2 = Obj<V2>;
type Rec = Record<string, any>;

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
  const spec = (obj.spec ?? {}) as Rec;
  const status = (obj.status ?? {}) as Rec;
  return 'targetCPUUtilizationPercentage' in spec || 'currentCPUUtilizationPercentage' in status;
}

/** Builds an object keeping only defined values, in the given key order (Go's JSON field order). */
function rec(entries: [string, unknown][]): Rec {
  const out: Rec = {};
  for (const [k, v] of entries) if (v !== undefined) out[k] = v;
  return out;
}

const ref = (r: Rec | undefined) =>
  rec([
    ['kind', r?.kind ?? ''],
    ['name', r?.name ?? ''],
    ['apiVersion', r?.apiVersion],
  ]);

// ---- metric specs ----

function specToV1(m: MetricSpec): Rec {
  const t = (x: Rec | undefined) => x?.target ?? {};
  switch (m.type) {
    case 'Object':
      return rec([
        ['type', m.type],
        [
          'object',
          rec([
            ['target', ref(m.object?.describedObject)],
            ['metricName', m.object?.metric?.name ?? ''],
            ['targetValue', t(m.object).value ?? '0'],
            ['selector', m.object?.metric?.selector],
            ['averageValue', t(m.object).averageValue],
          ]),
        ],
      ]);
    case 'Pods':
      return rec([
        ['type', m.type],
        [
          'pods',
          rec([
            ['metricName', m.pods?.metric?.name ?? ''],
            ['targetAverageValue', t(m.pods).averageValue ?? '0'],
            ['selector', m.pods?.metric?.selector],
          ]),
        ],
      ]);
    case 'Resource':
      return rec([
        ['type', m.type],
        [
          'resource',
          rec([
            ['name', m.resource?.name ?? ''],
            ['targetAverageUtilization', t(m.resource).averageUtilization],
            ['targetAverageValue', t(m.resource).averageValue],
          ]),
        ],
      ]);
    case 'ContainerResource':
      return rec([
        ['type', m.type],
        [
          'containerResource',
          rec([
            ['name', m.containerResource?.name ?? ''],
            ['targetAverageUtilization', t(m.containerResource).averageUtilization],
            ['targetAverageValue', t(m.containerResource).averageValue],
            ['container', m.containerResource?.container ?? ''],
          ]),
        ],
      ]);
    case 'External':
      return rec([
        ['type', m.type],
        [
          'external',
          rec([
            ['metricName', m.external?.metric?.name ?? ''],
            ['metricSelector', m.external?.metric?.selector],
            ['targetValue', t(m.external).value],
            ['targetAverageValue', t(m.external).averageValue],
          ]),
        ],
      ]);
  }
  return { type: m.type };
}

const metric = (name: string, selector: unknown) =>
  rec([
    ['name', name ?? ''],
    ['selector', selector],
  ]);

function specFromV1(m: Rec): MetricSpec {
  switch (m.type) {
    case 'Object': {
      const o = m.object ?? {};
      return {
        type: 'Object',
        object: {
          describedObject: ref(o.target) as any,
          metric: metric(o.metricName, o.selector) as any,
          target: rec([
            ['type', o.averageValue === undefined ? 'Value' : 'AverageValue'],
            ['value', o.targetValue ?? '0'],
            ['averageValue', o.averageValue],
          ]) as any,
        },
      };
    }
    case 'Pods': {
      const p = m.pods ?? {};
      return {
        type: 'Pods',
        pods: {
          metric: metric(p.metricName, p.selector) as any,
          target: { type: 'AverageValue', averageValue: p.targetAverageValue ?? '0' },
        },
      };
    }
    case 'Resource':
    case 'ContainerResource': {
      const r = (m.type === 'Resource' ? m.resource : m.containerResource) ?? {};
      const target = rec([
        ['type', r.targetAverageUtilization === undefined ? 'AverageValue' : 'Utilization'],
        ['averageValue', r.targetAverageValue],
        ['averageUtilization', r.targetAverageUtilization],
      ]) as any;
      if (m.type === 'Resource') return { type: 'Resource', resource: { name: r.name ?? '', target } };
      return {
        type: 'ContainerResource',
        containerResource: { name: r.name ?? '', container: r.container ?? '', target },
      };
    }
    case 'External': {
      const e = m.external ?? {};
      return {
        type: 'External',
        external: {
          metric: metric(e.metricName, e.metricSelector) as any,
          target: rec([
            ['type', e.targetValue === undefined ? 'AverageValue' : 'Value'],
            ['value', e.targetValue],
            ['averageValue', e.targetAverageValue],
          ]) as any,
        },
      };
    }
  }
  return { type: m.type } as MetricSpec;
}

// ---- metric statuses ----

function statusToV1(m: MetricStatus): Rec {
  const c = (x: Rec | undefined) => x?.current ?? {};
  switch (m.type) {
    case 'Object':
      return rec([
        ['type', m.type],
        [
          'object',
          rec([
            ['target', ref(m.object?.describedObject)],
            ['metricName', m.object?.metric?.name ?? ''],
            ['currentValue', c(m.object).value ?? '0'],
            ['selector', m.object?.metric?.selector],
            ['averageValue', c(m.object).averageValue],
          ]),
        ],
      ]);
    case 'Pods':
      return rec([
        ['type', m.type],
        [
          'pods',
          rec([
            ['metricName', m.pods?.metric?.name ?? ''],
            ['currentAverageValue', c(m.pods).averageValue ?? '0'],
            ['selector', m.pods?.metric?.selector],
          ]),
        ],
      ]);
    case 'Resource':
      return rec([
        ['type', m.type],
        [
          'resource',
          rec([
            ['name', m.resource?.name ?? ''],
            ['currentAverageUtilization', c(m.resource).averageUtilization],
            ['currentAverageValue', c(m.resource).averageValue ?? '0'],
          ]),
        ],
      ]);
    case 'ContainerResource':
      return rec([
        ['type', m.type],
        [
          'containerResource',
          rec([
            ['name', m.containerResource?.name ?? ''],
            ['currentAverageUtilization', c(m.containerResource).averageUtilization],
            ['currentAverageValue', c(m.containerResource).averageValue ?? '0'],
            ['container', m.containerResource?.container ?? ''],
          ]),
        ],
      ]);
    case 'External':
      return rec([
        ['type', m.type],
        [
          'external',
          rec([
            ['metricName', m.external?.metric?.name ?? ''],
            ['metricSelector', m.external?.metric?.selector],
            ['currentValue', c(m.external).value ?? '0'],
            ['currentAverageValue', c(m.external).averageValue],
          ]),
        ],
      ]);
  }
  return { type: m.type };
}

function statusFromV1(m: Rec): MetricStatus {
  switch (m.type) {
    case 'Object': {
      const o = m.object ?? {};
      return {
        type: 'Object',
        object: {
          describedObject: ref(o.target) as any,
          metric: metric(o.metricName, o.selector) as any,
          current: rec([
            ['value', o.currentValue ?? '0'],
            ['averageValue', o.averageValue],
          ]),
        },
      };
    }
    case 'Pods': {
      const p = m.pods ?? {};
      return {
        type: 'Pods',
        pods: {
          metric: metric(p.metricName, p.selector) as any,
          current: { averageValue: p.currentAverageValue ?? '0' },
        },
      };
    }
    case 'Resource':
    case 'ContainerResource': {
      const r = (m.type === 'Resource' ? m.resource : m.containerResource) ?? {};
      const current = rec([
        ['averageValue', r.currentAverageValue ?? '0'],
        ['averageUtilization', r.currentAverageUtilization],
      ]);
      if (m.type === 'Resource') return { type: 'Resource', resource: { name: r.name ?? '', current } };
      return {
        type: 'ContainerResource',
        containerResource: { name: r.name ?? '', container: r.container ?? '', current },
      };
    }
    case 'External': {
      const e = m.external ?? {};
      return {
        type: 'External',
        external: {
          metric: metric(e.metricName, e.metricSelector) as any,
          current: rec([
            ['value', e.currentValue ?? '0'],
            ['averageValue', e.currentAverageValue],
          ]),
        },
      };
    }
  }
  return { type: m.type } as MetricStatus;
}

// ---- behavior: upstream marshals its internal type, whose JSON keys are Go field names ----

function rulesToGo(r: HPAScalingRules | undefined): Rec | null {
  if (!r) return null;
  return {
    StabilizationWindowSeconds: r.stabilizationWindowSeconds ?? null,
    SelectPolicy: r.selectPolicy ?? null,
    Policies: r.policies
      ? r.policies.map((p) => ({ Type: p.type, Value: p.value, PeriodSeconds: p.periodSeconds }))
      : null,
  };
}

function rulesFromGo(r: Rec | null | undefined): HPAScalingRules | undefined {
  if (!r) return undefined;
  const get = (k: string) => r[k] ?? r[k[0]!.toLowerCase() + k.slice(1)];
  const policies = get('Policies') as Rec[] | null | undefined;
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
    const b = JSON.parse(text) as Rec;
    return rec([
      ['scaleUp', rulesFromGo(b.ScaleUp ?? b.scaleUp)],
      ['scaleDown', rulesFromGo(b.ScaleDown ?? b.scaleDown)],
    ]);
  } catch {
    return undefined;
  }
}

function parseArray(text: string | undefined): Rec[] | undefined {
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text);
    return Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Metadata without the round-trip annotations (and no empty annotations map). */
function withoutRoundTrip(meta: Rec | undefined): Rec {
  const m: Rec = structuredClone(meta ?? {});
  if (!m.annotations) return m;
  for (const k of ROUND_TRIP) delete m.annotations[k];
  if (Object.keys(m.annotations).length === 0) delete m.annotations;
  return m;
}

const isCpuUtilization = (m: MetricSpec) =>
  m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource.target?.averageUtilization !== undefined;

/** autoscaling/v2 → autoscaling/v1. */
export function toV1(hpa: HpaV2): HpaV1 {
  const spec = hpa.spec ?? ({} as Rec);
  const status = (hpa.status ?? {}) as Rec;
  const meta = withoutRoundTrip(hpa.metadata);
  const annotations: Record<string, string> = {};
  const others = (spec.metrics ?? []).filter((m: MetricSpec) => !isCpuUtilization(m)).map(specToV1);
  if (others.length) annotations[METRIC_SPECS_ANNOTATION] = JSON.stringify(others);
  if ((status.currentMetrics ?? []).length)
    annotations[METRIC_STATUSES_ANNOTATION] = JSON.stringify(status.currentMetrics.map(statusToV1));
  if ((status.conditions ?? []).length) {
    annotations[CONDITIONS_ANNOTATION] = JSON.stringify(
      status.conditions.map((c: Rec) =>
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
  const out: Rec = {
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
  const spec = (hpa.spec ?? {}) as Rec;
  const status = (hpa.status ?? {}) as Rec;
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

  const out: Rec = {
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
