// Uniqueness of `x-kubernetes-list-type: set` and `map` lists in custom resources, as upstream's
// listtype validation checks it after the schema: each repeated item (set) or repeated key
// (map) is a `Duplicate value` at its index, the value printed as Go's `%#v` prints it.
import { goFloat, goQuote } from './go-format.ts';
import type { Schema } from './schema.ts';
import type { FieldError } from './status.ts';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Go's `%#v` of a decoded JSON value held in an interface{}. */
export function goSharpV(v: unknown): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFloat(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSharpV).join(', ')}}`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  return `map[string]interface {}{${keys.map((k) => `${goQuote(k)}:${goSharpV(o[k])}`).join(', ')}}`;
}

function duplicate(field: string, value: unknown): FieldError {
  const scalar = value === null || typeof value !== 'object';
  return scalar
    ? { type: 'FieldValueDuplicate', field, value }
    : { type: 'FieldValueDuplicate', field, value, valueText: goSharpV(value) };
}

/** Indices of the second occurrence of each repeated value (upstream reports a value once). */
function nonUniqueIndices(items: unknown[]): number[] {
  const seen = new Map<string, number>();
  const out: number[] = [];
  items.forEach((x, i) => {
    const key = x === UNSPECIFIED ? '\u0000unspecified' : JSON.stringify(sortKeys(x));
    const times = seen.get(key) ?? 0;
    if (times === 1) out.push(i);
    seen.set(key, times + 1);
  });
  return out;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isObject(v)) return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortKeys(v[k])]),
  );
}

const UNSPECIFIED = Symbol('unspecified key');

function validateListMap(path: string, s: Schema, list: unknown[]): FieldError[] {
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    if (x !== null && !isObject(x)) {
      return [
        {
          type: 'FieldValueInvalid',
          field: `${path}[${i}]`,
          value: x,
          detail: 'must be an object for an array of list-type map',
        },
      ];
    }
  }
  if (list.length <= 1) return [];
  const keyFields = s['x-kubernetes-list-map-keys'] ?? [];
  if (keyFields.length === 1) {
    const field = keyFields[0]!;
    const keys = list.map((x) => (isObject(x) && Object.hasOwn(x, field) ? x[field] : UNSPECIFIED));
    return nonUniqueIndices(keys).map((i) =>
      duplicate(`${path}[${i}]`, keys[i] === UNSPECIFIED ? {} : { [field]: keys[i] }),
    );
  }
  const keys = list.map((x) => {
    const key: Record<string, unknown> = {};
    if (isObject(x)) for (const f of keyFields) if (Object.hasOwn(x, f)) key[f] = x[f];
    return key;
  });
  return nonUniqueIndices(keys).map((i) => duplicate(`${path}[${i}]`, keys[i]));
}

function validateArray(path: string, s: Schema, list: unknown[]): FieldError[] {
  const errs: FieldError[] = [];
  const listType = s['x-kubernetes-list-type'];
  if (listType === 'set')
    for (const i of nonUniqueIndices(list)) errs.push(duplicate(`${path}[${i}]`, list[i]));
  else if (listType === 'map') errs.push(...validateListMap(path, s, list));
  if (s.items) {
    list.forEach((x, i) => {
      errs.push(...validateValue(`${path}[${i}]`, s.items!, x));
    });
  }
  return errs;
}

function validateValue(path: string, s: Schema, v: unknown): FieldError[] {
  if (Array.isArray(v)) return validateArray(path, s, v);
  if (isObject(v)) return validateObject(path, s, v);
  return [];
}

function validateObject(path: string, s: Schema, obj: Record<string, unknown>): FieldError[] {
  const errs: FieldError[] = [];
  if (typeof s.additionalProperties === 'object') {
    for (const [k, v] of Object.entries(obj))
      errs.push(...validateValue(`${path}[${k}]`, s.additionalProperties, v));
  }
  if (s.properties) {
    for (const [k, v] of Object.entries(obj)) {
      const sub = s.properties[k];
      if (sub) errs.push(...validateValue(path ? `${path}.${k}` : k, sub, v));
    }
  }
  return errs;
}

/** upstream's ValidateListSetsAndMaps over a whole object: duplicate set items and list-map keys. */
export function validateListSetsAndMaps(obj: unknown, schema: Schema | undefined): FieldError[] {
  if (!schema || !isObject(obj)) return [];
  return validateObject('', schema, obj);
}
