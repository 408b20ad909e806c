// The node:http(s) front of the API server: turns each IncomingMessage into an ApiRequest (body
// read up front when its length is declared and within the limit), calls the transport-agnostic
// handler, and writes the Response back (JSON bodies from the text the handler encoded, watch
// responses flushed chunk by chunk). Upgrades (exec, attach, port-forward) go to `onUpgrade`.
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { Readable } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { type ApiRequest, RawHeaders } from './api-request.ts';
import { MAX_REQUEST_BODY_BYTES } from './handlers/body.ts';
import { encodedText } from './handlers/response.ts';
import { plainParts } from './handlers/text-response.ts';

export type RequestHandler = (request: ApiRequest, peer: PeerInfo) => Promise<Response>;
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer, peer: PeerInfo) => void;

export interface PeerInfo {
  remoteAddress: string;
  /** The verified client certificate of a TLS connection, if any. */
  clientCertificate?: { subject: Record<string, string | string[]>; raw: Buffer };
}

export interface TlsOptions {
  cert: string;
  key: string;
  /** CA bundle used to verify client certificates (client certs are optional). */
  clientCA?: string;
}

function peerOf(req: IncomingMessage): PeerInfo {
  const peer: PeerInfo = { remoteAddress: req.socket.remoteAddress ?? '' };
  const tls = req.socket as TLSSocket;
  if (typeof tls.getPeerCertificate === 'function' && tls.authorized) {
    const cert = tls.getPeerCertificate();
    if (cert?.raw)
      peer.clientCertificate = {
        subject: cert.subject as unknown as Record<string, string | string[]>,
        raw: cert.raw,
      };
  }
  return peer;
}

class IncomingRequest implements ApiRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: RawHeaders;
  readonly body: ReadableStream<Uint8Array> | null;
  readonly bodyBytes?: Uint8Array;
  readonly parsedUrl: URL;

  constructor(req: IncomingMessage, url: string, parsedUrl: URL, bodyBytes: Uint8Array | undefined) {
    this.method = req.method ?? 'GET';
    this.url = url;
    this.parsedUrl = parsedUrl;
    this.headers = new RawHeaders(req.rawHeaders);
    if (bodyBytes) {
      this.bodyBytes = bodyBytes;
      this.body = null;
    } else if (hasBody(req)) this.body = Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>;
    else this.body = null;
  }
}

function hasBody(req: IncomingMessage): boolean {
  return req.method !== 'GET' && req.method !== 'HEAD';
}

/**
 * Whether the body is read up front: its length is declared and within the limit (larger or
 * chunked bodies stream, so that the limit is enforced while reading and a 413 is answered).
 */
function bodyIsBuffered(req: IncomingMessage): boolean {
  if (!hasBody(req)) return false;
  const declared = req.headers['content-length'];
  if (declared === undefined || req.headers['transfer-encoding'] !== undefined) return false;
  const length = Number(declared);
  return Number.isSafeInteger(length) && length >= 0 && length <= MAX_REQUEST_BODY_BYTES;
}

/** Reads the whole body; undefined if the client went away first. */
function readWhole(req: IncomingMessage): Promise<Uint8Array | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.byteLength;
    });
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.once('close', () => {
      if (!req.complete) resolve(undefined);
    });
    req.once('error', () => resolve(undefined));
  });
}

/**
 * A JSON answer as the handler built it: its header record written as the Headers path below
 * would write it (names in Headers' sorted order, then content-length), without a Headers object.
 */
function writePlain(
  parts: { status: number; headers: Record<string, string>; text: string },
  res: ServerResponse,
  head: boolean,
): void {
  const names = Object.keys(parts.headers);
  if (names.length > 1) names.sort();
  const headers: Record<string, string> = {};
  for (const name of names) headers[name] = parts.headers[name]!;
  if (!head) headers['content-length'] = String(Buffer.byteLength(parts.text));
  res.writeHead(parts.status, headers);
  if (head) res.end();
  else res.end(parts.text);
}

