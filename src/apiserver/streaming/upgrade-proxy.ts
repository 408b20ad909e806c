// pods/exec, pods/attach and pods/portforward: kubectl opens a WebSocket (v5.channel.k8s.io,
// or SPDY/3.1+portforward.k8s.io for port-forward) to the API server — older clients a SPDY/3.1
// upgrade; after authentication,
// authorization (`create` on the subresource, as upstream requires for WebSocket upgrades) and
// the pod/container checks, the upgrade request is passed to the kubelet of the pod's node and
// the connection relayed byte for byte — the kubelet answers the handshake and speaks the
// channel protocol. Errors before that are answered as HTTP Status responses.
import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { badRequest, forbidden, isStatusError, notFound, StatusError } from '../../machinery/status.ts';
import type { ApiRequest } from '../api-request.ts';
import type { UserInfo } from '../registry/context.ts';
import type { RequestInfo } from '../request-info.ts';
import { parseRequestInfo } from '../request-info.ts';
import { kubeletLocation, resolveContainer, type StreamingServer } from './pod-location.ts';

export interface UpgradeDeps {
  server: StreamingServer;
  authenticate(request: ApiRequest): Promise<UserInfo>;
  authorize?(user: UserInfo, info: RequestInfo): Promise<{ allowed: boolean; reason?: string }>;
}

const KUBELET_PATHS: Record<string, string> = { exec: 'exec', attach: 'attach', portforward: 'portForward' };

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2)
    headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  return headers;
}

function statusText(code: number): string {
  return (
    {
      400: 'Bad Request',
      401: 'Unauthorized',
      403: 'Forbidden',
      404: 'Not Found',
      500: 'Internal Server Error',
    }[code] ?? 'Error'
  );
}

function respondError(socket: Duplex, err: unknown): void {
  const status = isStatusError(err)
    ? err.toStatus()
    : new StatusError(500, 'InternalError', err instanceof Error ? err.message : String(err)).toStatus();
  const body = JSON.stringify(status);
  socket.end(
    `HTTP/1.1 ${status.code} ${statusText(status.code ?? 500)}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** The kubelet path for a pod streaming request, or undefined when it is not one. */
export function kubeletPath(
  url: URL,
  container: string | undefined,
  info: { namespace: string; name: string; subresource: string },
): string {
  const target = KUBELET_PATHS[info.subresource]!;
  const ns = encodeURIComponent(info.namespace);
  const name = encodeURIComponent(info.name);
  const query = new URLSearchParams(url.searchParams);
  query.delete('container');
  const q = query.toString();
  const base = container
    ? `/${target}/${ns}/${name}/${encodeURIComponent(container)}`
    : `/${target}/${ns}/${name}`;
  return q ? `${base}?${q}` : base;
}

export async function proxyUpgrade(
  deps: UpgradeDeps,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): Promise<void> {
  socket.on('error', () => socket.destroy());
  try {
    const url = new URL(req.url ?? '/', 'http://apiserver');
    // Authorized as `create`, whatever method the WebSocket handshake used.
    const info = parseRequestInfo('POST', url);
    if (
      !info.isResourceRequest ||
      info.group !== '' ||
      info.resource !== 'pods' ||
      !info.name ||
      !(info.subresource in KUBELET_PATHS)
    )
      throw notFound({ group: '', resource: '' }, '');
    const upgrade = (req.headers.upgrade ?? '').toLowerCase();
    if (upgrade !== 'websocket' && upgrade !== 'spdy/3.1')
      throw badRequest(`upgrade to ${req.headers.upgrade} is not supported`);
    const headers = headersOf(req);
    const user = await deps.authenticate(new Request(url, { method: 'POST', headers }));
    if (deps.authorize) {
      const decision = await deps.authorize(user, info);
      if (!decision.allowed)
        throw forbidden(
          { group: '', resource: 'pods' },
          info.name,
          `User "${user.username}" cannot create resource "pods/${info.subresource}" in API group "" in the namespace "${info.namespace}"${decision.reason ? `: ${decision.reason}` : ''}`,
        );
    }
    const location = await kubeletLocation(deps.server, info.namespace, info.name);
    const container =
      info.subresource === 'portforward'
        ? undefined
        : resolveContainer(location.pod, url.searchParams.get('container'));
    const path = kubeletPath(url, container, info);

    const upstream = connect(location.port, location.host);
    upstream.setNoDelay(true);
    await new Promise<void>((resolve, reject) => {
      upstream.once('connect', resolve);
      upstream.once('error', (err) =>
        reject(new StatusError(500, 'InternalError', `error dialing backend: ${err.message}`)),
      );
    });
    const lines = [`${req.method ?? 'GET'} ${path} HTTP/1.1`, `host: ${location.host}:${location.port}`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i]!;
      if (['host', 'authorization'].includes(name.toLowerCase())) continue;
      lines.push(`${name}: ${req.rawHeaders[i + 1]}`);
    }
    upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head.length) upstream.write(head);
    upstream.pipe(socket);
    socket.pipe(upstream);
    upstream.on('error', () => socket.destroy());
    upstream.on('close', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
  } catch (err) {
    respondError(socket, err);
  }
}
