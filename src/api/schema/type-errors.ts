// Values of the wrong JSON type for a built-in kind's field (`"replicas": "3"`), reported as Go's
// encoding/json reports the first one when upstream decodes a body into its Go struct:
// `json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`.
// Go names each field by the struct holding it and the path of JSON names from the top (no list
// indices), and each type as Go spells it (`[]v1.Container`, `map[string]string`).
import { parseQuantity, QuantityParseError } from '../../machinery/quantity.ts';
import { type Definitions, resolveSchema, type Schema } from '../../machinery/schema.ts';
import { REF_PREFIX } from './derive.ts';
import { OPAQUE_DEFINITIONS, QUANTITY } from './special-types.ts';

/** `io.k8s.api.core.v1.Container` → `v1.Container` (Go's package-qualified type name). */
function goTypeOfRef(ref: string): string {
  const parts = ref.slice(REF_PREFIX.length).split('.');
  return `${parts[parts.length - 2]}.${parts[parts.length - 1]}`;
}

/** How Go would name the type a schema decodes into. */
export function goTypeName(schema: Schema): string {
  if (schema.$ref) return goTypeOfRef(schema.$ref);
  switch (schema.type) {
    case 'string':
      return schema.format === 'byte' ? '[]uint8' : 'string';
    case 'integer':
      return schema.format === 'int64' ? 'int64' : 'int32';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'array':
      return `[]${schema.items ? goTypeName(schema.items) : 'interface {}'}`;
    case 'object':
      return typeof schema.additionalProperties === 'object'
        ? `map[string]${goTypeName(schema.additionalProperties)}`
        : 'map[string]interface {}';
    default:
      return 'interface {}';
  }
}

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}

const INT32 = 2 ** 31;

function numberFits(value: number, schema: Schema): boolean {
  if (schema.type === 'number') return true;
  if (!Number.isInteger(value)) return false;
  return schema.format === 'int64'
    ? Number.isSafeInteger(value) || Math.abs(value) < 2 ** 63
    : value >= -INT32 && value < INT32;
}

/**
 * Quantity's UnmarshalJSON: a JSON string (quotes dropped) or any other JSON text, trimmed, must
 * parse; its error is returned bare (`quantities must match the regular expression …`).
 */
function quantityError(value: unknown): string | undefined {
  const text = typeof value === 'string' ? value.trim() : JSON.stringify(value);
  try {
    parseQuantity(text);
    return undefined;
  } catch (e) {
    if (e instanceof QuantityParseError) return e.message;
    throw e;
  }
}

/** What the check needs of one schema, worked out once per schema object (and set of definitions). */
interface Compiled {
  /** quantity: checked by parsing; open: anything goes (opaque types, dangling references). */
  readonly check: 'quantity' | 'open' | 'typed';
  readonly type: Schema['type'];
  readonly resolved: Schema;
  /** The Go struct a $ref'd object type names its fields by. */
  readonly struct: string | undefined;
  readonly items: Schema | undefined;
  readonly properties: Record<string, Schema> | undefined;
  readonly additional: Schema | undefined;
}

const compiledByDefinitions = new WeakMap<Definitions, WeakMap<Schema, Compiled>>();

function compile(schema: Schema, definitions: Definitions, cache: WeakMap<Schema, Compiled>): Compiled {
  let compiled = cache.get(schema);
  if (compiled) return compiled;
  let check: Compiled['check'] = 'typed';
  let resolved: Schema | undefined = schema;
  if (schema.$ref !== undefined) {
    const name = schema.$ref.slice(REF_PREFIX.length);
    if (name === QUANTITY) check = 'quantity';
    else if (OPAQUE_DEFINITIONS.has(name)) check = 'open';
    else resolved = resolveSchema(schema, definitions);
  }
  if (!resolved) check = 'open';
  const r = resolved ?? {};
  compiled = {
    check,
    type: r.type,
    resolved: r,
    struct: schema.$ref ? schema.$ref.slice(schema.$ref.lastIndexOf('.') + 1) : undefined,
    items: r.items,
    properties: r.properties,
    additional: typeof r.additionalProperties === 'object' ? r.additionalProperties : undefined,
  };
  cache.set(schema, compiled);
  return compiled;
}

