// The structural schema seen the way server-side apply sees it (kube-openapi's schemaconv feeding
// structured-merge-diff): every field is a scalar, a list or a map, or — for untyped fields — any
// of the three, decided by the value.
// - lists: `atomic` (replaced whole), or `associative`: a set of scalars, or a map keyed by
//   `x-kubernetes-list-map-keys`. Without x-kubernetes-list-type, patch strategy `merge` with a
//   merge key means keyed, `merge` alone means set, anything else atomic.
// - maps: `separable` (each key owned on its own) unless `x-kubernetes-map-type: atomic`. Keys a
//   struct does not declare use `additionalProperties`, or are "deduced" (granular maps, atomic
//   lists) when the object is free-form or under x-kubernetes-preserve-unknown-fields.
import { type Definitions, resolveSchema, type Schema } from '../../schema.ts';
import { isJsonObject } from '../patch-errors.ts';
import { keyElement, type PathElement } from './path-element.ts';

export type ScalarType = 'numeric' | 'string' | 'boolean' | 'untyped';

export interface TypeRef {
  readonly schema?: Schema;
  /** Inherited x-kubernetes-preserve-unknown-fields. */
  readonly preserve?: boolean;
  readonly named?: 'deduced' | 'untyped';
  /** The kind's top level, where apiVersion, kind and metadata are always known. */
  readonly root?: boolean;
}

export interface ListAtom {
  readonly relationship: 'atomic' | 'associative';
  readonly keys: readonly string[];
  readonly element: TypeRef;
}

export interface MapAtom {
  readonly relationship: 'separable' | 'atomic';
  readonly fields: ReadonlyMap<string, TypeRef>;
  /** Type of undeclared keys; undefined when the schema allows none. */
  readonly element: TypeRef | undefined;
}

export interface Atom {
  readonly scalar?: ScalarType;
  readonly list?: ListAtom;
  readonly map?: MapAtom;
}

const DEDUCED: TypeRef = { named: 'deduced' };
const UNTYPED: TypeRef = { named: 'untyped' };
const UNTYPED_ATOM: Atom = {
  scalar: 'untyped',
  list: { relationship: 'atomic', keys: [], element: UNTYPED },
  map: { relationship: 'atomic', fields: new Map(), element: UNTYPED },
};
const DEDUCED_ATOM: Atom = {
  scalar: 'untyped',
  list: { relationship: 'atomic', keys: [], element: UNTYPED },
  map: { relationship: 'separable', fields: new Map(), element: DEDUCED },
};

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const RAW_EXTENSION = 'io.k8s.apimachinery.pkg.runtime.RawExtension';

/** Used when a kind's schema does not describe metadata (as for many CRDs): ObjectMeta's apply facts. */
const OBJECT_META: Schema = {
  type: 'object',
  'x-kubernetes-preserve-unknown-fields': true,
  properties: {
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
    finalizers: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
    ownerReferences: {
      type: 'array',
      items: {
        type: 'object',
        'x-kubernetes-preserve-unknown-fields': true,
        properties: { uid: { type: 'string' } },
      },
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['uid'],
    },
    managedFields: { type: 'array', 'x-kubernetes-list-type': 'atomic' },
  },
};

/** Resolves schema nodes into atoms, caching per schema node. */
export class SchemaTypes {
  readonly root: TypeRef;
  private readonly definitions: Definitions;
  private readonly cache = [new WeakMap<Schema, Atom>(), new WeakMap<Schema, Atom>()];
  private rootCache: Atom | undefined;
  /** The one-form atoms `deduce` gives for each atom of several forms. */
  private readonly forms = new WeakMap<Atom, { -readonly [F in keyof Atom]?: Atom }>();

  constructor(schema: Schema | undefined, definitions: Definitions = {}) {
    this.definitions = definitions;
    this.root = { schema, root: true };
  }

  atom(ref: TypeRef | undefined): Atom | undefined {
    if (!ref) return undefined;
    if (ref === this.root) {
      this.rootCache ??= this.resolveRoot();
      return this.rootCache;
    }
    if (ref.named === 'untyped') return UNTYPED_ATOM;
    if (ref.named === 'deduced' || !ref.schema) return DEDUCED_ATOM;
    const cache = this.cache[ref.preserve ? 1 : 0]!;
    let atom = cache.get(ref.schema);
    if (!atom) {
      atom = this.convert(ref.schema, ref.preserve ?? false);
      cache.set(ref.schema, atom);
    }
    return atom;
  }

  private resolveRoot(): Atom {
    const schema = this.root.schema;
    return this.rootAtom(schema ? this.convert(schema, false) : DEDUCED_ATOM);
  }

  /** Deduces which of an untyped atom's forms a value takes (upstream's deduceAtom). */
  deduce(atom: Atom, v: unknown): Atom {
    if (v === undefined || v === null) return atom;
    const form: keyof Atom = Array.isArray(v) ? 'list' : isJsonObject(v) ? 'map' : 'scalar';
    if (atom[form] === undefined) return atom;
    // Nearly every atom has one form (typed fields): the atom itself, no copy for each value.
    if ((atom.list ? 1 : 0) + (atom.map ? 1 : 0) + (atom.scalar ? 1 : 0) === 1) return atom;
    let forms = this.forms.get(atom);
    if (!forms) this.forms.set(atom, (forms = {}));
    return (forms[form] ??= { [form]: atom[form] });
  }

