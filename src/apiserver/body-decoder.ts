// Request bodies → plain objects: size limit here, then the schema-aware decoder
// (src/api/schema/request-body.ts) with upstream's field validation: under Strict, unknown and
// duplicate fields are a 400 naming each; under Warn (the default) each becomes a Warning header.
// Custom resources are JSON or YAML only, checked against their CRD's schema.
import { builtinDefinitions } from '../api/schema/index.ts';
import { type BodySchema, decodeRequestBody as decodeBody } from '../api/schema/request-body.ts';
import { JSON_MEDIA_TYPE, YAML_MEDIA_TYPE } from '../machinery/codec/media-type.ts';
import type { ApiRequest } from './api-request.ts';
import { readBody } from './handlers/body.ts';
import type { RequestContext } from './registry/context.ts';
import type { ServedResource } from './registry/resource-table.ts';

const CUSTOM_MEDIA_TYPES = [JSON_MEDIA_TYPE, YAML_MEDIA_TYPE];

/** The body schema to check against: the CRD's for custom resources, the built-in one otherwise (default). */
export function customBodySchema(
  served: ServedResource,
): ((g: string, v: string, k: string) => BodySchema | undefined) | undefined {
  if (!served.custom) return undefined;
  return (_g, version) => {
    const schema = served.customSchemas?.[version];
    // The built-in definitions give the resource's metadata its ObjectMeta schema: unknown fields there are reported too.
    return schema ? { schema, definitions: builtinDefinitions(), rootIsResource: true } : undefined;
  };
}

export async function decodeRequestBody(
  _server: unknown,
  request: ApiRequest,
  served: ServedResource,
  version: string,
  ctx: RequestContext,
  kind = served.kind,
): Promise<unknown> {
  const bytes = await readBody(request);
  const schemaFor = customBodySchema(served);
  const decoded = decodeBody(bytes, request.headers.get('content-type') ?? undefined, {
    fieldValidation: ctx.fieldValidation,
    expected: { group: served.group, version, kind },
    ...(served.custom ? { mediaTypes: CUSTOM_MEDIA_TYPES } : {}),
    ...(schemaFor ? { schemaFor } : {}),
  });
  ctx.warnings.push(...decoded.warnings);
  return decoded.object;
}
