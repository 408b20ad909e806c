// Runs one probe once (upstream's prober): exec in the container, HTTP GET, TCP connect or the
// gRPC health check, against the pod IP unless the probe names a host — and only when that
// address is this node's pod network, its own or loopback. The output is what upstream puts
// after "Liveness probe failed: " in its Unhealthy event.
import { Socket } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import type { Container, Probe } from 'kubernetes-types/core/v1.js';
import type { CriClient } from '../cri/cri-client.ts';
import { isDeadlineExceeded } from '../cri/cri-error.ts';
import { errorText } from '../internal/log.ts';
import { resolvePort } from '../lifecycle/hooks.ts';
import { dialError, httpGet } from './http-get.ts';
import { allowedTarget, refusedTargetMessage, type TargetPolicy } from './network-target.ts';

export type ProbeResult = 'success' | 'failure';

export interface ProbeOutcome {
  result: ProbeResult;
  output: string;
}

export interface ProbeTarget {
  cri: CriClient;
  container: Container;
  containerId: string;
  podIP: string;
  policy: TargetPolicy;
}

const success = (output = ''): ProbeOutcome => ({ result: 'success', output });
const failure = (output: string): ProbeOutcome => ({ result: 'failure', output });

async function execProbe(t: ProbeTarget, command: string[], timeoutSeconds: number): Promise<ProbeOutcome> {
  try {
    const r = await t.cri.execSync(t.containerId, command, timeoutSeconds);
    const output = Buffer.concat([r.stdout, r.stderr]).toString('utf8');
    return r.exitCode === 0 ? success(output) : failure(output);
  } catch (err) {
    if (isDeadlineExceeded(err) || /timeout|deadline/i.test(errorText(err)))
      return failure(`command ${JSON.stringify(command.join(' '))} timed out`);
    throw err;
  }
}

function tcpProbe(host: string, port: number, timeoutMs: number): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(failure(`dial tcp ${host}:${port}: i/o timeout`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(success());
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(failure(dialError(err, host, port)));
    });
    socket.connect(port, host);
  });
}

/** grpc.health.v1 HealthCheckRequest { string service = 1; }. */
function encodeHealthRequest(service: string): Buffer {
  const s = Buffer.from(service, 'utf8');
  return s.length ? Buffer.concat([Buffer.from([0x0a, s.length]), s]) : Buffer.alloc(0);
}

/** HealthCheckResponse { ServingStatus status = 1; } → the status number (0 when absent). */
function decodeHealthStatus(data: Buffer): number {
  return data.length >= 2 && data[0] === 0x08 ? data[1]! : 0;
}

const SERVING_STATUS = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'];

function grpcProbe(host: string, port: number, service: string, timeoutMs: number): Promise<ProbeOutcome> {
  const target = `${host}:${port}`;
  const client = new grpc.Client(target, grpc.credentials.createInsecure());
  return new Promise((resolve) => {
    const done = (o: ProbeOutcome) => {
      client.close();
      resolve(o);
    };
    client.waitForReady(Date.now() + timeoutMs, (err) => {
      if (err)
        return done(failure(`timeout: failed to connect service "${target}" within ${timeoutMs / 1000}s`));
      client.makeUnaryRequest(
        '/grpc.health.v1.Health/Check',
        (arg: Buffer) => arg,
        (buf: Buffer) => buf,
        encodeHealthRequest(service),
        { deadline: Date.now() + timeoutMs },
        (callErr, res) => {
          if (callErr) {
            if (callErr.code === grpc.status.DEADLINE_EXCEEDED)
              return done(failure(`timeout: health rpc did not complete within ${timeoutMs / 1000}s`));
            return done(failure(`rpc error: code = ${grpc.status[callErr.code]} desc = ${callErr.details}`));
          }
          const status = decodeHealthStatus(res ?? Buffer.alloc(0));
          if (status === 1) return done(success());
          done(failure(`service unhealthy (responded with "${SERVING_STATUS[status] ?? status}")`));
        },
      );
    });
  });
}

export async function runProbe(t: ProbeTarget, probe: Probe): Promise<ProbeOutcome> {
  const timeoutSeconds = probe.timeoutSeconds ?? 1;
  const timeoutMs = timeoutSeconds * 1000;
  if (probe.exec) return execProbe(t, probe.exec.command ?? [], timeoutSeconds);
  const spec = probe.httpGet ?? probe.tcpSocket ?? probe.grpc;
  if (!spec) return failure('missing probe handler');
  const host = ('host' in spec && spec.host) || t.podIP;
  if (!host) return failure('the pod has no IP yet');
  if (!allowedTarget(host, t.policy)) return failure(refusedTargetMessage(host));
  let port: number;
  try {
    port = resolvePort(spec.port as number | string, t.container.ports);
  } catch (err) {
    return failure(errorText(err));
  }
  if (probe.httpGet) {
    const h = probe.httpGet;
    const r = await httpGet(
      h.scheme === 'HTTPS' ? 'HTTPS' : 'HTTP',
      host,
      port,
      h.path ?? '/',
      h.httpHeaders ?? [],
      timeoutMs,
    );
    if (r.error) return failure(r.error);
    if (r.ok) return success(r.body ?? '');
    return failure(`HTTP probe failed with statuscode: ${r.statusCode}`);
  }
  if (probe.tcpSocket) return tcpProbe(host, port, timeoutMs);
  return grpcProbe(host, port, probe.grpc?.service ?? '', timeoutMs);
}
