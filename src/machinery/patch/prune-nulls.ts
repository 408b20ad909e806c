// Drops `null`-valued fields the way decoding into upstream's typed objects does (a nil pointer,
// map or slice is omitted when encoded), and the way the custom-resource handler prunes nulls of
// non-nullable fields. Patches (JSON patch `add` with null, apply configurations with `x: null`)
// can leave such nulls; fields declared `nullable: true` keep them.
//
// Usage: const clean = pruneNulls(patchedObject, kindSchema, definitions);
import type { Definitions, Schema } from '../schema.ts';
import { SchemaTypes, type TypeRef } from './apply/schema-types.ts';
import { isJsonObject } from './patch-errors.ts';

export function pruneNulls<T>(value: T, schema: Schema | undefined, definitions: Definitions = {}): T {
  return pruneNullsTyped(new SchemaTypes(schema, definitions), value);
}

/** As pruneNulls, with the schema already resolved; returns a copy. */
export function pruneNullsTyped<T>(types: SchemaTypes, value: T): T {
  return prune(types, value, types.root) as T;
}

function prune(types: SchemaTypes, v: unknown, ref: TypeRef | undefined): unknown {
  const base = types.atom(ref);
  const atom = base && types.deduce(base, v);
  if (Array.isArray(v)) return v.map((item) => prune(types, item, atom?.list?.element));
  if (!isJsonObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(v)) {
    const fieldRef = atom?.map ? (atom.map.fields.get(key) ?? atom.map.element) : undefined;
    if (child === null && fieldRef?.schema?.nullable !== true) continue;
    out[key] = prune(types, child, fieldRef);
  }
  return out;
}
