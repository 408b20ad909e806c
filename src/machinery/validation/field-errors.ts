// Constructors for FieldErrors (upstream's field.Invalid, field.Required ...) and the small generic
// validators every strategy uses. Paths are plain strings in upstream's notation:
// `spec.containers[0].image`, `metadata.labels`, `spec.selector.matchLabels[app]`.

import { deepEqual } from '../json-value.ts';
import type { FieldError } from '../status.ts';

export function invalid(field: string, value: unknown, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, value, detail };
}

export function required(field: string, detail = ''): FieldError {
  return detail ? { type: 'FieldValueRequired', field, detail } : { type: 'FieldValueRequired', field };
}

export function forbidden(field: string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field, detail };
}

export function duplicate(field: string, value: unknown): FieldError {
  return { type: 'FieldValueDuplicate', field, value };
}

export function notFound(field: string, value: unknown): FieldError {
  return { type: 'FieldValueNotFound', field, value };
}

export function notSupported(field: string, value: unknown, supported: readonly string[]): FieldError {
  return { type: 'FieldValueNotSupported', field, value, supported };
}

/** Upstream's field.TooLong: the value is never printed, only the limit in bytes. */
export function tooLong(field: string, maxLength: number): FieldError {
  return {
    type: 'FieldValueTooLong',
    field,
    detail: maxLength >= 0 ? `may not be more than ${maxLength} bytes` : 'value is too long',
  };
}

export function tooMany(field: string, actual: number, max: number): FieldError {
  const detail = max >= 0 ? `must have at most ${max} items` : 'has too many items';
  return actual >= 0
    ? { type: 'FieldValueTooMany', field, value: actual, detail }
    : { type: 'FieldValueTooMany', field, detail };
}

export function internalError(field: string, message: string): FieldError {
  return { type: 'InternalError', field, detail: message };
}

/** Wraps each message of an `is*` check (validation/names.ts) as an Invalid error at `field`. */
export function invalidEach(field: string, value: unknown, messages: readonly string[]): FieldError[] {
  return messages.map((detail) => invalid(field, value, detail));
}

export const IS_NEGATIVE_ERROR_MSG = 'must be greater than or equal to 0';
export const FIELD_IMMUTABLE_ERROR_MSG = 'field is immutable';

export function validateNonnegativeField(value: number, field: string): FieldError[] {
  return value < 0 ? [invalid(field, value, IS_NEGATIVE_ERROR_MSG)] : [];
}

export interface ImmutableOptions {
  /** Semantic equality instead of JSON deep equality (e.g. quantities: "1" equals "1000m"). */
  equal?: (a: unknown, b: unknown) => boolean;
  /** How upstream prints the value when JSON can't say it (e.g. times); see FieldError.valueText. */
  valueText?: string;
}

/** "field is immutable" when `newValue` differs from `oldValue` (absent and null count as equal). */
export function validateImmutableField(
  newValue: unknown,
  oldValue: unknown,
  field: string,
  options: ImmutableOptions = {},
): FieldError[] {
  const same = options.equal
    ? options.equal(newValue, oldValue)
    : (newValue ?? null) === (oldValue ?? null) || deepEqual(newValue, oldValue);
  if (same) return [];
  const e = invalid(field, newValue, FIELD_IMMUTABLE_ERROR_MSG);
  if (options.valueText !== undefined) e.valueText = options.valueText;
  return [e];
}
