// Lifecycle hooks (postStart, preStop): exec in the container, HTTP GET to the pod (its IP by
// default, never off the node), or sleep. Returns the failure message upstream would put in
// its FailedPostStartHook / FailedPreStopHook event, or undefined when the hook succeeded.
import type { Container, ContainerPort, LifecycleHandler, Pod } from 'kubernetes-types/core/v1.js';
import type { CriClient } from '../cri/cri-client.ts';
import { errorText } from '../internal/log.ts';
import { sleep } from '../internal/timers.ts';
import { podRef } from '../pod/security-context.ts';
import { httpGet } from '../probes/http-get.ts';
import { allowedTarget, refusedTargetMessage, type TargetPolicy } from '../probes/network-target.ts';

/** A probe's or hook's port: a number, or the name of one of the container's ports. */
export function resolvePort(port: number | string | undefined, ports: ContainerPort[] | undefined): number {
  if (typeof port === 'number') return port;
  if (port !== undefined && /^\d+$/.test(port)) return Number(port);
  const named = (ports ?? []).find((p) => p.name === port);
  if (!named) throw new Error(`couldn't find port: ${port} in container's ports`);
  return named.containerPort;
}

export interface HookTarget {
  cri: CriClient;
  pod: Pod;
  container: Container;
  containerId: string;
  podIP: string;
  policy: TargetPolicy;
}

export async function runLifecycleHandler(
  t: HookTarget,
  handler: LifecycleHandler,
  timeoutMs: number,
): Promise<string | undefined> {
  const who = `for Container "${t.container.name}" in Pod "${podRef(t.pod)}"`;
  if (handler.exec) {
    const cmd = handler.exec.command ?? [];
    try {
      const r = await t.cri.execSync(t.containerId, cmd, Math.max(1, Math.ceil(timeoutMs / 1000)));
      if (r.exitCode === 0) return undefined;
      const output = Buffer.concat([r.stdout, r.stderr]).toString('utf8');
      return `Exec lifecycle hook (${JSON.stringify(cmd).replace(/,/g, ' ')}) ${who} failed - error: command '${cmd.join(' ')}' exited with ${r.exitCode}: ${r.stderr.toString('utf8')}, message: ${JSON.stringify(output)}`;
    } catch (err) {
      return `Exec lifecycle hook (${JSON.stringify(cmd).replace(/,/g, ' ')}) ${who} failed - error: ${errorText(err)}, message: ""`;
    }
  }
  if (handler.httpGet) {
    const h = handler.httpGet;
    const host = h.host || t.podIP;
    let port: number;
    try {
      port = resolvePort(h.port, t.container.ports);
    } catch (err) {
      return `HTTP lifecycle hook (${h.path ?? ''}) ${who} failed - error: ${errorText(err)}`;
    }
    if (!allowedTarget(host, t.policy))
      return `HTTP lifecycle hook (${h.path ?? ''}) ${who} failed - error: ${refusedTargetMessage(host)}`;
    const scheme = h.scheme === 'HTTPS' ? 'HTTPS' : 'HTTP';
    const r = await httpGet(
      scheme,
      host,
      port,
      h.path ?? '/',
      h.httpHeaders ?? [],
      timeoutMs,
      'kube-lifecycle/1.32',
    );
    if (r.ok) return undefined;
    const error = r.error ?? `HTTP lifecycle hook returned status ${r.statusCode}`;
    return `HTTP lifecycle hook (${h.path ?? ''}) ${who} failed - error: ${error}`;
  }
  const sleepAction = (handler as { sleep?: { seconds: number } }).sleep;
  if (sleepAction) {
    await sleep(Math.min(sleepAction.seconds * 1000, timeoutMs));
    return undefined;
  }
  if (handler.tcpSocket) return `tcpSocket lifecycle hook ${who} is not supported`;
  return `invalid lifecycle handler ${who}: no action`;
}
