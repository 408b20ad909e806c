// Metadata-level checks the kind validators call themselves: names under a DNS or qualified-name
// rule, label and annotation maps, label selectors inside specs (metav1 validation), object names
// under a kind's own rule, and finalizer names. Maps and selectors may arrive as anything the
// client sent; what is not an object is left to the schema checks.
import {
  type LabelSelector,
  type LabelSelectorValidationOptions,
  validateLabelSelector as validateSelector,
} from '../../machinery/label-selector.ts';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  type NameValidator,
} from '../../machinery/validation/names.ts';
import {
  validateAnnotations as validateAnnotationMap,
  validateLabels as validateLabelMap,
} from '../../machinery/validation/object-meta.ts';
import type { KubeObject } from '../strategy.ts';
import { type FieldError, invalid, invalidEach } from './field-errors.ts';

export { validateConditions } from '../../machinery/validation/meta-v1.ts';
export type { LabelSelector };

type StringMap = Record<string, string>;

const asMap = (v: unknown): StringMap | undefined =>
  typeof v === 'object' && v !== null ? (v as StringMap) : undefined;

export function validateDNS1123Label(value: string, field: string): FieldError[] {
  return invalidEach(field, value, isDNS1123Label(value));
}

export function validateDNS1123Subdomain(value: string, field: string): FieldError[] {
  return invalidEach(field, value, isDNS1123Subdomain(value));
}

export function validateQualifiedName(value: string, field: string): FieldError[] {
  return invalidEach(field, value, isQualifiedName(value));
}

/** `ValidateLabelName`: a qualified name, errors at `field` itself. */
export function validateLabelName(name: string, field: string): FieldError[] {
  return invalidEach(field, name, isQualifiedName(name));
}

/** `ValidateLabels`: errors at the map's path, as upstream reports them. */
export function validateLabels(labels: unknown, field: string): FieldError[] {
  return validateLabelMap(asMap(labels), field);
}

export function validateAnnotations(annotations: unknown, field: string): FieldError[] {
  return validateAnnotationMap(asMap(annotations), field);
}

/** `ValidateLabelSelector` (metav1) at `field`; strict about label values unless told otherwise. */
export function validateLabelSelector(
  selector: unknown,
  field: string,
  opts: LabelSelectorValidationOptions = {},
): FieldError[] {
  if (typeof selector !== 'object' || selector === null) return [];
  return validateSelector(selector as LabelSelector, opts, field);
}

/** True when the selector selects everything (no requirements at all). */
export function labelSelectorIsEmpty(selector: LabelSelector | undefined | null): boolean {
  return (
    !!selector &&
    Object.keys(selector.matchLabels ?? {}).length === 0 &&
    (selector.matchExpressions ?? []).length === 0
  );
}

/**
 * The kind's own name rule, for strategies with `nameRule: 'custom'` (services are DNS-1035
 * labels, RBAC objects path segments): metadata.name and metadata.generateName.
 */
export function validateObjectName(obj: KubeObject, rule: NameValidator): FieldError[] {
  const errs: FieldError[] = [];
  const meta = obj.metadata ?? {};
  if (meta.generateName)
    errs.push(...invalidEach('metadata.generateName', meta.generateName, rule(meta.generateName, true)));
  if (meta.name) errs.push(...invalidEach('metadata.name', meta.name, rule(meta.name, false)));
  return errs;
}

/** Finalizer names that need no domain prefix (`helper.IsStandardFinalizerName`). */
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** `validateFinalizerName` of core validation: a qualified name, and standard when unprefixed. */
export function validateFinalizerName(name: string, field: string): FieldError[] {
  const errs = invalidEach(field, name, isQualifiedName(name));
  if (!name.includes('/') && !STANDARD_FINALIZERS.has(name)) {
    errs.push(invalid(field, name, 'name is neither a standard finalizer name nor is it fully qualified'));
  }
  return errs;
}
