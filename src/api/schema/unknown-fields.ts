// Unknown-field detection, as upstream's strict decoding reports it: built-in kinds are decoded
// into Go structs with unknown fields disallowed, custom resources are pruned against their
// structural schema; both report each dropped field by its path (`spec.template.spec.containers[0].imagee`).
import { type Definitions, resolveSchema, type Schema } from '../../machinery/schema.ts';
import { REF_PREFIX } from './derive.ts';
import { meta } from './packages.ts';
import { OPAQUE_DEFINITIONS } from './special-types.ts';

export interface UnknownFieldOptions {
  /**
   * Treat the top-level object as an embedded resource: `apiVersion`, `kind` and `metadata` are
   * known even when the schema does not list them (custom resources, whose CRD schema often
   * leaves them out).
   */
  rootIsResource?: boolean;
  /**
   * `json` (default): upstream's strict-decoding paths, `spec.containers[0].imagee`.
   * `apply`: structured-merge-diff's paths, as server-side apply reports
   * `.spec.containers[name="nginx"].imagee: field not declared in schema` (list-map items by key).
   */
  pathStyle?: 'json' | 'apply';
  /**
   * Also delete each unknown field from its object, as decoding into a built-in kind's Go types
   * drops it. Objects the walk cannot change (frozen: shared with a stored object, which holds
   * no unknown fields) are left alone.
   */
  drop?: boolean;
}

const OBJECT_META = `${meta}ObjectMeta`;

function join(path: string, key: string, style: 'json' | 'apply' = 'json'): string {
  if (style === 'apply') return `${path}.${key}`;
  return path === '' ? key : `${path}.${key}`;
}

/** structured-merge-diff's path element of a list item: `[name="a"]`, `[port=80,protocol="TCP"]`, `[="x"]` or `[3]`. */
function applyItemElement(item: unknown, index: number, list: Schema): string {
  const keys = list['x-kubernetes-list-map-keys'];
  if (list['x-kubernetes-list-type'] === 'map' && keys?.length && item && typeof item === 'object') {
    const record = item as Record<string, unknown>;
    return `[${keys
      .filter((k) => k in record)
      .map((k) => `${k}=${JSON.stringify(record[k])}`)
      .join(',')}]`;
  }
  if (list['x-kubernetes-list-type'] === 'set') return `[=${JSON.stringify(item)}]`;
  return `[${index}]`;
}

/**
 * What the walk needs of one schema, worked out once per schema object: its `$ref`s followed,
 * opaque types found, flags read. Built-in and CRD schemas are long-lived objects, so this is
 * cached by schema (per set of definitions, which decide where a `$ref` leads).
 */
interface Compiled {
  /** Anything goes below (opaque types, dangling references, int-or-string). */
  readonly open: boolean;
  /** The resolved schema (for list-map keys in apply paths). */
  readonly schema: Schema;
  readonly items: Schema | undefined;
  readonly properties: Record<string, Schema> | undefined;
  readonly additional: Schema | undefined;
  /** Fields not declared are kept: `additionalProperties: true` or preserve-unknown-fields. */
  readonly keepsUnknown: boolean;
  readonly embedded: boolean;
  /** No structure declared and not a closed object: only an embedded resource's metadata is checked. */
  readonly unstructured: boolean;
}

const OPEN: Compiled = {
  open: true,
  schema: {},
  items: undefined,
  properties: undefined,
  additional: undefined,
  keepsUnknown: true,
  embedded: false,
  unstructured: true,
};

/** Per set of definitions: the compiled schemas, and whether ObjectMeta is there to check an embedded resource's metadata. */
interface Compilation {
  readonly compiled: WeakMap<Schema, Compiled>;
  readonly hasObjectMeta: boolean;
}

const compilations = new WeakMap<Definitions, Compilation>();

function compilationOf(definitions: Definitions): Compilation {
  let compilation = compilations.get(definitions);
  if (!compilation) {
    compilation = { compiled: new WeakMap(), hasObjectMeta: definitions[OBJECT_META] !== undefined };
    compilations.set(definitions, compilation);
  }
  return compilation;
}

/** Follows `$ref`s; undefined means "anything goes" (opaque types, dangling references). */
function resolveRefs(schema: Schema, definitions: Definitions): Schema | undefined {
  let current: Schema | undefined = schema;
  while (current?.$ref !== undefined) {
    if (current.$ref.startsWith(REF_PREFIX) && OPAQUE_DEFINITIONS.has(current.$ref.slice(REF_PREFIX.length)))
      return undefined;
    current = resolveSchema({ $ref: current.$ref }, definitions);
  }
  return current;
}

