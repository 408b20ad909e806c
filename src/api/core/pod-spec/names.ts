// Name, label and selector rules as pod-spec validation calls them, over machinery's
// validation/names, labels and label-selector modules: field-error wrappers and a few shapes
// (selector emptiness, tolerant matching) the validators need.
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import {
  labelSelectorMatches as machineryMatches,
  labelSelectorString as machinerySelectorString,
  validateLabelSelector as machineryValidateLabelSelector,
} from '../../../machinery/label-selector.ts';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from '../../../machinery/validation/names.ts';
import {
  validateAnnotations as machineryValidateAnnotations,
  validateLabels as machineryValidateLabels,
} from '../../../machinery/validation/object-meta.ts';
import { type FieldError, invalid } from '../../internal/field-errors.ts';

export { formatLabelSelector } from '../../../machinery/label-selector.ts';
export { formatLabels } from '../../../machinery/label-set.ts';
export {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
} from '../../../machinery/validation/names.ts';

type StringMap = Record<string, string>;

export function validateDNS1123Label(value: string, path: string): FieldError[] {
  return isDNS1123Label(value).map((m) => invalid(path, value, m));
}

export function validateDNS1123Subdomain(value: string, path: string): FieldError[] {
  return isDNS1123Subdomain(value).map((m) => invalid(path, value, m));
}

export function validateQualifiedName(value: string, path: string): FieldError[] {
  return isQualifiedName(value).map((m) => invalid(path, value, m));
}

/** `ValidateLabelName`. */
export function validateLabelName(name: string, path: string): FieldError[] {
  return isQualifiedName(name).map((m) => invalid(path, name, m));
}

const asMap = (v: unknown): StringMap | undefined =>
  typeof v === 'object' && v !== null ? (v as StringMap) : undefined;

/** `ValidateLabels`: errors at the map's path, as upstream reports them. */
export function validateLabels(labels: unknown, path: string): FieldError[] {
  return machineryValidateLabels(asMap(labels), path);
}

export function validateAnnotations(annotations: unknown, path: string): FieldError[] {
  return machineryValidateAnnotations(asMap(annotations), path);
}

/** `ValidateLabelSelector`, strict about label values unless told otherwise. */
export function validateLabelSelector(
  selector: unknown,
  path: string,
  allowInvalidLabelValue = false,
): FieldError[] {
  if (typeof selector !== 'object' || selector === null) return [];
  return machineryValidateLabelSelector(
    selector as LabelSelector,
    { allowInvalidLabelValueInSelector: allowInvalidLabelValue },
    path,
  );
}

/**
 * `LabelSelectorAsSelector(selector).Matches(labels)`: a missing selector matches nothing, an
 * empty one everything, one that does not convert nothing.
 */
export function labelSelectorMatches(
  selector: LabelSelector | undefined | null,
  labels: StringMap | undefined,
): boolean {
  return machineryMatches(selector, labels);
}

/** True when the selector selects everything (no requirements at all). */
export function labelSelectorIsEmpty(selector: LabelSelector | undefined | null): boolean {
  return (
    !!selector &&
    Object.keys(selector.matchLabels ?? {}).length === 0 &&
    (selector.matchExpressions ?? []).length === 0
  );
}

/** `selector.String()` of a converted LabelSelector; `<invalid>` when it does not convert. */
export function labelSelectorString(selector: LabelSelector | undefined | null): string {
  try {
    return machinerySelectorString(selector);
  } catch {
    return '<invalid>';
  }
}
