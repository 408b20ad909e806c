// The structural schema of what a resource serves at a version: built-in kinds from the
// derived definitions, custom resources from their CRD (set on the ServedResource).
import { builtinDefinitions, schemaForKind } from '../api/schema/index.ts';
import type { Definitions, Schema } from '../machinery/schema.ts';
import type { ServedResource } from './registry/resource-table.ts';

export interface ResourceSchema {
  schema: Schema;
  definitions: Definitions;
}

const NO_DEFINITIONS: Definitions = {};

export function schemaOf(served: ServedResource, version: string, kind = served.kind): ResourceSchema | undefined {
  if (served.custom) {
    const schema = served.customSchemas?.[version];
    return schema ? { schema, definitions: NO_DEFINITIONS } : undefined;
  }
  const schema = schemaForKind(served.group, version, kind);
  return schema ? { schema, definitions: builtinDefinitions() } : undefined;
}
