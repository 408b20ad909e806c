// The network transport: a Fetch over undici connection pools configured from a
// ConnectionConfig (TLS CA, client certificate, bearer token or basic auth). Keep-alive pools
// serve thousands of requests a second; long-lived streams (watches, followed logs) get a pool
// of their own so they never starve ordinary requests of connections.
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { Agent, request } from 'undici';
import { bodyText, withBodyText } from './internal/buffered-bodies.ts';
import { type OpenStream, type SendText, withOpenStream, withSendText } from './internal/direct-transport.ts';
import { dispatchStream, dispatchText, type TextDispatch } from './internal/text-dispatch.ts';
import type { ConnectionConfig } from './kubeconfig.ts';
import type { Fetch } from './transport.ts';

export interface HttpTransportOptions {
  /** Connections per origin for ordinary requests (default 64). */
  connections?: number;
  /** Seconds a bearer token read from `tokenFile` is reused before reading the file again (client-go: 60). */
  tokenFileRefreshSeconds?: number;
}

/** A Fetch that can release its connections. */
export type ClosableFetch = Fetch & { close(): Promise<void> };

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

/**
 * Builds the network transport for a connection config.
 * Usage: `const fetch = fetchFromKubeconfig(loadKubeconfig(path)); new Client({ fetch, server: cfg.server })`.
 */
export function fetchFromKubeconfig(cfg: ConnectionConfig, o: HttpTransportOptions = {}): ClosableFetch {
  const connect: Record<string, unknown> = { rejectUnauthorized: !cfg.insecureSkipTLSVerify };
  if (cfg.ca) connect.ca = cfg.ca;
  if (cfg.cert) connect.cert = cfg.cert;
  if (cfg.key) connect.key = cfg.key;
  if (cfg.tlsServerName) connect.servername = cfg.tlsServerName;
  const requests = new Agent({ connect, connections: o.connections ?? 64, keepAliveTimeout: 30_000 });
  const streams = new Agent({ connect, bodyTimeout: 0, keepAliveTimeout: 30_000 });
  const authorization = authorizationHeader(cfg, (o.tokenFileRefreshSeconds ?? 60) * 1000);

  const fetch = async (req: Request): Promise<Response> => {
    const url = new URL(req.url);
    const q = url.searchParams;
    const streaming = q.get('watch') === 'true' || q.get('watch') === '1' || q.get('follow') === 'true';
    const headers: Record<string, string> = {};
    req.headers.forEach((v, k) => {
      headers[k] = v;
    });
    const auth = authorization();
    if (auth && !headers.authorization) headers.authorization = auth;
    const text = bodyText(req);
    const body = text !== undefined ? text : req.body ? Buffer.from(await req.arrayBuffer()) : null;
    const res = await request(url, {
      method: req.method as 'GET',
      headers,
      body,
      signal: req.signal,
      dispatcher: streaming ? streams : requests,
      // undici closes the connection after a DELETE (or GET) that carries a body unless told
      // not to: every pod deletion (a DeleteOptions body) cost a new TLS connection.
      ...(body ? { reset: false } : {}),
    });
    // The Request's signal follows the caller's only while the Request object lives (undici holds
    // its AbortController weakly): keep it reachable as long as the body, or a later abort of a
    // long watch is lost once the Request has been garbage collected.
    KEEP_ALIVE.set(res.body, req);
    const resHeaders = new Headers();
    for (const [k, v] of Object.entries(res.headers)) {
      if (Array.isArray(v)) for (const one of v) resHeaders.append(k, one);
      else if (v !== undefined) resHeaders.set(k, v);
    }
    if (NULL_BODY_STATUS.has(res.statusCode) || req.method === 'HEAD') {
      res.body.resume();
      return new Response(null, { status: res.statusCode, headers: resHeaders });
    }
    if (!streaming) {
      // An ordinary answer is read whole here, without the web stream adapter, and handed out
      // with its text for the client to take as is.
      const bytes = Buffer.from(await res.body.arrayBuffer());
      const response = new Response(bytes, { status: res.statusCode, headers: resHeaders });
      return isJson(resHeaders.get('content-type'))
        ? withBodyText(response, bytes.toString('utf8'))
        : response;
    }
    return new Response(Readable.toWeb(res.body) as ReadableStream<Uint8Array>, {
      status: res.statusCode,
      headers: resHeaders,
    });
  };
  /** Where a dispatched request goes, with its headers and the credentials' authorization. */
  const dispatchOf = (
    method: string,
    url: string,
    headers: Record<string, string>,
    signal: AbortSignal | undefined,
  ): TextDispatch => {
    const auth = authorization();
    const { origin, path } = originAndPath(url);
    return {
      origin,
      path,
      method,
      headers: auth && !headers.authorization ? { ...headers, authorization: auth } : headers,
      ...(signal ? { signal } : {}),
    };
  };
  const sendText: SendText = ({ method, url, headers, body, signal }) => {
    const r = dispatchOf(method, url, headers, signal);
    if (body !== undefined) r.body = body;
    return dispatchText(requests, r);
  };
  const openStream: OpenStream = ({ method, url, headers, signal }) =>
    dispatchStream(streams, dispatchOf(method, url, headers, signal));
  return withOpenStream(
    withSendText(
      Object.assign(fetch, {
        close: async () => {
          await Promise.all([requests.close(), streams.close()]);
        },
      }),
      sendText,
    ),
    openStream,
  );
}

const KEEP_ALIVE = new WeakMap<object, Request>();

// A path (and query) that URL parsing leaves as it is: no dot segments, nothing it would
// percent-encode or unescape, no fragment. The client's own paths (names, subresources,
// URLSearchParams-encoded queries) all are.
const PLAIN_PATH = /^(?:\/(?!\.)[\w\-.~:@!$&()*+,;=]+)*\/?(?:\?[\w\-.~%!$&()*+,;=:@/?]*)?$/;
let lastOrigin = '';

/**
 * A request URL's origin and path as `new URL` gives them; the URL is parsed only when its
 * origin is not the previous one or its path is not plain (a component sends thousands of
 * requests a second to one server, and parsing was ~1% of a hollow node process's CPU).
 */
export function originAndPath(url: string): { origin: string; path: string } {
  if (
    lastOrigin &&
    url.startsWith(lastOrigin) &&
    url.charCodeAt(lastOrigin.length) === 0x2f &&
    PLAIN_PATH.test(url.slice(lastOrigin.length))
  )
    return { origin: lastOrigin, path: url.slice(lastOrigin.length) };
  const target = new URL(url);
  if (target.origin !== 'null') lastOrigin = target.origin;
  return { origin: target.origin, path: `${target.pathname}${target.search}` };
}

function isJson(contentType: string | null): boolean {
  return contentType !== null && /^application\/json\s*(;|$)/i.test(contentType);
}

/** The Authorization header value, re-reading a token file when it may have rotated. */
function authorizationHeader(cfg: ConnectionConfig, refreshMs: number): () => string | undefined {
  if (cfg.token) return () => `Bearer ${cfg.token}`;
  if (cfg.tokenFile) {
    const file = cfg.tokenFile;
    let cached = '';
    let readAt = 0;
    return () => {
      if (!cached || Date.now() - readAt > refreshMs) {
        cached = readFileSync(file, 'utf8').trim();
        readAt = Date.now();
      }
      return `Bearer ${cached}`;
    };
  }
  if (cfg.username !== undefined && cfg.password !== undefined) {
    const basic = `Basic ${Buffer.from(`${cfg.username}:${cfg.password}`).toString('base64')}`;
    return () => basic;
  }
  return () => undefined;
}