function compile(schema: Schema, definitions: Definitions, cache: WeakMap<Schema, Compiled>): Compiled {
  let compiled = cache.get(schema);
  if (compiled) return compiled;
  const resolved = resolveRefs(schema, definitions);
  if (!resolved || resolved['x-kubernetes-int-or-string']) compiled = OPEN;
  else {
    const { properties, additionalProperties } = resolved;
    const preserve = !!resolved['x-kubernetes-preserve-unknown-fields'];
    compiled = {
      open: false,
      schema: resolved,
      items: resolved.items,
      properties,
      additional: typeof additionalProperties === 'object' ? additionalProperties : undefined,
      keepsUnknown: additionalProperties === true || preserve,
      embedded: resolved['x-kubernetes-embedded-resource'] === true,
      unstructured:
        !properties && additionalProperties === undefined && (resolved.type !== 'object' || preserve),
    };
  }
  cache.set(schema, compiled);
  return compiled;
}

const METADATA_REF: Schema = { $ref: REF_PREFIX + OBJECT_META };

/**
 * The walk keeps where it is as a stack of path elements (keys, or list items with their index)
 * and writes a path out only for an unknown field: most objects have none.
 */
class Walker {
  readonly unknown: string[] = [];
  private readonly definitions: Definitions;
  private readonly compiled: WeakMap<Schema, Compiled>;
  private readonly style: 'json' | 'apply';
  private readonly drop: boolean;
  private readonly hasObjectMeta: boolean;
  /** Per depth: a key, or a list item's index (with the item and its list, for apply paths). */
  private readonly keys: (string | number)[] = [];
  private readonly items: unknown[] = [];
  private readonly lists: Schema[] = [];

  constructor(definitions: Definitions, style: 'json' | 'apply', drop: boolean) {
    this.definitions = definitions;
    this.drop = drop;
    const compilation = compilationOf(definitions);
    this.compiled = compilation.compiled;
    this.hasObjectMeta = compilation.hasObjectMeta;
    this.style = style;
  }

  private pathWith(depth: number, key: string): string {
    let path = '';
    for (let d = 0; d < depth; d++) {
      const k = this.keys[d]!;
      if (typeof k === 'number')
        path += this.style === 'apply' ? applyItemElement(this.items[d], k, this.lists[d]!) : `[${k}]`;
      else path = join(path, k, this.style);
    }
    return join(path, key, this.style);
  }

  walk(value: unknown, schema: Schema, depth: number, embedded = false): void {
    if (typeof value !== 'object' || value === null) return;
    const c = compile(schema, this.definitions, this.compiled);
    if (c.open) return;
    if (Array.isArray(value)) {
      const items = c.items;
      if (!items) return;
      const apply = this.style === 'apply';
      for (let i = 0; i < value.length; i++) {
        const item = value[i];
        // Scalars have no fields: nothing below them can be unknown.
        if (typeof item !== 'object' || item === null) continue;
        this.keys[depth] = i;
        if (apply) {
          this.items[depth] = item;
          this.lists[depth] = c.schema;
        }
        this.walk(item, items, depth + 1);
      }
      return;
    }
    const isEmbedded = embedded || c.embedded;
    if (c.unstructured) {
      // No structure declared: an untyped schema accepts anything (e.g. JSON values); an object
      // schema without fields keeps nothing unless it preserves unknown fields.
      if (isEmbedded && this.hasObjectMeta && 'metadata' in value) {
        this.keys[depth] = 'metadata';
        this.walk((value as Record<string, unknown>).metadata, METADATA_REF, depth + 1);
      }
      return;
    }
    const { properties, additional } = c;
    const obj = value as Record<string, unknown>;
    // One shape for every member (one keyed load, one recursive call): V8 keeps this loop optimized.
    for (const key in obj) {
      if (!Object.hasOwn(obj, key)) continue;
      let below: Schema | undefined;
      if (isEmbedded && (key === 'apiVersion' || key === 'kind')) {
        continue; // known in every embedded resource, whatever its schema says
      } else if (isEmbedded && key === 'metadata') {
        if (!this.hasObjectMeta) continue;
        below = METADATA_REF;
      } else {
        const declared = properties?.[key];
        below = declared ? declared : additional;
        if (below === undefined) {
          if (!c.keepsUnknown) {
            this.unknown.push(this.pathWith(depth, key));
            if (this.drop && !Object.isFrozen(obj)) delete obj[key];
          }
          continue;
        }
      }
      const child = obj[key];
      if (typeof child !== 'object' || child === null) continue;
      this.keys[depth] = key;
      this.walk(child, below, depth + 1);
    }
  }
}

/**
 * Paths of the fields in `obj` that `schema` does not declare, in document order, written as
 * upstream writes them in `unknown field "<path>"` (no leading dot, `[i]` for list items).
 */
export function findUnknownFields(
  obj: unknown,
  schema: Schema,
  definitions: Definitions,
  options: UnknownFieldOptions = {},
): string[] {
  const walker = new Walker(definitions, options.pathStyle ?? 'json', options.drop === true);
  walker.walk(obj, schema, 0, options.rootIsResource === true);
  return walker.unknown;
}
