// HorizontalPodAutoscaler validation as upstream's pkg/apis/autoscaling/validation, on the v2
// shape (the internal one): replicas bounds, the target reference, one source per metric with a
// well-formed target, and the scaling behavior.
import type { MetricSpec, MetricTarget } from 'kubernetes-types/autoscaling/v2.d.ts';
import { isDNS1123Label, isValidPathSegmentName } from '../../machinery/validation/names.ts';
import { validateContainerResourceName } from '../core/internal/resource-names.ts';
import {
  type FieldError,
  forbidden,
  invalid,
  invalidEach,
  notSupported,
  required,
} from '../internal/field-errors.ts';
import { child, index } from '../internal/field-paths.ts';
import { quantityAt } from '../internal/json-quantities.ts';
import type { JsonObject } from '../internal/loose-json.ts';
import type { HpaV2 } from './conversion.ts';

export const MAX_PERIOD_SECONDS = 1800;
export const MAX_STABILIZATION_WINDOW_SECONDS = 3600;
const METRIC_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const SELECT_POLICIES = ['Disabled', 'Max', 'Min'];
const POLICY_TYPES = ['Percent', 'Pods'];

export function validateCrossVersionObjectReference(ref: JsonObject | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!ref?.kind) errs.push(required(child(path, 'kind')));
  else errs.push(...invalidEach(child(path, 'kind'), ref.kind, isValidPathSegmentName(ref.kind)));
  if (!ref?.name) errs.push(required(child(path, 'name')));
  else errs.push(...invalidEach(child(path, 'name'), ref.name, isValidPathSegmentName(ref.name)));
  return errs;
}

function validateTarget(t: MetricTarget | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const type = t?.type ?? '';
  if (!type) errs.push(required(child(path, 'type'), 'must specify a metric target type'));
  if (!['Utilization', 'Value', 'AverageValue'].includes(type)) {
    errs.push(invalid(child(path, 'type'), type, 'must be either Utilization, Value, or AverageValue'));
  }
  for (const k of ['value', 'averageValue'] as const) {
    const q = quantityAt(t?.[k], child(path, k), errs);
    if (q && q.sign() !== 1) errs.push(invalid(child(path, k), q.toString(), 'must be positive'));
  }
  if (t?.averageUtilization !== undefined && t.averageUtilization < 1) {
    errs.push(invalid(child(path, 'averageUtilization'), t.averageUtilization, 'must be greater than 0'));
  }
  return errs;
}

function validateMetricName(id: JsonObject | undefined, path: string): FieldError[] {
  if (!id?.name) return [required(child(path, 'name'), 'must specify a metric name')];
  return invalidEach(child(path, 'name'), id.name, isValidPathSegmentName(id.name));
}

function validateSource(m: MetricSpec, which: string, path: string): FieldError[] {
  const src = (m as JsonObject)[which] as JsonObject;
  const target = src.target as MetricTarget | undefined;
  const tPath = child(path, 'target');
  const errs: FieldError[] = [];
  switch (which) {
    case 'object':
      errs.push(...validateCrossVersionObjectReference(src.describedObject, child(path, 'describedObject')));
      errs.push(...validateMetricName(src.metric, child(path, 'metric')), ...validateTarget(target, tPath));
      if (target?.value === undefined && target?.averageValue === undefined) {
        errs.push(required(child(tPath, 'averageValue'), 'must set either a target value or averageValue'));
      }
      break;
    case 'external':
      errs.push(...validateMetricName(src.metric, child(path, 'metric')), ...validateTarget(target, tPath));
      if (target?.value === undefined && target?.averageValue === undefined) {
        errs.push(
          required(
            child(tPath, 'averageValue'),
            'must set either a target value for metric or a per-pod target',
          ),
        );
      }
      if (target?.value !== undefined && target?.averageValue !== undefined) {
        errs.push(
          forbidden(child(tPath, 'value'), 'may not set both a target value for metric and a per-pod target'),
        );
      }
      break;
    case 'pods':
      errs.push(...validateMetricName(src.metric, child(path, 'metric')), ...validateTarget(target, tPath));
      if (target?.averageValue === undefined)
        errs.push(required(child(tPath, 'averageValue'), 'must specify a positive target averageValue'));
      break;
    case 'resource':
    case 'containerResource':
      if (!src.name) errs.push(required(child(path, 'name'), 'must specify a resource name'));
      else if (which === 'containerResource')
        errs.push(...validateContainerResourceName(src.name, child(path, 'name')));
      if (which === 'containerResource') {
        if (!src.container) errs.push(required(child(path, 'container'), 'must specify a container'));
        else
          errs.push(...invalidEach(child(path, 'container'), src.container, isDNS1123Label(src.container)));
      }
      errs.push(...validateTarget(target, tPath));
      if (target?.averageUtilization === undefined && target?.averageValue === undefined) {
        errs.push(
          required(
            child(tPath, 'averageUtilization'),
            'must set either a target raw value or a target utilization',
          ),
        );
      }
      if (target?.averageUtilization !== undefined && target?.averageValue !== undefined) {
        errs.push(
          forbidden(
            child(tPath, 'averageValue'),
            'may not set both a target raw value and a target utilization',
          ),
        );
      }
      break;
  }
  return errs;
}

