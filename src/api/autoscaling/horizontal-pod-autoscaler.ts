// autoscaling/v2 and v1 HorizontalPodAutoscaler: one strategy serving both versions, stored as
// v2. Every hook accepts either shape (the API server may call them before or after converting)
// and works on v2; `convert` maps between the two as upstream does (conversion.ts).
import type {
  HorizontalPodAutoscalerBehavior,
  HPAScalingRules,
  MetricSpec,
  MetricStatus,
} from 'kubernetes-types/autoscaling/v2.d.ts';
import { validateNonnegativeField } from '../internal/field-errors.ts';
import { quantityText } from '../internal/json-quantities.ts';
import { clone } from '../internal/semantic.ts';
import { AGE_COLUMN, age, column, NAME_COLUMN } from '../internal/table.ts';
import { writable } from '../internal/types.ts';
import type { KubeObject, ResourceStrategy } from '../strategy.ts';
import {
  DEFAULT_CPU_UTILIZATION,
  type HpaV1,
  type HpaV2,
  isV1,
  normalizeV2,
  toV1,
  toV2,
} from './conversion.ts';
import { validateHpaSpec } from './validation.ts';

type Hpa = HpaV2 | HpaV1;

/** The object in the v2 shape (a copy when it was v1). */
export function asV2(obj: KubeObject): HpaV2 {
  return isV1(obj) ? toV2(obj as HpaV1) : (obj as HpaV2);
}

const SCALE_UP_DEFAULTS: HPAScalingRules = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
};
// No stabilization window: the controller's --horizontal-pod-autoscaler-downscale-stabilization applies.
const SCALE_DOWN_DEFAULTS: HPAScalingRules = {
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
};

function withDefaults(rules: HPAScalingRules | undefined, defaults: HPAScalingRules): HPAScalingRules {
  const out = structuredClone(defaults);
  if (rules?.selectPolicy !== undefined) out.selectPolicy = rules.selectPolicy;
  if (rules?.stabilizationWindowSeconds !== undefined)
    out.stabilizationWindowSeconds = rules.stabilizationWindowSeconds;
  if (rules?.policies !== undefined) out.policies = rules.policies;
  return out;
}

/** Upstream's v2 SetDefaults_HorizontalPodAutoscaler. */
function defaultV2(hpa: HpaV2): void {
  if (!hpa.spec) return;
  const spec = hpa.spec;
  spec.minReplicas ??= 1;
  if (!(spec.metrics ?? []).length) {
    spec.metrics = [
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION },
        },
      },
    ];
  }
  if (spec.behavior) {
    const b: HorizontalPodAutoscalerBehavior = spec.behavior;
    b.scaleUp = withDefaults(b.scaleUp, SCALE_UP_DEFAULTS);
    b.scaleDown = withDefaults(b.scaleDown, SCALE_DOWN_DEFAULTS);
  }
}

/** `formatHPAMetrics`: up to two targets, e.g. `cpu: 45%/80%`, `<unknown>/100 (avg)`. */
export function formatHpaMetrics(
  specs: MetricSpec[] | undefined,
  statuses: MetricStatus[] | undefined,
): string {
  if (!specs?.length) return '<none>';
  const q = (v: unknown) => quantityText(v);
  const list = specs.map((spec, i): string => {
    const st = statuses?.[i];
    switch (spec.type) {
      case 'External': {
        const t = spec.external?.target;
        if (t?.averageValue !== undefined)
          return `${st?.external?.current?.averageValue !== undefined ? q(st.external.current.averageValue) : '<unknown>'}/${q(t.averageValue)} (avg)`;
        return `${st?.external ? q(st.external.current?.value) : '<unknown>'}/${q(t?.value)}`;
      }
      case 'Pods':
        return `${st?.pods ? q(st.pods.current?.averageValue) : '<unknown>'}/${q(spec.pods?.target?.averageValue)}`;
      case 'Object': {
        const t = spec.object?.target;
        if (t?.averageValue !== undefined)
          return `${st?.object?.current?.averageValue !== undefined ? q(st.object.current.averageValue) : '<unknown>'}/${q(t.averageValue)} (avg)`;
        return `${st?.object ? q(st.object.current?.value) : '<unknown>'}/${q(t?.value)}`;
      }
      case 'Resource':
      case 'ContainerResource': {
        const src = spec.type === 'Resource' ? spec.resource : spec.containerResource;
        const cur = spec.type === 'Resource' ? st?.resource : st?.containerResource;
        const t = src?.target;
        if (t?.averageValue !== undefined)
          return `${src?.name}: ${cur ? q(cur.current?.averageValue) : '<unknown>'}/${q(t.averageValue)}`;
        const current =
          cur?.current?.averageUtilization !== undefined ? `${cur.current.averageUtilization}%` : '<unknown>';
        const target = t?.averageUtilization !== undefined ? `${t.averageUtilization}%` : '<auto>';
        return `${src?.name}: ${current}/${target}`;
      }
    }
    return '<unknown type>';
  });
  return list.length > 2 ? `${list.slice(0, 2).join(', ')} + ${list.length - 2} more...` : list.join(', ');
}

