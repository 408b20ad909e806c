// The set of fields a value sets (upstream's TypedValue.ToFieldSet): every scalar and atomic
// value, every element of an associative list (by key or value) together with its fields, every
// key of a map that is not a declared struct field, and any map field set to null or {}.
// Declared struct fields holding non-empty values appear only through their children.

import { isJsonObject } from '../patch-errors.ts';
import { FieldSet } from './field-set.ts';
import type { PathElement } from './path-element.ts';
import { serializePathElement } from './path-element.ts';
import { fieldTypeOf, type SchemaTypes, type TypeRef } from './schema-types.ts';

export function toFieldSet(types: SchemaTypes, value: unknown, ref: TypeRef = types.root): FieldSet {
  const set = new FieldSet();
  walk(types, set, value, ref, []);
  return set;
}

function walk(
  types: SchemaTypes,
  set: FieldSet,
  v: unknown,
  ref: TypeRef | undefined,
  path: PathElement[],
): void {
  const base = types.atom(ref);
  if (!base) {
    // No type (an undeclared field): owned as a whole.
    set.insert(path);
    return;
  }
  const atom = types.deduce(base, v);
  if (atom.map) {
    if (atom.map.relationship === 'atomic') {
      set.insert(path);
      return;
    }
    if (!isJsonObject(v)) return;
    for (const [key, child] of Object.entries(v)) {
      const childPath = [...path, { field: key }];
      walk(types, set, child, fieldTypeOf(atom.map, key), childPath);
      if (
        child === null ||
        (isJsonObject(child) && Object.keys(child).length === 0) ||
        !atom.map.fields.has(key)
      ) {
        set.insert(childPath);
      }
    }
    return;
  }
  if (atom.scalar) {
    set.insert(path);
    return;
  }
  const list = atom.list!;
  if (list.relationship === 'atomic') {
    set.insert(path);
    return;
  }
  if (!Array.isArray(v)) return;
  const elements = v.map((item) => types.listItemElement(list, item));
  const seen = new Map<string, number>();
  for (const pe of elements) {
    if (typeof pe === 'string') continue;
    const id = serializePathElement(pe);
    seen.set(id, (seen.get(id) ?? 0) + 1);
  }
  const duplicatesInserted = new Set<string>();
  v.forEach((item, i) => {
    const pe = elements[i]!;
    if (typeof pe === 'string') return;
    const id = serializePathElement(pe);
    const itemPath = [...path, pe];
    if (seen.get(id)! > 1) {
      // Duplicated elements are owned as a whole, once.
      if (!duplicatesInserted.has(id)) set.insert(itemPath);
      duplicatesInserted.add(id);
      return;
    }
    walk(types, set, item, list.element, itemPath);
    set.insert(itemPath);
  });
}

/**
 * Adds, as members, the named struct fields that have children in `set` (upstream's
 * EnsureNamedFieldsAreMembers), so that removing items removes such a field as a whole.
 */
export function ensureNamedFieldsAreMembers(
  types: SchemaTypes,
  set: FieldSet,
  ref: TypeRef | undefined = types.root,
): FieldSet {
  const atom = types.atom(ref);
  const out = new FieldSet();
  const named: PathElement[] = [];
  for (const c of set.children) {
    let childRef: TypeRef | undefined;
    if ('field' in c.pe && atom?.map) {
      if (atom.map.fields.has(c.pe.field)) named.push(c.pe);
      childRef = fieldTypeOf(atom.map, c.pe.field);
    } else if ('key' in c.pe && atom?.list) {
      childRef = atom.list.element;
    }
    out.children.push({ pe: c.pe, set: ensureNamedFieldsAreMembers(types, c.set, childRef) });
  }
  out.members.push(...set.members);
  // Children are sorted, so the named ones can be merged in with single inserts.
  for (const pe of named) out.insert([pe]);
  return out;
}
