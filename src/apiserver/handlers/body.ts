// Reading request bodies with upstream's size limit (3 MiB → 413) and decoding them by
// content type (JSON, YAML, protobuf envelope) into plain objects.
import { parse as parseYaml } from 'yaml';
import { badRequest, requestEntityTooLarge, unsupportedMediaType } from '../../machinery/status.ts';
import type { ApiRequest } from '../api-request.ts';

export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;

export async function readBody(request: ApiRequest, limit = MAX_REQUEST_BODY_BYTES): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) throw requestEntityTooLarge(`Request entity too large: limit is ${limit}`);
  if (request.bodyBytes) {
    if (request.bodyBytes.byteLength > limit)
      throw requestEntityTooLarge(`Request entity too large: limit is ${limit}`);
    return request.bodyBytes;
  }
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Not cancelled (that would reset the connection): the HTTP layer drains the rest so the
      // client reads the 413.
      reader.releaseLock();
      throw requestEntityTooLarge(`Request entity too large: limit is ${limit}`);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

export type BodyFormat = 'json' | 'yaml' | 'protobuf';

/** The media type without parameters, lower-cased. */
export function mediaType(contentType: string | null): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

export function bodyFormat(contentType: string | null, accepted: readonly string[]): BodyFormat {
  const type = mediaType(contentType) || 'application/json';
  if (!accepted.includes(type)) {
    throw unsupportedMediaType(
      `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
    );
  }
  if (type.includes('yaml')) return 'yaml';
  if (type === 'application/vnd.kubernetes.protobuf') return 'protobuf';
  return 'json';
}

const decoder = new TextDecoder();

/** Plain JSON/YAML decode with upstream-like errors (strict duplicate detection is the codec's). */
export function decodeText(bytes: Uint8Array, format: 'json' | 'yaml'): unknown {
  const text = decoder.decode(bytes);
  if (format === 'yaml') {
    try {
      return parseYaml(text);
    } catch (e) {
      throw badRequest(`error converting YAML to JSON: ${(e as Error).message}`);
    }
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
  }
}
