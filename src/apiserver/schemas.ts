// The structural schema of what a resource serves at a version: built-in kinds from the
// derived definitions, custom resources from their CRD (set on the ServedResource).
import { builtinDefinitions, schemaForKind } from '../api/schema/index.ts';
import type { Definitions, Schema } from '../machinery/schema.ts';
import type { ServedResource } from './registry/resource-table.ts';

export interface ResourceSchema {
  schema: Schema;
  definitions: Definitions;
}

export function schemaOf(
  served: ServedResource,
  version: string,
  kind = served.kind,
): ResourceSchema | undefined {
  if (served.custom) {
    const schema = served.customSchemas?.[version];
    // The built-in definitions give the resource's metadata its ObjectMeta schema (unknown fields in it are reported).
    return schema ? { schema, definitions: builtinDefinitions() } : undefined;
  }
  const schema = schemaForKind(served.group, version, kind);
  return schema ? { schema, definitions: builtinDefinitions() } : undefined;
}
