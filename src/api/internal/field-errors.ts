// Field errors for the kind validators: machinery's constructors plus upstream's path builders
// (`path.Child("x").Index(0).Key("k")`), so each validator reads like the rule it follows.
// Paths are plain strings: `spec.ports[0].name`, `data[key]`.
import { invalid } from '../../machinery/validation/field-errors.ts';

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

/** `path.Child(a, b)`: dotted children; an empty root yields just the children. */
export function child(path: string, ...names: string[]): string {
  return [path, ...names].filter((p) => p !== '').join('.');
}

/** `path.Index(i)`. */
export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

/** `path.Key(k)`: upstream prints map keys bare inside brackets. */
export function key(path: string, k: string): string {
  return `${path}[${k}]`;
}

/** An Invalid "field is immutable" error carrying the new value (for checks that compare by hand). */
export function immutable(field: string, value: unknown) {
  return invalid(field, value, 'field is immutable');
}