/**
 * One check of an object: the JSON names from the top down to the current field are kept as a
 * stack (Go's path has no list indices) and written out only for the error.
 */
class Checker {
  private readonly definitions: Definitions;
  private readonly compiled: WeakMap<Schema, Compiled>;
  private readonly keys: string[] = [];

  constructor(definitions: Definitions) {
    this.definitions = definitions;
    let compiled = compiledByDefinitions.get(definitions);
    if (!compiled) compiledByDefinitions.set(definitions, (compiled = new WeakMap()));
    this.compiled = compiled;
  }

  /** `value` at `schema`, `depth` keys below the top, in fields of the Go struct `struct`. */
  check(value: unknown, schema: Schema, depth: number, struct: string): string | undefined {
    if (value === null || value === undefined) return undefined;
    const c = compile(schema, this.definitions, this.compiled);
    if (c.check !== 'typed') return c.check === 'quantity' ? quantityError(value) : undefined;
    switch (c.type) {
      case 'string':
        return typeof value === 'string' ? undefined : this.mismatch(jsonKind(value), schema, depth, struct);
      case 'boolean':
        return typeof value === 'boolean' ? undefined : this.mismatch(jsonKind(value), schema, depth, struct);
      case 'integer':
      case 'number':
        if (typeof value !== 'number') return this.mismatch(jsonKind(value), schema, depth, struct);
        return numberFits(value, c.resolved)
          ? undefined
          : this.mismatch(`number ${value}`, schema, depth, struct);
      case 'array': {
        if (!Array.isArray(value)) return this.mismatch(jsonKind(value), schema, depth, struct);
        const items = c.items;
        if (!items) return undefined;
        for (let i = 0; i < value.length; i++) {
          const error = this.check(value[i], items, depth, struct);
          if (error) return error;
        }
        return undefined;
      }
      case 'object': {
        if (typeof value !== 'object' || Array.isArray(value))
          return this.mismatch(jsonKind(value), schema, depth, struct);
        // Children are named by the struct that holds them (a $ref'd type, or the enclosing one).
        const inner = c.struct ?? struct;
        const { properties, additional } = c;
        const obj = value as Record<string, unknown>;
        for (const key in obj) {
          if (!Object.hasOwn(obj, key)) continue;
          const declared = properties?.[key];
          if (declared) {
            this.keys[depth] = key;
            const error = this.check(obj[key], declared, depth + 1, inner);
            if (error) return error;
          } else if (additional) {
            const error = this.check(obj[key], additional, depth, inner);
            if (error) return error;
          }
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  private mismatch(valueText: string, schema: Schema, depth: number, struct: string): string {
    const path = this.keys.slice(0, depth).join('.');
    return `json: cannot unmarshal ${valueText} into Go struct field ${struct}.${path} of type ${goTypeName(schema)}`;
  }
}

/** The top-level schema checked as a plain object (its own $ref, if any, does not name the struct). */
const roots = new WeakMap<Schema, Schema>();
function rootSchema(schema: Schema): Schema {
  let root = roots.get(schema);
  if (!root) roots.set(schema, (root = { ...schema, $ref: undefined, type: 'object' }));
  return root;
}

/**
 * The first value of a wrong type in a built-in object, worded as Go's decoder words it, or
 * undefined. `kind` names the top-level struct (`Deployment`).
 */
export function findTypeError(
  obj: unknown,
  schema: Schema,
  definitions: Definitions,
  kind: string,
): string | undefined {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return undefined;
  return new Checker(definitions).check(obj, rootSchema(schema), 0, kind);
}