async function writeResponse(response: Response, res: ServerResponse, head: boolean): Promise<void> {
  const plain = plainParts(response);
  if (plain) {
    writePlain(plain, res, head);
    return;
  }
  // Taken before anything touches response.body (which would make a text response build a stream).
  const text = encodedText(response);
  const headers: Record<string, string | string[]> = {};
  let transferEncoding: string | undefined;
  response.headers.forEach((value, key) => {
    if (key === 'set-cookie') {
      const prev = headers[key];
      headers[key] = prev ? [...(Array.isArray(prev) ? prev : [prev]), value] : [value];
    } else if (key === 'warning') {
      // Node's fetch Headers joins repeated headers with ", ": split Warning values back apart.
      headers.warning = value.split(/,\s*(?=299 )/);
    } else if (key === 'transfer-encoding') transferEncoding = value;
    else headers[key] = value;
  });
  if (text !== undefined) {
    // The JSON text the handler encoded: written as is, without reading the Response's stream.
    if (!head) headers['content-length'] = String(Buffer.byteLength(text));
    res.writeHead(response.status, headers);
    if (head) res.end();
    else res.end(text);
    return;
  }
  if (!response.body || head) {
    res.writeHead(response.status, headers);
    res.end();
    return;
  }
  const streaming = transferEncoding === 'chunked';
  if (!streaming) {
    const body = Buffer.from(await response.arrayBuffer());
    headers['content-length'] = String(body.byteLength);
    res.writeHead(response.status, headers);
    res.end(body);
    return;
  }
  res.writeHead(response.status, headers);
  res.flushHeaders();
  const reader = response.body.getReader();
  res.on('close', () => {
    reader.cancel().catch(() => {});
  });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await new Promise<void>((resolve) => res.once('drain', resolve));
    }
  } catch {
    // the client went away
  }
  res.end();
}

/** Past this much unread body the connection is closed rather than drained. */
const MAX_DISCARDED_BODY_BYTES = 32 * 1024 * 1024;

/**
 * Reads and drops what the handler left of a request body (a 413 or 404 answered before the
 * upload ended), so that the client finishes sending and reads the answer instead of stalling
 * until a timeout; an endless upload gets its connection closed.
 */
function discardUnreadBody(req: IncomingMessage): void {
  if (req.complete || req.readableEnded || req.destroyed) return;
  req.removeAllListeners('data');
  let discarded = 0;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.byteLength;
    if (discarded > MAX_DISCARDED_BODY_BYTES) req.socket.destroy();
  });
  req.resume();
}

export interface HttpServerOptions {
  host: string;
  port: number;
  tls?: TlsOptions;
  handler: RequestHandler;
  onUpgrade?: UpgradeHandler;
}

export async function startHttpServer(
  options: HttpServerOptions,
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const scheme = options.tls ? 'https' : 'http';
  const serve = (req: IncomingMessage, res: ServerResponse, bodyBytes: Uint8Array | undefined) => {
    const url = `${scheme}://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`;
    // Parsed once here; the handler reads it from the request.
    const parsed = URL.parse(url);
    if (!parsed) {
      res.writeHead(400).end(`TypeError: Invalid URL: ${url}`);
      return;
    }
    options
      .handler(new IncomingRequest(req, url, parsed, bodyBytes), peerOf(req))
      .then((response) => {
        discardUnreadBody(req);
        return writeResponse(response, res, req.method === 'HEAD');
      })
      .catch((e) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(e));
      });
  };
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    if (!bodyIsBuffered(req)) {
      serve(req, res, undefined);
      return;
    }
    void readWhole(req).then((bytes) => {
      if (bytes) serve(req, res, bytes);
    });
  };
  const server: Server = options.tls
    ? createHttpsServer(
        {
          cert: options.tls.cert,
          key: options.tls.key,
          ...(options.tls.clientCA
            ? { ca: options.tls.clientCA, requestCert: true, rejectUnauthorized: false }
            : {}),
        },
        listener,
      )
    : createHttpServer(listener);
  server.keepAliveTimeout = 75_000;
  server.headersTimeout = 80_000;
  server.requestTimeout = 0;
  if (options.onUpgrade) {
    const onUpgrade = options.onUpgrade;
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      onUpgrade(req, socket, head, peerOf(req)),
    );
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
