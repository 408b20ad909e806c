// Reading and writing nested fields of plain JSON objects by a list of keys, with upstream's
// unstructured.Nested* semantics and error texts. The scale subresource of custom resources reads
// `.spec.replicas` / `.status.replicas` / `.status.selector` and writes `.spec.replicas` this way;
// controllers use the same helpers on unstructured objects.

import { goTypeName, goV } from './go-format.ts';
import { deepClone, isJsonObject } from './json-value.ts';

/** `.spec.replicas` → ['spec', 'replicas'] (a leading dot is optional; `.` alone is the root). */
export function splitDottedPath(path: string): string[] {
  const trimmed = path.startsWith('.') ? path.slice(1) : path;
  return trimmed === '' ? [] : trimmed.split('.');
}

function jsonPath(fields: readonly string[]): string {
  return `.${fields.join('.')}`;
}

/**
 * The value at `fields` (upstream's NestedFieldNoCopy): `found` is false when a key is missing;
 * throws when an intermediate value is not an object.
 */
export function nestedField(obj: unknown, fields: readonly string[]): { value: unknown; found: boolean } {
  let val: unknown = obj;
  for (let i = 0; i < fields.length; i++) {
    if (!isJsonObject(val)) {
      throw new Error(
        `${jsonPath(fields.slice(0, i + 1))} accessor error: ${goV(val)} is of the type ${goTypeName(val)}, expected map[string]interface{}`,
      );
    }
    if (!Object.hasOwn(val, fields[i]!)) return { value: undefined, found: false };
    val = val[fields[i]!];
  }
  return { value: val, found: true };
}

function typed<T>(
  obj: unknown,
  fields: readonly string[],
  expected: string,
  check: (v: unknown) => v is T,
): T | undefined {
  const { value, found } = nestedField(obj, fields);
  if (!found) return undefined;
  if (!check(value)) {
    throw new Error(
      `${jsonPath(fields)} accessor error: ${goV(value)} is of the type ${goTypeName(value)}, expected ${expected}`,
    );
  }
  return value;
}

/** upstream's NestedInt64: undefined when absent, throws when not an integer. */
export function nestedInt64(obj: unknown, fields: readonly string[]): number | undefined {
  return typed(obj, fields, 'int64', (v): v is number => typeof v === 'number' && Number.isInteger(v));
}

export function nestedString(obj: unknown, fields: readonly string[]): string | undefined {
  return typed(obj, fields, 'string', (v): v is string => typeof v === 'string');
}

export function nestedBool(obj: unknown, fields: readonly string[]): boolean | undefined {
  return typed(obj, fields, 'bool', (v): v is boolean => typeof v === 'boolean');
}

export function nestedMap(obj: unknown, fields: readonly string[]): Record<string, unknown> | undefined {
  return typed(obj, fields, 'map[string]interface{}', isJsonObject);
}

export function nestedSlice(obj: unknown, fields: readonly string[]): unknown[] | undefined {
  return typed(obj, fields, '[]interface{}', (v): v is unknown[] => Array.isArray(v));
}

/**
 * Sets `value` (deep-copied) at `fields`, creating missing objects on the way (upstream's
 * SetNestedField); throws when an intermediate value exists but is not an object.
 */
export function setNestedField(
  obj: Record<string, unknown>,
  value: unknown,
  fields: readonly string[],
): void {
  if (fields.length === 0) throw new Error('setNestedField: no field given');
  let m = obj;
  for (let i = 0; i < fields.length - 1; i++) {
    const field = fields[i]!;
    if (Object.hasOwn(m, field)) {
      const next = m[field];
      if (!isJsonObject(next)) {
        throw new Error(
          `value cannot be set because ${jsonPath(fields.slice(0, i + 1))} is not a map[string]interface{}`,
        );
      }
      m = next;
    } else {
      const created: Record<string, unknown> = {};
      m[field] = created;
      m = created;
    }
  }
  m[fields[fields.length - 1]!] = deepClone(value);
}

/** Removes the field at `fields` if present (upstream's RemoveNestedField). */
export function removeNestedField(obj: Record<string, unknown>, fields: readonly string[]): void {
  let m: unknown = obj;
  for (let i = 0; i < fields.length - 1; i++) {
    if (!isJsonObject(m)) return;
    m = m[fields[i]!];
  }
  if (isJsonObject(m)) delete m[fields[fields.length - 1]!];
}

/** getters by dotted path, for the scale subresource: `getAtPath(cr, '.spec.replicas')`. */
export function getAtPath(obj: unknown, path: string): { value: unknown; found: boolean } {
  return nestedField(obj, splitDottedPath(path));
}

/** setter by dotted path: `setAtPath(cr, '.spec.replicas', 3)`. */
export function setAtPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  setNestedField(obj, value, splitDottedPath(path));
}