  /** The path element naming a list element, or the reason it cannot be named. */
  listItemElement(list: ListAtom, item: unknown): PathElement | string {
    if (list.relationship !== 'associative') return 'invalid indexing of non-associative list';
    if (list.keys.length > 0) {
      if (item === null) return 'associative list with keys may not have a null element';
      if (!isJsonObject(item)) return 'associative list with keys may not have non-map elements';
      const fields: [string, unknown][] = [];
      for (const name of list.keys) {
        if (Object.hasOwn(item, name)) fields.push([name, item[name]]);
        else {
          const def = this.keyDefault(list, name);
          if (def !== undefined) fields.push([name, def]);
        }
      }
      if (fields.length === 0) {
        const quoted = list.keys.map((k) => JSON.stringify(k)).join(' ');
        return `associative list with keys has an element that omits all key fields [${quoted}] (and doesn't have default values for any key fields)`;
      }
      return keyElement(fields);
    }
    if (isJsonObject(item)) return "associative list without keys has an element that's a map type";
    if (Array.isArray(item)) return 'not supported: associative list with lists as elements';
    if (item === null) return "associative list without keys has an element that's an explicit null";
    return { value: item };
  }

  private keyDefault(list: ListAtom, name: string): unknown {
    return this.atom(list.element)?.map?.fields.get(name)?.schema?.default;
  }

  private rootAtom(atom: Atom): Atom {
    const map = atom.map;
    if (!map) return atom;
    const fields = new Map(map.fields);
    if (!fields.has('apiVersion')) fields.set('apiVersion', { schema: { type: 'string' } });
    if (!fields.has('kind')) fields.set('kind', { schema: { type: 'string' } });
    const meta = fields.get('metadata');
    const metaSchema = meta?.schema && resolveSchema(meta.schema, this.definitions);
    if (!metaSchema?.properties) fields.set('metadata', { schema: OBJECT_META });
    return { ...atom, map: { ...map, fields } };
  }

  private convert(prop: Schema, inherited: boolean): Atom {
    let target: Schema | undefined = prop;
    let preserve = inherited;
    const ref = prop.$ref ?? (prop.allOf?.length === 1 && !prop.type ? prop.allOf[0]!.$ref : undefined);
    if (ref !== undefined) {
      if (ref.endsWith(QUANTITY)) return { scalar: 'untyped' };
      if (ref.endsWith(RAW_EXTENSION)) return UNTYPED_ATOM;
      target = resolveSchema({ $ref: ref }, this.definitions);
      preserve = false; // a named definition is converted on its own
    }
    if (!target) return DEDUCED_ATOM;
    if (target['x-kubernetes-preserve-unknown-fields'] === true) preserve = true;
    let atom = this.parse(target, preserve);
    const mapType = prop['x-kubernetes-map-type'];
    if (ref !== undefined && mapType && atom.map) {
      atom = { ...atom, map: { ...atom.map, relationship: mapType === 'atomic' ? 'atomic' : 'separable' } };
    }
    return atom;
  }

  private parse(s: Schema, preserve: boolean): Atom {
    switch (s.type) {
      case undefined:
        return { scalar: 'untyped', list: this.parseList(s, preserve), map: this.parseObject(s, preserve) };
      case 'object':
        return { map: this.parseObject(s, preserve) };
      case 'array':
        return { list: this.parseList(s, preserve) };
      case 'integer':
      case 'number':
        return { scalar: 'numeric' };
      case 'boolean':
        return { scalar: 'boolean' };
      case 'string':
        return { scalar: !s.format || s.format === 'byte' ? 'string' : 'untyped' };
      default:
        return { scalar: 'untyped' };
    }
  }

  private parseObject(s: Schema, preserve: boolean): MapAtom {
    const fields = new Map<string, TypeRef>();
    for (const [name, prop] of Object.entries(s.properties ?? {}))
      fields.set(name, { schema: prop, preserve });
    let element: TypeRef | undefined;
    const ap = s.additionalProperties;
    if (ap === undefined) element = preserve || fields.size === 0 ? DEDUCED : undefined;
    else if (ap === true) element = DEDUCED;
    else if (ap !== false) element = { schema: ap, preserve };
    return {
      relationship: s['x-kubernetes-map-type'] === 'atomic' ? 'atomic' : 'separable',
      fields,
      element,
    };
  }

  private parseList(s: Schema, preserve: boolean): ListAtom {
    const element: TypeRef = s.items ? { schema: s.items, preserve } : UNTYPED;
    const listType = s['x-kubernetes-list-type'];
    if (listType === 'map')
      return { relationship: 'associative', keys: s['x-kubernetes-list-map-keys'] ?? [], element };
    if (listType === 'set') return { relationship: 'associative', keys: [], element };
    if (listType === undefined) {
      const strategy = s['x-kubernetes-patch-strategy'];
      if (strategy === 'merge' || strategy === 'merge,retainKeys') {
        const key = s['x-kubernetes-patch-merge-key'];
        return { relationship: 'associative', keys: key ? [key] : [], element };
      }
    }
    return { relationship: 'atomic', keys: [], element };
  }
}

/** The type of a map's key: the declared field's, else the type of undeclared keys. */
export function fieldTypeOf(map: MapAtom, name: string): TypeRef | undefined {
  return map.fields.get(name) ?? map.element;
}
