// The kubelet's own HTTP server (port 10250 by default): what the API server proxies
// pods/log, pods/exec, pods/attach and pods/portforward to, plus /healthz, /pods and
// /stats/summary. Streams come from the runtime (CRI Exec/Attach/PortForward URLs and its log
// files); the WebSocket protocols towards kubectl are in ../streaming.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { WebSocketServer } from 'ws';
import type { CriClient } from '../cri/cri-client.ts';
import { errorText, type Log } from '../internal/log.ts';
import { POD_UID_LABEL } from '../pod/labels.ts';
import {
  chooseProtocol,
  PORT_FORWARD_TUNNEL_PROTOCOL,
  REMOTE_COMMAND_PROTOCOLS,
} from '../streaming/channels.ts';
import { bridgePortForward } from '../streaming/port-forward.ts';
import { bridgeRemoteCommand, streamOptionsFromQuery } from '../streaming/remote-command.ts';
import { upgradeToSpdy } from '../streaming/spdy/upgrade.ts';
import { logContainerId, logOptionsFromQuery, streamContainerLog } from './container-logs.ts';
import { CpuRates, statsSummary } from './stats-summary.ts';

export interface KubeletServerOptions {
  host: string;
  port: number;
  cri: CriClient;
  log: Log;
  nodeName: string;
  /** The pod the kubelet runs under this namespace/name (API or static pod). */
  podByName: (namespace: string, name: string) => Pod | undefined;
  pods: () => Pod[];
  /** The pod with the status the kubelet last computed for it (a static pod has no other). */
  podStatus: (pod: Pod) => Pod;
}

const TUNNEL = Symbol('port-forward tunnel protocol');

class HttpError extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

/** Upstream kubelet's error answers are plain text. */
function sendError(res: ServerResponse, err: unknown): void {
  const code = err instanceof HttpError ? err.code : 500;
  if (!res.headersSent) res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(errorText(err));
}

