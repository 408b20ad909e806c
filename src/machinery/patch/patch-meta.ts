// What strategic merge patch needs to know about a field: its patch strategies and merge key,
// read from the structural schema's `x-kubernetes-patch-strategy` / `x-kubernetes-patch-merge-key`
// (upstream reads the same facts from Go struct tags, `patchStrategy:"merge" patchMergeKey:"name"`).
//
// A field the schema does not describe (custom resources' preserve-unknown-fields, free-form
// objects) has no strategy: its maps merge like a JSON merge patch and its lists are replaced.
import { type Definitions, resolveSchema, type Schema } from '../schema.ts';

export interface PatchMeta {
  /** e.g. ['merge'], ['retainKeys'], ['merge', 'retainKeys']; [] when the field has none. */
  strategies: string[];
  /** The field identifying an element of a list of objects (`name` for containers), or ''. */
  mergeKey: string;
}

/** A position in the schema tree; `schema` undefined means "no schema known here". */
export class PatchMetaLookup {
  readonly schema: Schema | undefined;
  readonly definitions: Definitions;

  constructor(schema: Schema | undefined, definitions: Definitions) {
    this.definitions = definitions;
    this.schema = resolve(schema, definitions);
  }

  /** The sub-schema and patch facts of an object-valued field. */
  lookupStruct(key: string): { sub: PatchMetaLookup; meta: PatchMeta } {
    const field = this.fieldSchema(key);
    return { sub: new PatchMetaLookup(field, this.definitions), meta: patchMetaOf(field, this.definitions) };
  }

  /** The element schema and patch facts of a list-valued field. */
  lookupSlice(key: string): { sub: PatchMetaLookup; meta: PatchMeta } {
    const field = this.fieldSchema(key);
    const list = resolve(field, this.definitions);
    // A field that is not an array (upstream: a pointer to a slice) describes its elements itself.
    return {
      sub: new PatchMetaLookup(list?.items ?? list, this.definitions),
      meta: patchMetaOf(field, this.definitions),
    };
  }

  /** The Go kind upstream names in errors (`cannot merge lists without merge key for struct`). */
  name(): string {
    const s = this.schema;
    if (!s) return 'interface';
    if (s.properties) return 'struct';
    if (s.type === 'object' || s.additionalProperties) return 'map';
    if (s.type === 'array') return 'slice';
    return s.type ?? 'interface';
  }

  private fieldSchema(key: string): Schema | undefined {
    const s = this.schema;
    if (!s) return undefined;
    const declared = s.properties?.[key];
    if (declared) return declared;
    return typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
  }
}

/** Follows `$ref` and a single-element `allOf` wrapper (how OpenAPI v3 attaches facts to a reference). */
function resolve(schema: Schema | undefined, definitions: Definitions): Schema | undefined {
  let s = resolveSchema(schema, definitions);
  if (s?.allOf?.length === 1 && !s.properties && !s.type) s = resolveSchema(s.allOf[0], definitions);
  return s;
}

function patchMetaOf(field: Schema | undefined, definitions: Definitions): PatchMeta {
  // The facts sit on the property itself, beside a `$ref`; fall back to the referenced schema.
  const target = resolve(field, definitions);
  const strategy = field?.['x-kubernetes-patch-strategy'] ?? target?.['x-kubernetes-patch-strategy'];
  const mergeKey = field?.['x-kubernetes-patch-merge-key'] ?? target?.['x-kubernetes-patch-merge-key'] ?? '';
  return { strategies: strategy ? strategy.split(',') : [], mergeKey };
}
