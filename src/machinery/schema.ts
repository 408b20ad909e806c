// A structural schema: the subset of OpenAPI v3 that Kubernetes types and CRDs use, with the
// Kubernetes extensions that drive patching and apply. Produced for built-in kinds from their
// type declarations (src/api/schema) and taken as-is from CRDs; consumed by OpenAPI output,
// strict field validation, strategic merge patch and server-side apply.
//
// Built-in schemas refer to shared definitions with `$ref: '#/components/schemas/<name>'`
// (so that the OpenAPI documents stay small); `resolveSchema` follows such a reference.

export interface Schema {
  $ref?: string;
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  description?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  nullable?: boolean;
  // Validation keywords (CRD schemas use them).
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxProperties?: number;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  not?: Schema;
  /** Strategic merge patch: `merge`, `replace`, `retainKeys` or `merge,retainKeys`. */
  'x-kubernetes-patch-strategy'?: string;
  /** Strategic merge patch: the field that identifies a list element (`name` for containers). */
  'x-kubernetes-patch-merge-key'?: string;
  /** Server-side apply: how a list merges. */
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  /** OpenAPI v2/v3 group-version-kind tag on top-level kinds. */
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
}

/** Shared named definitions, keyed by name (e.g. `io.k8s.api.core.v1.PodSpec`). */
export type Definitions = Record<string, Schema>;

const REF_PREFIXES = ['#/components/schemas/', '#/definitions/'];

/** Follows `$ref` chains; returns the schema itself when it has none, undefined if dangling. */
export function resolveSchema(schema: Schema | undefined, definitions: Definitions): Schema | undefined {
  let current = schema;
  for (let hops = 0; current?.$ref !== undefined && hops < 32; hops++) {
    const ref: string = current.$ref;
    const prefix = REF_PREFIXES.find((p) => ref.startsWith(p));
    current = prefix ? definitions[ref.slice(prefix.length)] : undefined;
  }
  return current;
}
