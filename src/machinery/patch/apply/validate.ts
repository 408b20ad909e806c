// Checks that a value fits its schema the way server-side apply does before using it
// (upstream's TypedValue.Validate): scalar types, maps and lists where the schema says so, no
// undeclared fields, named (and, for an applied configuration, unique) associative list elements.
// Errors read as upstream's: `.spec.replicas: expected numeric (int or float), got string`.
import { goNumber, goValue } from '../go-format.ts';
import { isJsonObject } from '../patch-errors.ts';
import { type PathElement, pathString, serializePathElement } from './path-element.ts';
import type { ScalarType, SchemaTypes, TypeRef } from './schema-types.ts';

export interface ValidationError {
  path: string;
  message: string;
}

/** Renders errors as upstream's ValidationErrors.Error(). */
export function validationErrorsText(errors: ValidationError[]): string {
  const one = (e: ValidationError) => (e.path ? `${e.path}: ${e.message}` : e.message);
  if (errors.length === 1) return one(errors[0]!);
  return ['errors:', ...errors.map((e) => `  ${one(e)}`)].join('\n');
}

export function validateTyped(
  types: SchemaTypes,
  value: unknown,
  allowDuplicates: boolean,
  ref: TypeRef = types.root,
): ValidationError[] {
  const errors: ValidationError[] = [];
  walk(types, value, ref, [], allowDuplicates, errors);
  return errors;
}

/** `%T` of a decoded JSON value. */
function goTypeOf(v: unknown): string {
  if (Array.isArray(v)) return '[]interface {}';
  if (isJsonObject(v)) return 'map[string]interface {}';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

/** `%#v` of a value.Value wrapping a decoded JSON value. */
function goSharp(v: unknown): string {
  const inner = (x: unknown): string => {
    if (typeof x === 'string') return JSON.stringify(x);
    if (typeof x === 'number') return goNumber(x);
    if (Array.isArray(x)) return `[]interface {}{${x.map(inner).join(', ')}}`;
    if (isJsonObject(x))
      return `map[string]interface {}{${Object.keys(x)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${inner(x[k])}`)
        .join(', ')}}`;
    return String(x);
  };
  return `&value.valueUnstructured{Value:${inner(v)}}`;
}

export function scalarError(t: ScalarType, v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  const isScalar = typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';
  switch (t) {
    case 'numeric':
      return typeof v === 'number' ? undefined : `expected numeric (int or float), got ${goTypeOf(v)}`;
    case 'string':
      return typeof v === 'string' ? undefined : `expected string, got ${goSharp(v)}`;
    case 'boolean':
      return typeof v === 'boolean' ? undefined : `expected boolean, got &{${goValue(v)}}`;
    default:
      return isScalar ? undefined : `expected any scalar, got &{${goValue(v)}}`;
  }
}

function walk(
  types: SchemaTypes,
  v: unknown,
  ref: TypeRef | undefined,
  path: PathElement[],
  allowDuplicates: boolean,
  errors: ValidationError[],
): void {
  const at = (message: string, p: PathElement[] = path): void => {
    errors.push({ path: pathString(p), message });
  };
  const base = types.atom(ref);
  if (!base) return;
  const atom = types.deduce(base, v);
  if (atom.map) {
    if (v === null) return;
    if (!isJsonObject(v)) {
      at(`expected map, got &{${goValue(v)}}`);
      return;
    }
    for (const [key, child] of Object.entries(v)) {
      const childPath = [...path, { field: key }];
      const fieldRef = atom.map.fields.get(key) ?? atom.map.element;
      if (!fieldRef) {
        // Upstream stops at the first undeclared field of a map.
        at('field not declared in schema', childPath);
        return;
      }
      walk(types, child, fieldRef, childPath, allowDuplicates, errors);
    }
    return;
  }
  if (atom.scalar) {
    const err = scalarError(atom.scalar, v);
    if (err) at(err);
    return;
  }
  const list = atom.list!;
  if (v === null) return;
  if (!Array.isArray(v)) {
    at(`expected list, got &{${goValue(v)}}`);
    return;
  }
  const seen = new Set<string>();
  for (let i = 0; i < v.length; i++) {
    let pe: PathElement;
    if (list.relationship !== 'associative') {
      pe = { index: i };
    } else {
      const named = types.listItemElement(list, v[i]);
      if (typeof named === 'string') {
        at(`element ${i}: ${named}`);
        return;
      }
      pe = named;
      const id = serializePathElement(pe);
      if (seen.has(id) && !allowDuplicates) at(`duplicate entries for key ${pathString([pe])}`);
      seen.add(id);
    }
    walk(types, v[i], list.element, [...path, pe], allowDuplicates, errors);
  }
}
