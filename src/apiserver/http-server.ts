// The node:http(s) front of the API server: turns each IncomingMessage into a web Request,
// calls the transport-agnostic handler, and streams the Response back (watch responses are
// flushed chunk by chunk). Upgrades (exec, attach, port-forward) go to `onUpgrade`.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { Readable } from 'node:stream';
import type { TLSSocket } from 'node:tls';

export type RequestHandler = (request: Request, peer: PeerInfo) => Promise<Response>;
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
    if (cert?.raw) peer.clientCertificate = { subject: cert.subject as unknown as Record<string, string | string[]>, raw: cert.raw };
  }
  return peer;
}

function toRequest(req: IncomingMessage, scheme: string): Request {
  const url = `${scheme}://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`;
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const init: RequestInit & { duplex?: 'half' } = { method: req.method ?? 'GET', headers };
  if (hasBody) {
    init.body = Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>;
    init.duplex = 'half';
  }
  return new Request(url, init);
}

async function writeResponse(response: Response, res: ServerResponse, head: boolean): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    if (key === 'set-cookie' || key === 'warning') {
      const prev = headers[key];
      headers[key] = prev ? [...(Array.isArray(prev) ? prev : [prev]), value] : [value];
    } else headers[key] = value;
  });
  // Node's fetch Headers joins repeated headers with ", ": split Warning values back apart.
  const warning = response.headers.get('warning');
  if (warning) headers.warning = warning.split(/,\s*(?=299 )/);
  delete headers['transfer-encoding'];
  if (!response.body || head) {
    res.writeHead(response.status, headers);
    res.end();
    return;
  }
  const streaming = response.headers.get('transfer-encoding') === 'chunked';
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

export async function startHttpServer(options: HttpServerOptions): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const scheme = options.tls ? 'https' : 'http';
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    let request: Request;
    try {
      request = toRequest(req, scheme);
    } catch (e) {
      res.writeHead(400).end(String(e));
      return;
    }
    options
      .handler(request, peerOf(req))
      .then((response) => {
        discardUnreadBody(req);
        return writeResponse(response, res, req.method === 'HEAD');
      })
      .catch((e) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(e));
      });
  };
  const server: Server = options.tls
    ? createHttpsServer(
        {
          cert: options.tls.cert,
          key: options.tls.key,
          ...(options.tls.clientCA ? { ca: options.tls.clientCA, requestCert: true, rejectUnauthorized: false } : {}),
        },
        listener,
      )
    : createHttpServer(listener);
  server.keepAliveTimeout = 75_000;
  server.headersTimeout = 80_000;
  server.requestTimeout = 0;
  if (options.onUpgrade) {
    const onUpgrade = options.onUpgrade;
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => onUpgrade(req, socket, head, peerOf(req)));
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
