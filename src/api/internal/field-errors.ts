// Field errors for the kind validators: machinery's constructors (upstream's field.Invalid,
// field.Required ...) plus the few shapes only the API kinds need. Paths come from
// `field-paths.ts`.
import { deepEqual } from '../../machinery/json-value.ts';
import type { FieldError } from '../../machinery/status.ts';
import {
  FIELD_IMMUTABLE_ERROR_MSG,
  IS_NEGATIVE_ERROR_MSG,
  invalid,
  validateImmutableField,
} from '../../machinery/validation/field-errors.ts';

export type { FieldError } from '../../machinery/status.ts';
export {
  duplicate,
  FIELD_IMMUTABLE_ERROR_MSG,
  forbidden,
  IS_NEGATIVE_ERROR_MSG,
  internalError,
  invalid,
  invalidEach,
  notFound,
  notSupported,
  required,
  tooLong,
  tooMany,
  validateImmutableField,
  validateNonnegativeField,
} from '../../machinery/validation/field-errors.ts';

export const IS_NOT_POSITIVE_ERROR_MSG = 'must be greater than zero';

/** An Invalid "field is immutable" error carrying the new value (for checks that compare by hand). */
export function immutableError(field: string, value: unknown): FieldError {
  return invalid(field, value, FIELD_IMMUTABLE_ERROR_MSG);
}

/**
 * `ValidateImmutableField` over plain JSON equality, where an explicit null differs from an
 * absent field (the workload kinds' checks compare this way).
 */
export function validateImmutableJson(newValue: unknown, oldValue: unknown, field: string): FieldError[] {
  return validateImmutableField(newValue, oldValue, field, { equal: deepEqual });
}

/** `ValidateNonnegativeField` for an optional field: nothing unless the value is a number. */
export function nonNegative(value: unknown, field: string): FieldError[] {
  return typeof value === 'number' && value < 0 ? [invalid(field, value, IS_NEGATIVE_ERROR_MSG)] : [];
}

/**
 * Invalid, for values upstream prints through their String() method rather than quoted:
 * resource names and quantities (`Invalid value: 500m: must be an integer`).
 */
export function invalidStringer(field: string, text: string, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, value: text, valueText: text, detail };
}

/** `sets.List(...)`: the supported values of NotSupported errors come sorted when upstream lists a set. */
export function sorted(values: readonly string[]): string[] {
  return [...values].sort();
}
