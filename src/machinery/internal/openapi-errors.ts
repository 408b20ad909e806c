// kube-openapi's validation results, as CR validation needs them: its errors (a code, the path
// of the value, its message), its Result (no duplicate messages; a match count that picks the
// best failing anyOf/oneOf branch), and the conversion of its errors into field errors as
// upstream's apiextensions does it (kubeOpenAPIResultToFieldErrors).
import { goFloat, goQuote } from '../go-format.ts';
import type { FieldError } from '../status.ts';
import { notSupported, required, tooLong, tooMany } from '../validation/field-errors.ts';

export const IN = 'body';

export type Code =
  | 'InvalidType'
  | 'Required'
  | 'TooLong'
  | 'TooShort'
  | 'Pattern'
  | 'Enum'
  | 'MultipleOf'
  | 'Max'
  | 'Min'
  | 'Unique'
  | 'MaxItems'
  | 'MinItems'
  | 'TooFewProperties'
  | 'TooManyProperties'
  | 'UnallowedProperty'
  | 'MultipleOfMustBePositive';

/** kube-openapi's errors.Validation (`name` is the value's path) or a plain composite error. */
export interface OpenApiError {
  code?: Code;
  name?: string;
  message: string;
  value?: unknown;
  valid?: number;
  values?: unknown[];
}

/** kube-openapi's validate.Result: errors without duplicate messages, and a match count that picks the best anyOf/oneOf failure. */
export class Result {
  errors: OpenApiError[] = [];
  matchCount = 0;

  static of(error: OpenApiError): Result {
    const r = new Result();
    r.errors.push(error);
    return r;
  }

  get valid(): boolean {
    return this.errors.length === 0;
  }

  add(error: OpenApiError): void {
    if (!this.errors.some((e) => e.message === error.message)) this.errors.push(error);
  }

  merge(other: Result | undefined): this {
    if (!other) return this;
    for (const e of other.errors) this.add(e);
    this.matchCount += other.matchCount;
    return this;
  }
}

// ---------------------------------------------------------------- messages (kube-openapi's errors)

export function numberV(n: number, asInt: boolean): string {
  return asInt ? String(Math.trunc(n)) : goFloat(n);
}

export const invalidType = (name: string, type: string, value: string): OpenApiError => ({
  code: 'InvalidType',
  name,
  value,
  message: `${name} in ${IN} must be of type ${type}: ${goQuote(value)}`,
});

/** Go's `%v` inside a `[]interface{}` as kube-openapi prints enum values. */
export function goV(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFloat(v);
  if (Array.isArray(v)) return `[${v.map(goV).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o)
      .sort()
      .map((k) => `${k}:${goV(o[k])}`)
      .join(' ')}]`;
  }
  return String(v);
}

// ---------------------------------------------------------------- field errors

function child(prefix: string | undefined, name: string): string {
  return prefix === undefined ? name : `${prefix}.${name}`;
}

/** upstream's kubeOpenAPIResultToFieldErrors; a missing prefix prints as Go's nil path, `<nil>`. */
export function toFieldErrors(errors: OpenApiError[], prefix: string | undefined): FieldError[] {
  const out: FieldError[] = [];
  const base = prefix ?? '<nil>';
  for (const e of errors) {
    if (!e.code) {
      out.push({ type: 'FieldValueInvalid', field: base, value: '', detail: e.message });
      continue;
    }
    const field = e.name && e.name !== '.' ? child(prefix, e.name.replace(/^\./, '')) : base;
    const value = e.value ?? '';
    switch (e.code) {
      case 'Required':
        out.push(required(field));
        break;
      case 'Enum':
        out.push(
          notSupported(
            field,
            e.value ?? null,
            (e.values ?? []).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))),
          ),
        );
        break;
      case 'TooLong':
        out.push(tooLong(field, e.valid ?? -1));
        break;
      case 'MaxItems':
      case 'TooManyProperties':
        out.push(tooMany(field, typeof e.value === 'number' ? e.value : -1, e.valid ?? -1));
        break;
      case 'InvalidType':
        out.push({ type: 'FieldValueTypeInvalid', field, value, detail: e.message });
        break;
      default:
        out.push({ type: 'FieldValueInvalid', field, value, detail: e.message });
    }
  }
  return out;
}
