// PATCH: JSON patch, JSON merge patch, strategic merge patch (built-in kinds only, as
// upstream: custom resources answer 415) and server-side apply, on the main resource and on
// the status and scale subresources. The patch is applied to the current object in the
// version the client asked for, inside the registry's compare-and-swap loop, so a concurrent
// writer means a retry on the fresh object, not a lost update.

import { checkPatchedObject, goPrintedMap } from '../api/schema/patch-check.ts';
import { strictPatchRejection } from '../api/schema/strict-errors.ts';
import type { KubeObject } from '../api/strategy.ts';
import { decodeJson, JsonSyntaxError } from '../machinery/codec/json.ts';
import { applyJsonPatch, jsonPatchUnknownFields, parseJsonPatch } from '../machinery/patch/json-patch.ts';
import { applyMergePatch } from '../machinery/patch/merge-patch.ts';
import { applyStrategicMergePatch } from '../machinery/patch/strategic-merge-patch.ts';
import { badRequest, invalid, notFound, unsupportedMediaType } from '../machinery/status.ts';
import type { ApiRequest } from './api-request.ts';
import { serverSideApply } from './apply-handler.ts';
import { mediaType, readBody } from './handlers/body.ts';
import { fromClient, toVersion } from './handlers/codec.ts';
import { parseBool } from './handlers/query.ts';
import { applyScale, SCALE_RESOURCE, scaleOf } from './handlers/scale.ts';
import type { RequestContext } from './registry/context.ts';
import type { GenericRegistry, UpdateResult } from './registry/generic-registry.ts';
import type { ServedResource } from './registry/resource-table.ts';
import type { ResourceRequestInfo } from './request-info.ts';
import { schemaOf } from './schemas.ts';

const JSON_PATCH = 'application/json-patch+json';
const MERGE_PATCH = 'application/merge-patch+json';
const STRATEGIC_PATCH = 'application/strategic-merge-patch+json';
const APPLY_PATCH = 'application/apply-patch+yaml';

interface PatchServer {
  registry(served: ServedResource): GenericRegistry;
}

function acceptedTypes(served: ServedResource): string[] {
  return served.custom
    ? [JSON_PATCH, MERGE_PATCH, APPLY_PATCH]
    : [JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH, APPLY_PATCH];
}

/**
 * Decodes a JSON, merge or strategic patch body with upstream's words for what it cannot read.
 * JSON and merge patches are first decoded strictly unless fieldValidation=Ignore (the default is
 * Warn), whose failures read `error decoding patch: …`; otherwise jsonpatch reports them itself
 * (a merge patch as `Invalid JSON Patch`). Strategic merge patches report the decoder's error bare.
 */
function decodePatchJson(
  bytes: Uint8Array,
  type: string,
  strict: boolean,
): { value: unknown; duplicateFields: string[] } {
  let decoded: { value: unknown; duplicateFields: string[] };
  try {
    decoded = decodeJson(bytes, { strict });
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    if (type === STRATEGIC_PATCH) throw badRequest(e.message);
    if (strict) throw badRequest(`error decoding patch: ${e.message}`);
    throw badRequest(type === MERGE_PATCH ? 'Invalid JSON Patch' : e.message);
  }
  const shape = strict ? strictShapeError(type, decoded.value) : undefined;
  if (shape) throw badRequest(`error decoding patch: ${shape}`);
  return decoded;
}

const goJsonKind = (v: unknown) =>
  Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v;

/** Go's error for a JSON or merge patch of the wrong shape, decoded into upstream's types. */
function strictShapeError(type: string, body: unknown): string | undefined {
  if (body === null) return undefined;
  if (type === JSON_PATCH) {
    if (!Array.isArray(body))
      return `json: cannot unmarshal ${goJsonKind(body)} into Go value of type []handlers.jsonPatchOp`;
    const bad = body.find((op) => op !== null && (typeof op !== 'object' || Array.isArray(op)));
    if (bad !== undefined)
      return `json: cannot unmarshal ${goJsonKind(bad)} into Go value of type handlers.jsonPatchOp`;
  } else if (type === MERGE_PATCH && (typeof body !== 'object' || Array.isArray(body))) {
    return `json: cannot unmarshal ${goJsonKind(body)} into Go value of type map[string]interface {}`;
  }
  return undefined;
}

