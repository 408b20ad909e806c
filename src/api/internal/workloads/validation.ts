// Rules the workload kinds share (upstream apps/validation, and the parts of core's
// ReplicationController and batch's Job rules that coincide with it): selector vs template labels,
// int-or-percent rolling-update bounds, replica counters in status, immutable selectors.
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import { goQuote } from '../../../machinery/go-format.ts';
import { deepEqual } from '../../../machinery/json-value.ts';
import { labelSelectorMatches } from '../../../machinery/label-selector.ts';
import type { FieldError } from '../../../machinery/status.ts';
import { isValidPercent } from '../../../machinery/validation/names.ts';
import { validatePodTemplateSpec } from '../../core/pod-spec/validate.ts';
import {
  FIELD_IMMUTABLE_ERROR_MSG,
  forbidden,
  invalid,
  nonNegative,
  notSupported,
  required,
} from '../field-errors.ts';
import { child } from '../field-paths.ts';
import { labelSelectorIsEmpty, validateLabelSelector } from '../meta.ts';

export type { FieldError };

function goStringMap(map: Record<string, string> | undefined): string {
  if (!map) return 'map[string]string(nil)';
  const entries = Object.keys(map)
    .sort()
    .map((k) => `${goQuote(k)}:${goQuote(String(map[k]))}`);
  return `map[string]string{${entries.join(', ')}}`;
}

/** A LabelSelector as upstream's messages print it (Go's %#v of v1.LabelSelector). */
export function goLabelSelector(selector: LabelSelector | undefined | null): string {
  if (!selector) return 'null';
  const reqs = selector.matchExpressions;
  const exprs = reqs
    ? `[]v1.LabelSelectorRequirement{${reqs
        .map(
          (r) =>
            `v1.LabelSelectorRequirement{Key:${goQuote(r.key ?? '')}, Operator:${goQuote(r.operator ?? '')}, Values:${
              r.values ? `[]string{${r.values.map((v) => goQuote(String(v))).join(', ')}}` : '[]string(nil)'
            }}`,
        )
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${goStringMap(selector.matchLabels)}, MatchExpressions:${exprs}}`;
}

/** Invalid, with the selector printed the way upstream prints it. */
export function invalidSelector(
  path: string,
  selector: LabelSelector | undefined,
  detail: string,
): FieldError {
  return {
    type: 'FieldValueInvalid',
    field: path,
    value: selector,
    valueText: goLabelSelector(selector),
    detail,
  };
}

/**
 * A required, non-empty, strictly valid selector (Deployment, ReplicaSet, StatefulSet). `kind` is
 * the word upstream puts in "empty selector is invalid for <kind>".
 */
export function validateWorkloadSelector(
  selector: LabelSelector | undefined,
  path: string,
  kind: string,
): FieldError[] {
  if (!selector) return [required(path)];
  const errs = validateLabelSelector(selector, path);
  if (labelSelectorIsEmpty(selector))
    errs.push(invalidSelector(path, selector, `empty selector is invalid for ${kind}`));
  return errs;
}

/**
 * True when LabelSelectorAsSelector accepts the selector: it rejects what strict selector
 * validation rejects (unknown operators, bad keys or values, In without values…).
 */
export function selectorConverts(selector: LabelSelector | undefined): boolean {
  return validateLabelSelector(selector, 'spec.selector').length === 0;
}

/** Upstream's "`selector` does not match template `labels`"; a missing selector matches nothing. */
export function validateSelectorMatchesTemplate(
  selector: LabelSelector | undefined,
  template: PodTemplateSpec | undefined,
  labelsPath: string,
): FieldError[] {
  const labels = template?.metadata?.labels;
  const matches = selector
    ? labelSelectorIsEmpty(selector) || labelSelectorMatches(selector, labels) === true
    : false;
  return matches ? [] : [invalid(labelsPath, labels ?? {}, '`selector` does not match template `labels`')];
}

