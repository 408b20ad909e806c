// Removes a set of fields from a value (upstream's TypedValue.RemoveItems): a path in the set
// removes that field or list element with everything below it. Maps and lists left empty by the
// removal disappear (upstream leaves a null that the typed decoder, or the custom resource
// handler's null pruning, then drops).

import { isJsonObject } from '../patch-errors.ts';
import type { FieldSet } from './field-set.ts';
import { fieldTypeOf, type SchemaTypes, type TypeRef } from './schema-types.ts';

/** `value` without the fields in `toRemove`; `undefined` when nothing is left. */
export function removeItems(
  types: SchemaTypes,
  value: unknown,
  toRemove: FieldSet,
  ref: TypeRef | undefined = types.root,
): unknown {
  const base = types.atom(ref);
  if (!base) return value;
  const atom = types.deduce(base, value);
  if (atom.map) {
    if (!isJsonObject(value) || atom.map.relationship === 'atomic') return value;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const pe = { field: key };
      if (toRemove.has([pe])) continue;
      const below = toRemove.child(pe);
      if (below && !below.empty()) {
        const kept = removeItems(types, child, below, fieldTypeOf(atom.map, key));
        if (kept !== undefined) out[key] = kept;
      } else {
        out[key] = child;
      }
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  if (atom.scalar || !atom.list) return value;
  const list = atom.list;
  if (!Array.isArray(value) || list.relationship === 'atomic') return value;
  const out: unknown[] = [];
  for (const item of value) {
    const pe = types.listItemElement(list, item);
    if (typeof pe === 'string') {
      out.push(item);
      continue;
    }
    if (toRemove.has([pe])) continue;
    const below = toRemove.child(pe);
    if (below && !below.empty()) out.push(removeItems(types, item, below, list.element) ?? {});
    else out.push(item);
  }
  return out.length > 0 ? out : undefined;
}
