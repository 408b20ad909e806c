// GET pods/log: `kubectl logs` (follow, previous, tail, since, timestamps, limit-bytes). The
// container is checked here, then the kubelet of the pod's node serves the log, streamed
// through as it comes; an error the kubelet answers becomes a Status (BadRequest with its text,
// as upstream's response checker turns it).
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { badRequest, methodNotAllowed, StatusError } from '../../machinery/status.ts';
import type { SubresourceRequest } from '../subresources/index.ts';
import { kubeletLocation, resolveContainer, type StreamingServer } from './pod-location.ts';

const LOG_OPTIONS = [
  'follow',
  'previous',
  'sinceSeconds',
  'sinceTime',
  'timestamps',
  'tailLines',
  'limitBytes',
];

function validateOptions(q: URLSearchParams): void {
  for (const name of ['sinceSeconds', 'tailLines', 'limitBytes']) {
    const v = q.get(name);
    if (v === null) continue;
    const n = Number(v);
    if (!Number.isInteger(n)) throw badRequest(`invalid value for ${name}: ${v}`);
    if (name === 'sinceSeconds' && n < 1)
      throw badRequest('sinceSeconds: Invalid value: must be greater than 0');
    if (name === 'limitBytes' && n < 1) throw badRequest('limitBytes: Invalid value: must be greater than 0');
    if (name === 'tailLines' && n < 0)
      throw badRequest('tailLines: Invalid value: must be greater than or equal to 0');
  }
  if (q.get('sinceSeconds') !== null && q.get('sinceTime') !== null)
    throw badRequest('at most one of `sinceTime` or `sinceSeconds` may be specified');
}

/** Maps a kubelet error answer to the Status upstream returns. */
function kubeletError(code: number, text: string): StatusError {
  const message =
    text.trim() || `the server responded with the status code ${code} but did not return more information`;
  if (code === 404) return new StatusError(404, 'NotFound', message);
  if (code >= 500) return new StatusError(500, 'InternalError', message);
  return new StatusError(400, 'BadRequest', message);
}

export async function servePodLog(r: SubresourceRequest): Promise<Response> {
  if (r.request.method !== 'GET')
    throw methodNotAllowed(`the server does not allow this method on the requested resource`);
  const q = r.url.searchParams;
  validateOptions(q);
  const location = await kubeletLocation(
    r.server as unknown as StreamingServer,
    r.info.namespace,
    r.info.name,
  );
  const container = resolveContainer(location.pod, q.get('container'));
  const query = new URLSearchParams();
  for (const name of LOG_OPTIONS) {
    const v = q.get(name);
    if (v !== null) query.set(name, v);
  }
  const path = `/containerLogs/${encodeURIComponent(r.info.namespace)}/${encodeURIComponent(r.info.name)}/${encodeURIComponent(container)}?${query}`;
  const upstream = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
    const req = request({ host: location.host, port: location.port, path, method: 'GET' }, resolve);
    req.on('error', (err) =>
      reject(
        new StatusError(
          500,
          'InternalError',
          `error trying to reach the kubelet of the pod's node: ${err.message}`,
        ),
      ),
    );
    req.end();
  });
  if (upstream.statusCode !== 200) {
    const chunks: Buffer[] = [];
    for await (const c of upstream) chunks.push(c as Buffer);
    throw kubeletError(upstream.statusCode ?? 500, Buffer.concat(chunks).toString('utf8'));
  }
  const body = Readable.toWeb(upstream) as unknown as ReadableStream<Uint8Array>;
  return new Response(body, {
    status: 200,
    headers: { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' },
  });
}
