// The HTTP answers for /openapi/v2, /openapi/v3 and /openapi/v3/<path>, as kube-openapi's
// handlers give them: a quoted ETag of the document's hash, 304 for a matching If-None-Match,
// 301 to the current URL when `?hash=` is stale, and long-lived caching when it is current.
// Pure: the API server copies status, headers and body onto its response.
import { parseAccept } from '../../machinery/codec/media-type.ts';
import type { OpenAPIService, ServedDocument } from './service.ts';
import { OPENAPI_V2_PROTOBUF, OPENAPI_V2_PROTOBUF_SUBTYPES } from './v2-protobuf.ts';

export interface OpenAPIRequest {
  /** URL path, e.g. `/openapi/v3/apis/apps/v1`. */
  path: string;
  /** The `hash` query parameter, if any. */
  hash?: string | null;
  accept?: string;
  ifNoneMatch?: string;
  /** For the Expires header of immutable answers. */
  now: Date;
}

export interface OpenAPIAnswer {
  status: number;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

function acceptsJson(accept: string | undefined): boolean {
  const clauses = parseAccept(accept?.trim() ? accept : '*/*');
  return clauses.some(
    (c) => (c.type === 'application' || c.type === '*') && (c.subtype === 'json' || c.subtype === '*'),
  );
}

/**
 * /openapi/v2 in the first form the sorted Accept clauses allow: JSON, or gnostic's protobuf
 * (either spelling of its subtype); undefined when none (406).
 */
function v2Format(accept: string | undefined): 'json' | 'protobuf' | undefined {
  for (const c of parseAccept(accept?.trim() ? accept : '*/*')) {
    if (c.type !== 'application' && c.type !== '*') continue;
    if (c.subtype === 'json' || c.subtype === '*') return 'json';
    if (OPENAPI_V2_PROTOBUF_SUBTYPES.includes(c.subtype)) return 'protobuf';
  }
  return undefined;
}

function content(
  doc: ServedDocument,
  request: OpenAPIRequest,
  extra: Record<string, string> = {},
  body: { contentType: string; bytes: string | Uint8Array } = {
    contentType: 'application/json',
    bytes: doc.json,
  },
): OpenAPIAnswer {
  const etag = `"${doc.hash}"`;
  const headers = { 'Content-Type': body.contentType, Etag: etag, ...extra };
  if (request.ifNoneMatch?.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*'))
    return { status: 304, headers };
  return { status: 200, headers, body: body.bytes };
}

/** Answers an OpenAPI request, or undefined when the path is not an OpenAPI path. */
export function answerOpenAPI(service: OpenAPIService, request: OpenAPIRequest): OpenAPIAnswer | undefined {
  const path = request.path.replace(/\/+$/, '');
  if (path === '/openapi/v2') {
    const format = v2Format(request.accept);
    if (!format) return { status: 406, headers: { Vary: 'Accept' } };
    const doc = service.v2Document();
    // One ETag for both forms (they are the same document), as kube-openapi does; Vary tells caches apart.
    if (format === 'json') return content(doc, request, { Vary: 'Accept' });
    return content(
      doc,
      request,
      { Vary: 'Accept' },
      { contentType: OPENAPI_V2_PROTOBUF, bytes: service.v2Protobuf() },
    );
  }
  if (path === '/openapi/v3') return content(service.v3Index(), request);
  if (!path.startsWith('/openapi/v3/')) return undefined;
  const docPath = path.slice('/openapi/v3/'.length);
  const doc = service.v3Document(docPath);
  if (!doc)
    return {
      status: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      body: '404 page not found\n',
    };
  if (!acceptsJson(request.accept)) return { status: 406, headers: { Vary: 'Accept' } };
  if (request.hash) {
    if (request.hash !== doc.hash) {
      return {
        status: 301,
        headers: {
          Location: `/openapi/v3/${docPath}?hash=${doc.hash}`,
          Vary: 'Accept',
          Etag: `"${doc.hash}"`,
        },
      };
    }
    const expires = new Date(request.now.getTime() + 365 * 24 * 3600 * 1000)
      .toUTCString()
      .replace(/ GMT$/, ' UTC');
    return content(doc, request, { Vary: 'Accept', 'Cache-Control': 'public, immutable', Expires: expires });
  }
  return content(doc, request, { Vary: 'Accept' });
}
