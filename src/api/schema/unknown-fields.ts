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
}

const OBJECT_META = `${meta}ObjectMeta`;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

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

class Walker {
  readonly unknown: string[] = [];
  private readonly definitions: Definitions;
  private readonly style: 'json' | 'apply';

  constructor(definitions: Definitions, style: 'json' | 'apply') {
    this.definitions = definitions;
    this.style = style;
  }

  /** Follows `$ref`s; undefined means "anything goes" (opaque types, dangling references). */
  private resolve(schema: Schema): Schema | undefined {
    let current: Schema | undefined = schema;
    while (current?.$ref !== undefined) {
      if (
        current.$ref.startsWith(REF_PREFIX) &&
        OPAQUE_DEFINITIONS.has(current.$ref.slice(REF_PREFIX.length))
      )
        return undefined;
      current = resolveSchema({ $ref: current.$ref }, this.definitions);
    }
    return current;
  }

  walk(value: unknown, schema: Schema, path: string, embedded = false): void {
    const resolved = this.resolve(schema);
    if (!resolved || resolved['x-kubernetes-int-or-string']) return;
    if (Array.isArray(value)) {
      if (!resolved.items) return;
      value.forEach((item, i) => {
        const element = this.style === 'apply' ? applyItemElement(item, i, resolved) : `[${i}]`;
        this.walk(item, resolved.items!, `${path}${element}`);
      });
      return;
    }
    if (!isPlainObject(value)) return;
    const isEmbedded = embedded || resolved['x-kubernetes-embedded-resource'] === true;
    const { properties, additionalProperties } = resolved;
    if (!properties && additionalProperties === undefined) {
      // No structure declared: an untyped schema accepts anything (e.g. JSON values); an object
      // schema without fields keeps nothing unless it preserves unknown fields.
      if (resolved.type !== 'object' || resolved['x-kubernetes-preserve-unknown-fields']) {
        if (isEmbedded) this.walkEmbeddedMeta(value, path);
        return;
      }
    }
    for (const [key, child] of Object.entries(value)) {
      const childPath = join(path, key, this.style);
      const declared = properties?.[key];
      if (isEmbedded && (key === 'apiVersion' || key === 'kind')) {
        // Known in every embedded resource, whatever its schema says.
      } else if (isEmbedded && key === 'metadata') {
        this.walkMetadata(child, childPath);
      } else if (declared) {
        this.walk(child, declared, childPath);
      } else if (typeof additionalProperties === 'object') {
        this.walk(child, additionalProperties, childPath);
      } else if (additionalProperties === true || resolved['x-kubernetes-preserve-unknown-fields']) {
        // Kept as is.
      } else {
        this.unknown.push(childPath);
      }
    }
  }

  private walkEmbeddedMeta(value: Record<string, unknown>, path: string): void {
    if ('metadata' in value) this.walkMetadata(value.metadata, join(path, 'metadata', this.style));
  }

  private walkMetadata(value: unknown, path: string): void {
    if (this.definitions[OBJECT_META]) this.walk(value, { $ref: REF_PREFIX + OBJECT_META }, path);
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
  const walker = new Walker(definitions, options.pathStyle ?? 'json');
  walker.walk(obj, schema, '', options.rootIsResource === true);
  return walker.unknown;
}
