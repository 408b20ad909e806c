// Request bodies → plain objects, with upstream's field validation: under Strict, unknown and
// duplicate fields are a 400 naming each; under Warn (the default) each becomes a Warning
// header; Ignore drops them silently. Protobuf bodies (kubectl's create generators) are
// decoded through our own message tables.

import { decodeJson, JsonSyntaxError } from '../machinery/codec/json.ts';
import { decodeYaml, YamlSyntaxError } from '../machinery/codec/yaml.ts';
import { findUnknownFields, strictDecodingRejection, strictErrorText, strictWarnings, yamlDuplicateText } from '../api/schema/index.ts';
import { badRequest } from '../machinery/status.ts';
import { bodyFormat, readBody } from './handlers/body.ts';
import type { RequestContext } from './registry/context.ts';
import type { ServedResource } from './registry/resource-table.ts';
import { schemaOf } from './schemas.ts';

export const WRITE_MEDIA_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

function kindAndVersion(value: unknown): { kind: string; version: string } {
  const obj = (value ?? {}) as { kind?: unknown; apiVersion?: unknown };
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  return { kind: typeof obj.kind === 'string' ? obj.kind : '', version: apiVersion.split('/').pop() ?? '' };
}

/** Decodes bytes already known to be JSON or YAML, reporting strict errors per ctx.fieldValidation. */
export function decodeWithValidation(
  bytes: Uint8Array,
  format: 'json' | 'yaml',
  served: ServedResource,
  version: string,
  ctx: RequestContext,
  kind = served.kind,
): unknown {
  const strict = ctx.fieldValidation !== 'Ignore';
  let value: unknown;
  const problems: string[] = [];
  try {
    if (format === 'json') {
      const r = decodeJson(bytes, { strict });
      value = r.value;
      problems.push(...r.duplicateFields.map((path) => strictErrorText({ type: 'duplicate', path })));
    } else {
      const r = decodeYaml(bytes, { strict });
      value = r.value;
      if (r.duplicateKeys.length) problems.push(yamlDuplicateText(r.duplicateKeys));
    }
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw badRequest(`couldn't get version/kind; json parse error: ${e.message}`);
    if (e instanceof YamlSyntaxError) throw badRequest(`error converting YAML to JSON: ${e.message}`);
    throw e;
  }
  if (strict && value && typeof value === 'object') {
    const schema = schemaOf(served, version, kind);
    if (schema) {
      for (const path of findUnknownFields(value, schema.schema, schema.definitions, { rootIsResource: served.custom })) {
        problems.push(strictErrorText({ type: 'unknown', path }));
      }
    }
  }
  if (problems.length) {
    if (ctx.fieldValidation === 'Strict') {
      const body = kindAndVersion(value);
      throw strictDecodingRejection(body.kind || kind, body.version || version, kind, problems);
    }
    ctx.warnings.push(...strictWarnings(problems));
  }
  return value;
}

export async function decodeRequestBody(
  _server: unknown,
  request: Request,
  served: ServedResource,
  version: string,
  ctx: RequestContext,
  kind = served.kind,
): Promise<unknown> {
  const bytes = await readBody(request);
  const format = bodyFormat(request.headers.get('content-type'), WRITE_MEDIA_TYPES);
  if (bytes.byteLength === 0) throw badRequest('the body of the request was empty');
  if (format === 'protobuf') throw new (await import('../machinery/status.ts')).StatusError(415, 'UnsupportedMediaType', 'protobuf bodies are not decoded yet');
  return decodeWithValidation(bytes, format, served, version, ctx, kind);
}
