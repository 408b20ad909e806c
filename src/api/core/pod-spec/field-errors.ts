// Builders for field errors and field paths, shaped like upstream's `field.Required(path, "")`,
// `field.Invalid(path, value, detail)`, `path.Child("x").Index(0).Key("k")`, so that validators
// read like the rules they follow. Paths are plain strings: `spec.containers[0].resources.limits[cpu]`.
import type { FieldError } from '../../../machinery/status.ts';

export type { FieldError };

/** `path.Child(name...)`: appends dotted children; an empty root yields just the children. */
export function child(path: string, ...names: string[]): string {
  return [path, ...names].filter((p) => p !== '').join('.');
}

/** `path.Index(i)`. */
export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

/** `path.Key(k)`: map keys are printed bare, as upstream does. */
export function key(path: string, k: string): string {
  return `${path}[${k}]`;
}

export function required(field: string, detail = ''): FieldError {
  return detail ? { type: 'FieldValueRequired', field, detail } : { type: 'FieldValueRequired', field };
}

export function invalid(field: string, value: unknown, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, value, detail };
}

/**
 * Invalid, for values upstream prints through their String() method rather than quoted:
 * resource names and quantities (`Invalid value: 500m: must be an integer`).
 */
export function invalidStringer(field: string, text: string, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, value: text, valueText: text, detail };
}

export function forbidden(field: string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field, detail };
}

export function duplicate(field: string, value: unknown): FieldError {
  return { type: 'FieldValueDuplicate', field, value };
}

export function notFound(field: string, value: unknown, detail?: string): FieldError {
  return detail
    ? { type: 'FieldValueNotFound', field, value, detail }
    : { type: 'FieldValueNotFound', field, value };
}

export function notSupported(field: string, value: unknown, supported: readonly string[]): FieldError {
  return { type: 'FieldValueNotSupported', field, value, supported };
}

export function tooLong(field: string, maxLength: number): FieldError {
  return { type: 'FieldValueTooLong', field, detail: `may not be more than ${maxLength} bytes` };
}

export const IS_NEGATIVE_MESSAGE = 'must be greater than or equal to 0';
export const IS_NOT_POSITIVE_MESSAGE = 'must be greater than zero';
export const FIELD_IMMUTABLE_MESSAGE = 'field is immutable';

/** `ValidateNonnegativeField`: nothing for undefined (an unset optional field). */
export function nonNegative(value: unknown, field: string): FieldError[] {
  return typeof value === 'number' && value < 0 ? [invalid(field, value, IS_NEGATIVE_MESSAGE)] : [];
}

/** `ValidateImmutableField`: compares with semantic (deep JSON) equality. */
export function immutable(newValue: unknown, oldValue: unknown, field: string): FieldError[] {
  return deepEqual(newValue, oldValue) ? [] : [invalid(field, newValue, FIELD_IMMUTABLE_MESSAGE)];
}

/** `sets.List(...)`: the supported values of NotSupported errors come sorted when upstream lists a set. */
export function sorted(values: readonly string[]): string[] {
  return [...values].sort();
}

/**
 * Deep equality over JSON values where an absent field, `undefined` and (for upstream's
 * semantic equality of Go zero values) nothing else are the same.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) {
    if (!deepEqual(ao[k], bo[k])) return false;
  }
  return true;
}