export const horizontalPodAutoscalerStrategy: ResourceStrategy<Hpa> = {
  group: 'autoscaling',
  kind: 'HorizontalPodAutoscaler',
  resource: 'horizontalpodautoscalers',
  singular: 'horizontalpodautoscaler',
  namespaced: true,
  versions: ['v2', 'v1'],
  shortNames: ['hpa'],
  categories: ['all'],
  subresources: { status: true },

  convert(obj, toVersion) {
    const version = toVersion.replace(/^autoscaling\//, '');
    const v2 = isV1(obj) ? toV2(obj as HpaV1) : normalizeV2(obj as HpaV2);
    return version === 'v1' ? toV1(v2) : v2;
  },

  defaults(hpa) {
    const v1 = hpa as HpaV1;
    if (!isV1(hpa)) defaultV2(hpa as HpaV2);
    else if (v1.spec) v1.spec.minReplicas ??= 1;
  },

  prepareForCreate(hpa) {
    writable(hpa).status = isV1(hpa) ? { currentReplicas: 0, desiredReplicas: 0 } : { desiredReplicas: 0 };
  },
  prepareForUpdate(hpa, old) {
    // Status comes from the stored object, in the shape of the one being written.
    const oldStatus =
      isV1(hpa) === isV1(old) ? old.status : isV1(hpa) ? toV1(asV2(old)).status : asV2(old).status;
    writable(hpa).status = clone(oldStatus) as typeof hpa.status;
  },
  prepareForStatusUpdate(hpa, old) {
    hpa.spec = clone(
      isV1(hpa) === isV1(old) ? old.spec : isV1(hpa) ? toV1(asV2(old)).spec : asV2(old).spec,
    ) as typeof hpa.spec;
  },

  validate: (hpa) => validateHpaSpec(asV2(hpa)),
  validateUpdate(hpa, old) {
    const scaleToZeroKept = asV2(old).spec?.minReplicas === 0;
    return validateHpaSpec(asV2(hpa), scaleToZeroKept ? 0 : 1);
  },
  validateStatusUpdate(hpa) {
    const status: { currentReplicas?: number; desiredReplicas?: number } = asV2(hpa).status ?? {};
    return [
      ...validateNonnegativeField(status.currentReplicas ?? 0, 'status.currentReplicas'),
      ...validateNonnegativeField(status.desiredReplicas ?? 0, 'status.desiredReplicas'),
    ];
  },

  table: {
    columns: [
      NAME_COLUMN,
      column('Reference', 'scaleTargetRef points to the target resource to scale.'),
      column(
        'Targets',
        'metrics contains the specifications for which to use to calculate the desired replica count.',
      ),
      column(
        'MinPods',
        'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.',
      ),
      column(
        'MaxPods',
        'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.',
      ),
      column('Replicas', 'currentReplicas is current number of replicas of pods managed by this autoscaler.'),
      AGE_COLUMN,
    ],
    row(obj, now) {
      const hpa = asV2(obj);
      const ref = hpa.spec?.scaleTargetRef;
      return [
        hpa.metadata?.name ?? '',
        `${ref?.kind ?? ''}/${ref?.name ?? ''}`,
        formatHpaMetrics(hpa.spec?.metrics, hpa.status?.currentMetrics),
        hpa.spec?.minReplicas !== undefined ? String(hpa.spec.minReplicas) : '<unset>',
        hpa.spec?.maxReplicas ?? 0,
        hpa.status?.currentReplicas ?? 0,
        age(obj, now),
      ];
    },
  },
};
