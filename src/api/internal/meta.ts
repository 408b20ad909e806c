// Metadata-level checks the kind validators call themselves: label maps and label selectors inside
// specs (metav1 validation), object names under a kind's own rule, and finalizer names.
import {
  type LabelSelector,
  type LabelSelectorValidationOptions,
  validateLabelSelector as validateSelector,
} from '../../machinery/label-selector.ts';
import { isQualifiedName, type NameValidator } from '../../machinery/validation/names.ts';
import type { KubeObject } from '../strategy.ts';
import { type FieldError, invalid, invalidEach } from './field-errors.ts';

export { validateConditions } from '../../machinery/validation/meta-v1.ts';
export { validateLabels } from '../../machinery/validation/object-meta.ts';
export type { LabelSelector };

/** `ValidateLabelName`: a qualified name, errors at `field` itself. */
export function validateLabelName(name: string, field: string): FieldError[] {
  return invalidEach(field, name, isQualifiedName(name));
}

/** `ValidateLabelSelector` (metav1) at `field`. */
export function validateLabelSelector(
  selector: LabelSelector | undefined | null,
  field: string,
  opts: LabelSelectorValidationOptions = {},
): FieldError[] {
  return validateSelector(selector, opts, field);
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