/**
 * `ValidatePodTemplateSpecForReplicaSet`: the selector must select the template's labels, the
 * template must be valid, and its pods must restart Always without a deadline.
 */
export function validateTemplateForReplicas(
  template: PodTemplateSpec | undefined,
  selector: LabelSelector | undefined,
  path: string,
  kind: string,
): FieldError[] {
  return [
    ...validateSelectorMatchesTemplate(selector, template, child(path, 'metadata', 'labels')),
    ...validatePodTemplateSpec(template ?? {}, path),
    ...validateAlwaysRestartTemplate(template, path, kind),
  ];
}

/** Pods of long-running workloads restart Always and have no activeDeadlineSeconds. */
export function validateAlwaysRestartTemplate(
  template: PodTemplateSpec | undefined,
  path: string,
  kind: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const restartPolicy = template?.spec?.restartPolicy;
  if (restartPolicy !== 'Always')
    errs.push(notSupported(child(path, 'spec', 'restartPolicy'), restartPolicy ?? '', ['Always']));
  if (template?.spec?.activeDeadlineSeconds != null) {
    errs.push(
      forbidden(
        child(path, 'spec', 'activeDeadlineSeconds'),
        `activeDeadlineSeconds in ${kind} is not Supported`,
      ),
    );
  }
  return errs;
}

function percentValue(value: string): number | undefined {
  return isValidPercent(value).length === 0 ? Number(value.slice(0, -1)) : undefined;
}

/** `getIntOrPercentValue`: a percentage's number, an int as is, anything else 0. */
export function intOrPercentValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return percentValue(value) ?? 0;
  return 0;
}

/** `ValidatePositiveIntOrPercent`. */
export function validatePositiveIntOrPercent(value: unknown, path: string): FieldError[] {
  if (typeof value === 'string') return isValidPercent(value).map((m) => invalid(path, value, m));
  if (typeof value === 'number') return nonNegative(value, path);
  if (value === undefined || value === null) return [];
  return [invalid(path, value, "must be an integer or percentage (e.g '5%')")];
}

/** `IsNotMoreThan100Percent`. */
export function validateNotMoreThan100Percent(value: unknown, path: string): FieldError[] {
  const pct = typeof value === 'string' ? percentValue(value) : undefined;
  return pct !== undefined && pct > 100 ? [invalid(path, value, 'must not be greater than 100%')] : [];
}

/** apps/v1 forbids changing a workload's selector (extensions/v1beta1 used to allow it). */
export function validateImmutableSelector(
  selector: LabelSelector | undefined,
  oldSelector: LabelSelector | undefined,
): FieldError[] {
  return deepEqual(selector, oldSelector)
    ? []
    : [invalidSelector('spec.selector', selector, FIELD_IMMUTABLE_ERROR_MSG)];
}

/** `IsDecremented` on status.collisionCount. */
export function validateCollisionCount(
  count: number | undefined,
  oldCount: number | undefined,
): FieldError[] {
  const decremented =
    (count === undefined && oldCount !== undefined) ||
    (count !== undefined && oldCount !== undefined && count < oldCount);
  return decremented ? [invalid('status.collisionCount', count ?? 0, 'cannot be decremented')] : [];
}

/** Non-negative counters and "cannot be greater than status.replicas" relations of a status. */
export function validateReplicaStatus(
  status: Record<string, any> | undefined,
  counters: readonly string[],
  boundedByReplicas: readonly string[],
  availableMessage: string,
): FieldError[] {
  const s = status ?? {};
  const errs: FieldError[] = [];
  for (const field of counters) errs.push(...nonNegative(s[field], child('status', field)));
  for (const field of boundedByReplicas) {
    if ((s[field] ?? 0) > (s.replicas ?? 0))
      errs.push(invalid(child('status', field), s[field], 'cannot be greater than status.replicas'));
  }
  if ((s.availableReplicas ?? 0) > (s.readyReplicas ?? 0)) {
    errs.push(invalid(child('status', 'availableReplicas'), s.availableReplicas, availableMessage));
  }
  return errs;
}
