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

interface Context {
  definitions: Definitions;
  /** The Go struct that holds the current field, and the JSON path from the top. */
  struct: string;
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

function check(value: unknown, schema: Schema, path: string, ctx: Context): string | undefined {
  if (value === null || value === undefined) return undefined;
  let resolved: Schema | undefined = schema;
  if (schema.$ref !== undefined) {
    const name = schema.$ref.slice(REF_PREFIX.length);
    if (name === QUANTITY) return quantityError(value);
    if (OPAQUE_DEFINITIONS.has(name)) return undefined;
    resolved = resolveSchema(schema, ctx.definitions);
  }
  if (!resolved) return undefined;
  switch (resolved.type) {
    case 'string':
      return typeof value === 'string' ? undefined : mismatch(jsonKind(value), schema, path, ctx);
    case 'boolean':
      return typeof value === 'boolean' ? undefined : mismatch(jsonKind(value), schema, path, ctx);
    case 'integer':
    case 'number':
      if (typeof value !== 'number') return mismatch(jsonKind(value), schema, path, ctx);
      return numberFits(value, resolved) ? undefined : mismatch(`number ${value}`, schema, path, ctx);
    case 'array':
      if (!Array.isArray(value)) return mismatch(jsonKind(value), schema, path, ctx);
      if (!resolved.items) return undefined;
      for (const item of value) {
        const error = check(item, resolved.items, path, ctx);
        if (error) return error;
      }
      return undefined;
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value))
        return mismatch(jsonKind(value), schema, path, ctx);
      // Children are named by the struct that holds them (a $ref'd type, or the enclosing one).
      const inner = schema.$ref
        ? { definitions: ctx.definitions, struct: schema.$ref.slice(schema.$ref.lastIndexOf('.') + 1) }
        : ctx;
      const additional =
        typeof resolved.additionalProperties === 'object' ? resolved.additionalProperties : undefined;
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        const child = (value as Record<string, unknown>)[key];
        const declared = resolved.properties?.[key];
        if (declared) {
          const error = check(child, declared, path === '' ? key : `${path}.${key}`, inner);
          if (error) return error;
        } else if (additional) {
          const error = check(child, additional, path, inner);
          if (error) return error;
        }
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function mismatch(valueText: string, schema: Schema, path: string, ctx: Context): string {
  return `json: cannot unmarshal ${valueText} into Go struct field ${ctx.struct}.${path} of type ${goTypeName(schema)}`;
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
  return check(obj, { ...schema, $ref: undefined, type: 'object' }, '', { definitions, struct: kind });
}