function rejectUpgrade(socket: Duplex, err: unknown): void {
  const code = err instanceof HttpError ? err.code : 500;
  const body = errorText(err);
  socket.end(
    `HTTP/1.1 ${code} ${code === 404 ? 'Not Found' : code === 400 ? 'Bad Request' : 'Internal Server Error'}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/**
 * A client speaking SPDY itself (kubectl's fallback, older clients): the runtime's stream server
 * speaks the same protocols, so after its 101 the bytes are relayed as they are.
 */
async function relaySpdy(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  runtimeUrl: string,
): Promise<void> {
  const offered = String(req.headers['x-stream-protocol-version'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const upstream = await upgradeToSpdy(runtimeUrl, offered);
  socket.write(
    `HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${upstream.protocol}\r\n\r\n`,
  );
  if (upstream.head.length) socket.write(upstream.head);
  if (head.length) upstream.socket.write(head);
  upstream.socket.pipe(socket);
  socket.pipe(upstream.socket);
  upstream.socket.on('close', () => socket.destroy());
  upstream.socket.on('error', () => socket.destroy());
  socket.on('close', () => upstream.socket.destroy());
  socket.on('error', () => upstream.socket.destroy());
}

export class KubeletServer {
  readonly #o: KubeletServerOptions;
  readonly #server: Server;
  readonly #wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (offered) => chooseProtocol(offered, REMOTE_COMMAND_PROTOCOLS) ?? false,
  });
  readonly #rates = new CpuRates();
  readonly #startTime = new Date().toISOString();
  port = 0;

  constructor(o: KubeletServerOptions) {
    this.#o = o;
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((err) => sendError(res, err));
    });
    // `SPDY/3.1+portforward.k8s.io` is not an RFC 6455 token ('/' and '+'), so `ws` would refuse
    // it: the protocol is taken off the request before the handshake and put back on the answer.
    this.#wss.on('headers', (headers, req) => {
      const tunnel = (req as IncomingMessage & { [TUNNEL]?: string })[TUNNEL];
      if (tunnel) headers.push(`Sec-WebSocket-Protocol: ${tunnel}`);
    });
    this.#server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.#upgrade(req, socket, head).catch((err) => rejectUpgrade(socket, err));
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.#o.port, this.#o.host, () => resolve());
    });
    const address = this.#server.address();
    this.port = typeof address === 'object' && address ? address.port : this.#o.port;
    return this.port;
  }

  async close(): Promise<void> {
    for (const ws of this.#wss.clients) ws.terminate();
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  #pod(namespace: string | undefined, name: string | undefined): Pod {
    const pod =
      namespace && name
        ? this.#o.podByName(decodeURIComponent(namespace), decodeURIComponent(name))
        : undefined;
    if (!pod) throw new HttpError(404, 'pod does not exist');
    return pod;
  }

  /** The newest runtime container of that name in the pod (`previous`: the one before it). */
  async #container(pod: Pod, name: string | undefined, previous = false) {
    if (!name) throw new HttpError(400, 'container name is required');
    const containers = await this.#o.cri.listContainers({
      labelSelector: {
        [POD_UID_LABEL]: pod.metadata?.uid ?? '',
        'io.kubernetes.container.name': decodeURIComponent(name),
      },
    });
    const sorted = containers.sort((a, b) => b.createdAt - a.createdAt);
    const found = sorted[previous ? 1 : 0];
    if (!found) {
      if (previous)
        throw new HttpError(
          400,
          `previous terminated container "${name}" in pod "${pod.metadata?.name}" not found`,
        );
      throw new HttpError(404, `container not found ("${name}")`);
    }
    return found;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://kubelet');
    const parts = url.pathname.split('/').filter(Boolean);
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'method not allowed');
    switch (parts[0]) {
      case 'healthz':
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        return;
      case 'pods':
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: this.#o.pods() }));
        return;
      case 'stats':
        if (parts[1] !== 'summary') throw new HttpError(404, 'not found');
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(
            JSON.stringify(await statsSummary(this.#o.cri, this.#o.nodeName, this.#startTime, this.#rates)),
          );
        return;
      case 'containerLogs': {
        const pod = this.#pod(parts[1], parts[2]);
        const options = logOptionsFromQuery(url.searchParams);
        let containerId: string;
        try {
          containerId = logContainerId(
            this.#o.podStatus(pod),
            decodeURIComponent(parts[3] ?? ''),
            options.previous,
          );
        } catch (err) {
          throw new HttpError(400, errorText(err));
        }
        const status = (await this.#o.cri.containerStatus(containerId).catch(() => undefined))?.status;
        if (!status?.logPath) throw new HttpError(404, `no log for container "${parts[3]}"`);
        res.writeHead(200, { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' });
        const abort = new AbortController();
        res.on('close', () => abort.abort());
        await streamContainerLog(this.#o.cri, containerId, status.logPath, options, res, abort.signal);
        res.end();
        return;
      }
      default:
        throw new HttpError(404, 'not found');
    }
  }

  async #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://kubelet');
    const parts = url.pathname.split('/').filter(Boolean);
    const pod = this.#pod(parts[1], parts[2]);
    let runtimeUrl: string;
    let run: (ws: import('ws').WebSocket) => Promise<void>;
    switch (parts[0]) {
      case 'exec':
      case 'attach': {
        const container = await this.#container(pod, parts[3]);
        if (container.state !== 'CONTAINER_RUNNING')
          throw new HttpError(400, `container ${parts[3]} is not running`);
        const o = streamOptionsFromQuery(url.searchParams);
        const command = url.searchParams.getAll('command');
        if (parts[0] === 'exec' && command.length === 0)
          throw new HttpError(400, 'you must specify at least one command for the container');
        runtimeUrl =
          parts[0] === 'exec'
            ? await this.#o.cri.exec({ containerId: container.id, cmd: command, ...o })
            : await this.#o.cri.attach({ containerId: container.id, ...o });
        run = (ws) => bridgeRemoteCommand(ws, runtimeUrl, o);
        break;
      }
      case 'portForward': {
        const sandboxes = await this.#o.cri.listPodSandbox({
          labelSelector: { [POD_UID_LABEL]: pod.metadata?.uid ?? '' },
          state: { state: 'SANDBOX_READY' },
        });
        const sandbox = sandboxes[0];
        if (!sandbox) throw new HttpError(400, `pod ${pod.metadata?.name} has no running sandbox`);
        const ports = url.searchParams
          .getAll('port')
          .map(Number)
          .filter((p) => p > 0);
        const offered = String(req.headers['sec-websocket-protocol'] ?? '')
          .split(',')
          .map((p) => p.trim());
        const spdy = (req.headers.upgrade ?? '').toLowerCase() === 'spdy/3.1';
        if (!spdy && !offered.includes(PORT_FORWARD_TUNNEL_PROTOCOL))
          throw new HttpError(
            400,
            `port-forward needs the ${PORT_FORWARD_TUNNEL_PROTOCOL} WebSocket subprotocol`,
          );
        delete req.headers['sec-websocket-protocol'];
        if (!spdy) (req as IncomingMessage & { [TUNNEL]?: string })[TUNNEL] = PORT_FORWARD_TUNNEL_PROTOCOL;
        runtimeUrl = await this.#o.cri.portForward(sandbox.id, ports);
        run = (ws) => bridgePortForward(ws, runtimeUrl);
        break;
      }
      default:
        throw new HttpError(404, 'not found');
    }
    if ((req.headers.upgrade ?? '').toLowerCase() === 'spdy/3.1') {
      await relaySpdy(req, socket, head, runtimeUrl);
      return;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      run(ws).catch((err) => {
        this.#o.log.warn({ err: errorText(err) }, `${parts[0]} stream failed`);
        ws.terminate();
      });
    });
  }
}
