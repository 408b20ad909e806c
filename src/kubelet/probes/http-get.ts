// The HTTP GET that httpGet probes and lifecycle hooks send, with Go's net/http error texts
// (the kubelet's events quote them): `Get "http://…": dial tcp …: connect: connection refused`.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { HTTPHeader } from 'kubernetes-types/core/v1.js';

export interface HttpGetResult {
  ok: boolean;
  statusCode?: number;
  /** The first 10 KiB of the body (upstream reads at most that). */
  body?: string;
  /** The Go-style error when no answer came. */
  error?: string;
}

const MAX_BODY = 10 * 1024;

/** Go's dial error text for a Node.js socket error. */
export function dialError(err: NodeJS.ErrnoException, host: string, port: number): string {
  const addr = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  switch (err.code) {
    case 'ECONNREFUSED':
      return `dial tcp ${addr}: connect: connection refused`;
    case 'EHOSTUNREACH':
      return `dial tcp ${addr}: connect: no route to host`;
    case 'ENETUNREACH':
      return `dial tcp ${addr}: connect: network is unreachable`;
    case 'ECONNRESET':
      return `read tcp ${addr}: read: connection reset by peer`;
    default:
      return `dial tcp ${addr}: ${err.message}`;
  }
}

export function httpGet(
  scheme: 'HTTP' | 'HTTPS',
  host: string,
  port: number,
  path: string,
  headers: HTTPHeader[],
  timeoutMs: number,
  userAgent = 'kube-probe/1.32',
): Promise<HttpGetResult> {
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const url = `${scheme.toLowerCase()}://${hostPart}:${port}${path.startsWith('/') ? path : `/${path}`}`;
  const hdrs: Record<string, string> = { 'user-agent': userAgent, accept: '*/*' };
  for (const h of headers) hdrs[h.name.toLowerCase()] = h.value;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: HttpGetResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const send = scheme === 'HTTPS' ? httpsRequest : httpRequest;
    const req = send(
      url,
      { method: 'GET', headers: hdrs, rejectUnauthorized: false, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < MAX_BODY) chunks.push(c);
          size += c.length;
        });
        res.on('end', () => {
          const statusCode = res.statusCode ?? 0;
          finish({
            ok: statusCode >= 200 && statusCode < 400,
            statusCode,
            body: Buffer.concat(chunks).subarray(0, MAX_BODY).toString('utf8'),
          });
        });
        res.on('error', (err) => finish({ ok: false, error: `Get "${url}": ${err.message}` }));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      finish({
        ok: false,
        error: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
      });
    }, timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) =>
      finish({ ok: false, error: `Get "${url}": ${dialError(err, host, port)}` }),
    );
    req.end();
  });
}