const SOURCE_FIELDS: [string, string][] = [
  ['object', 'Object'],
  ['external', 'External'],
  ['pods', 'Pods'],
  ['resource', 'Resource'],
  ['containerResource', 'ContainerResource'],
];

function validateMetricSpec(m: MetricSpec, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!m.type) errs.push(required(child(path, 'type'), 'must specify a metric source type'));
  if (!METRIC_TYPES.includes(m.type))
    errs.push(notSupported(child(path, 'type'), m.type ?? '', METRIC_TYPES));
  const present: string[] = [];
  for (const [field] of SOURCE_FIELDS) {
    if ((m as JsonObject)[field] === undefined || (m as JsonObject)[field] === null) continue;
    present.push(field);
    if (present.length === 1) errs.push(...validateSource(m, field, child(path, field)));
  }
  const expected = SOURCE_FIELDS.find(([, type]) => type === m.type)?.[0];
  if (expected) {
    if (!present.includes(expected))
      errs.push(required(child(path, expected), 'must populate information for the given metric source'));
  } else {
    errs.push(notSupported(child(path, 'type'), m.type ?? '', METRIC_TYPES));
  }
  if (present.length !== 1) {
    for (const field of present) {
      if (field !== expected)
        errs.push(forbidden(child(path, field), 'must populate the given metric source only'));
    }
  }
  return errs;
}

function validateBehavior(behavior: JsonObject | undefined, path: string): FieldError[] {
  if (!behavior) return [];
  const errs: FieldError[] = [];
  for (const dir of ['scaleUp', 'scaleDown']) {
    const rules = behavior[dir] as JsonObject | undefined;
    if (!rules) continue;
    const p = child(path, dir);
    const window = rules.stabilizationWindowSeconds;
    if (window !== undefined && window < 0)
      errs.push(
        invalid(child(p, 'stabilizationWindowSeconds'), window, 'must be greater than or equal to zero'),
      );
    if (window !== undefined && window > MAX_STABILIZATION_WINDOW_SECONDS) {
      errs.push(
        invalid(
          child(p, 'stabilizationWindowSeconds'),
          window,
          `must be less than or equal to ${MAX_STABILIZATION_WINDOW_SECONDS}`,
        ),
      );
    }
    if (rules.selectPolicy !== undefined && !SELECT_POLICIES.includes(rules.selectPolicy)) {
      errs.push(notSupported(child(p, 'selectPolicy'), rules.selectPolicy, SELECT_POLICIES));
    }
    const policies = (rules.policies ?? []) as JsonObject[];
    if (!policies.length) errs.push(required(child(p, 'policies'), 'must specify at least one Policy'));
    policies.forEach((policy, i) => {
      const pp = index(child(p, 'policies'), i);
      if (!POLICY_TYPES.includes(policy.type))
        errs.push(notSupported(child(pp, 'type'), policy.type ?? '', POLICY_TYPES));
      if (!(policy.value > 0))
        errs.push(invalid(child(pp, 'value'), policy.value ?? 0, 'must be greater than zero'));
      if (!(policy.periodSeconds > 0))
        errs.push(
          invalid(child(pp, 'periodSeconds'), policy.periodSeconds ?? 0, 'must be greater than zero'),
        );
      if (policy.periodSeconds > MAX_PERIOD_SECONDS) {
        errs.push(
          invalid(
            child(pp, 'periodSeconds'),
            policy.periodSeconds,
            `must be less than or equal to ${MAX_PERIOD_SECONDS}`,
          ),
        );
      }
    });
  }
  return errs;
}

/** `validateHorizontalPodAutoscalerSpec`; `minReplicasLowerBound` is 1 unless scale-to-zero applies. */
export function validateHpaSpec(hpa: HpaV2, minReplicasLowerBound = 1): FieldError[] {
  const spec = (hpa.spec ?? {}) as JsonObject;
  const errs: FieldError[] = [];
  const min = spec.minReplicas as number | undefined;
  const max = (spec.maxReplicas ?? 0) as number;
  if (min !== undefined && min < minReplicasLowerBound) {
    errs.push(invalid('spec.minReplicas', min, `must be greater than or equal to ${minReplicasLowerBound}`));
  }
  if (max < 1) errs.push(invalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (min !== undefined && max < min)
    errs.push(invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  errs.push(...validateCrossVersionObjectReference(spec.scaleTargetRef, 'spec.scaleTargetRef'));
  const metrics = (spec.metrics ?? []) as MetricSpec[];
  metrics.forEach((m, i) => {
    errs.push(...validateMetricSpec(m, index('spec.metrics', i)));
  });
  if (min === 0 && !metrics.some((m) => m.type === 'Object' || m.type === 'External')) {
    errs.push(
      forbidden(
        'spec.metrics',
        'must specify at least one Object or External metric to support scaling to zero replicas',
      ),
    );
  }
  errs.push(...validateBehavior(spec.behavior, 'spec.behavior'));
  return errs;
}