function patchOptionsInvalid(
  field: string,
  type: 'FieldValueRequired' | 'FieldValueForbidden',
  detail: string,
) {
  return invalid('PatchOptions', 'meta.k8s.io', '', [{ type, field, detail }]);
}

export async function patchResource(
  server: PatchServer,
  request: ApiRequest,
  served: ServedResource,
  info: ResourceRequestInfo,
  ctx: RequestContext,
  url: URL,
): Promise<UpdateResult> {
  const type = mediaType(request.headers.get('content-type'));
  const accepted = acceptedTypes(served);
  if (!accepted.includes(type)) {
    throw unsupportedMediaType(
      `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
    );
  }
  const force = parseBool(url.searchParams, 'force');
  if (type !== APPLY_PATCH && force !== undefined) {
    throw patchOptionsInvalid('force', 'FieldValueForbidden', 'may not be specified for non-apply patch');
  }
  const bytes = await readBody(request);
  const registry = server.registry(served);
  const ns = served.namespaced ? info.namespace : '';
  const version = info.version;

  if (type === APPLY_PATCH) {
    if (!url.searchParams.get('fieldManager')) {
      throw patchOptionsInvalid('fieldManager', 'FieldValueRequired', 'is required for apply patch');
    }
    return serverSideApply({ registry, served, info, ctx, bytes, force: force === true });
  }

  const { value: body, duplicateFields } = decodePatchJson(bytes, type, ctx.fieldValidation !== 'Ignore');
  const ops = type === JSON_PATCH ? parseJsonPatch(body) : undefined;
  if (ops && ctx.fieldValidation !== 'Ignore') {
    const unknown = jsonPatchUnknownFields(ops);
    if (unknown.length && ctx.fieldValidation === 'Strict')
      throw strictPatchRejection(JSON.stringify(body), unknown);
    ctx.warnings.push(...unknown);
  }
  const scale = info.subresource === 'scale' ? served.strategy.subresources?.scale : undefined;
  const view: ServedResource = scale ? SCALE_RESOURCE : served;
  const viewVersion = scale ? 'v1' : version;
  const schema = schemaOf(view, viewVersion);

  const patchOne = (current: KubeObject): KubeObject => {
    const doc = scale ? scaleOf(current, scale) : toVersion(current, served, version);
    let patched: unknown;
    if (type === JSON_PATCH) patched = applyJsonPatch(doc, ops!);
    else if (type === MERGE_PATCH) patched = applyMergePatch(doc, body);
    else patched = applyStrategicMergePatch(doc, body, schema?.schema, schema?.definitions);
    if (patched && typeof patched === 'object' && !Array.isArray(patched)) {
      const { warnings } = checkPatchedObject(patched as KubeObject, {
        fieldValidation: ctx.fieldValidation,
        ...(schema
          ? {
              bodySchema: {
                schema: schema.schema,
                definitions: schema.definitions,
                rootIsResource: view.custom,
                dropsUnknown: !view.custom,
              },
            }
          : {}),
        patchDuplicates: duplicateFields,
        shownValue: () => (type === STRATEGIC_PATCH ? goPrintedMap(body) : JSON.stringify(patched)),
      });
      ctx.warnings.push(...warnings);
    }
    if (scale) return applyScale(current, scale, fromClient(patched, SCALE_RESOURCE, 'v1'), info.name);
    return fromClient(patched, served, version);
  };

  return registry.guaranteedUpdate(
    ns,
    info.name,
    (current) => {
      if (!current) throw notFound({ group: served.group, resource: served.resource }, info.name);
      return patchOne(current);
    },
    ctx,
    {
      subresource: info.subresource === 'scale' ? '' : info.subresource,
      // Patches build a new object, never changing `current`; a built-in kind's status write
      // then takes its spec from the stored object: the current spec need not be copied.
      ...(info.subresource === 'status' && !served.custom ? { specWrites: 'none' as const } : {}),
    },
  );
}
