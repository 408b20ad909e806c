// Starting and stopping one container (upstream's startContainer / killContainer): back-off,
// image, environment, config, create, start, postStart hook — each failure becomes the
// container's Waiting reason and the event upstream records; stopping runs the preStop hook
// inside the grace period, then asks the runtime to stop with what is left of it.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigMap, Container, Pod, Secret } from 'kubernetes-types/core/v1.js';
import { isNotFound } from '../cri/cri-error.ts';
import type { PodSandboxConfig } from '../cri/types.ts';
import { errorText } from '../internal/log.ts';
import { runLifecycleHandler } from '../lifecycle/hooks.ts';
import { ContainerConfigError, containerConfig } from '../pod/container-config.ts';
import { EnvConfigError, makeEnvironmentVariables } from '../pod/env.ts';
import { containerFromLabels } from '../pod/labels.ts';
import { latestContainer, type RuntimeContainer, type RuntimePodStatus } from '../pod/runtime-status.ts';
import { podRef } from '../pod/security-context.ts';
import type { TargetPolicy } from '../probes/network-target.ts';
import { ensureImage } from './image-puller.ts';
import {
  type PodContext,
  podDir,
  recordPodEvent,
  setWaitingReason,
  type WaitingReason,
} from './pod-context.ts';

/** minimumGracePeriodInSeconds: containers always get this long to stop. */
const MINIMUM_GRACE_SECONDS = 2;
const DEFAULT_GRACE_SECONDS = 30;

export interface SandboxInfo {
  id: string;
  config: PodSandboxConfig;
  podIPs: string[];
}

export interface StartResult {
  started: boolean;
  /** When a back-off ends and the start should be tried again. */
  retryInMs?: number;
}

/** The ConfigMaps and Secrets a container's env and envFrom name, fetched. */
async function envObjects(ctx: PodContext, pod: Pod, container: Container) {
  const ns = pod.metadata?.namespace ?? '';
  const configMaps = new Map<string, ConfigMap | undefined>();
  const secrets = new Map<string, Secret | undefined>();
  const cmNames = new Set<string>();
  const secretNames = new Set<string>();
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef?.name) cmNames.add(from.configMapRef.name);
    if (from.secretRef?.name) secretNames.add(from.secretRef.name);
  }
  for (const e of container.env ?? []) {
    if (e.valueFrom?.configMapKeyRef?.name) cmNames.add(e.valueFrom.configMapKeyRef.name);
    if (e.valueFrom?.secretKeyRef?.name) secretNames.add(e.valueFrom.secretKeyRef.name);
  }
  for (const name of cmNames) configMaps.set(name, await ctx.objects.configMap(ns, name));
  for (const name of secretNames) secrets.set(name, await ctx.objects.secret(ns, name));
  return { configMaps, secrets };
}

function fail(
  ctx: PodContext,
  pod: Pod,
  container: Container,
  waiting: WaitingReason,
  event?: string,
): StartResult {
  setWaitingReason(ctx, pod.metadata?.uid ?? '', container.name, waiting);
  recordPodEvent(ctx, pod, 'Warning', 'Failed', `Error: ${event ?? waiting.message}`, container);
  return { started: false };
}

export async function startContainer(
  ctx: PodContext,
  pod: Pod,
  container: Container,
  sandbox: SandboxInfo,
  runtime: RuntimePodStatus,
  volumePaths: ReadonlyMap<string, string>,
  policy: TargetPolicy,
): Promise<StartResult> {
  const uid = pod.metadata?.uid ?? '';
  const latest = latestContainer(runtime, container.name);
  const now = Date.now();
  if (latest?.state === 'exited') {
    const decision = ctx.restartBackoff.decide(pod, container, latest.finishedAt || now, now);
    if (!decision.start) {
      setWaitingReason(ctx, uid, container.name, { reason: decision.reason, message: decision.message });
      recordPodEvent(
        ctx,
        pod,
        'Warning',
        'BackOff',
        `Back-off restarting failed container ${container.name} in pod ${podRef(pod)}`,
        container,
      );
      return { started: false, retryInMs: Math.max(decision.retryInMs, 100) };
    }
  }

  const image = await ensureImage(ctx, pod, container);
  if (!image.ok) return fail(ctx, pod, container, image.waiting, image.waiting.reason);

  const restartCount = latest ? latest.restartCount + 1 : 0;
  let config: ReturnType<typeof containerConfig>;
  try {
    const { env } = makeEnvironmentVariables(pod, container, {
      ...(await envObjects(ctx, pod, container)),
      podIPs: sandbox.podIPs,
      hostIPs: ctx.hostIPs(),
      nodeAllocatable: ctx.settings.nodeAllocatable,
      serviceEnv: ctx.objects.serviceEnv(
        pod.metadata?.namespace ?? '',
        pod.spec?.enableServiceLinks !== false,
      ),
    });
    const dir = podDir(ctx, uid);
    const messageDir = join(dir, 'containers', container.name);
    mkdirSync(messageDir, { recursive: true });
    const terminationMessageHostPath = join(messageDir, randomBytes(4).toString('hex'));
    writeFileSync(terminationMessageHostPath, '', { mode: 0o666 });
    const uidValue = image.image?.uid?.value;
    config = containerConfig(
      pod,
      container,
      {
        imageRef: image.imageRef,
        restartCount,
        env,
        volumePaths,
        etcHostsPath: pod.spec?.hostNetwork ? undefined : join(dir, 'etc-hosts'),
        terminationMessageHostPath,
        imageUser:
          image.image && (uidValue !== undefined || image.image.username)
            ? { uid: uidValue, username: image.image.username || undefined }
            : undefined,
      },
      { memoryCapacity: ctx.settings.memoryCapacity, cpuCFSQuota: ctx.settings.cpuCFSQuota },
    );
  } catch (err) {
    if (err instanceof EnvConfigError || err instanceof ContainerConfigError) {
      return fail(ctx, pod, container, { reason: 'CreateContainerConfigError', message: err.message });
    }
    throw err;
  }

  let id: string;
  try {
    id = await ctx.cri.createContainer(sandbox.id, config, sandbox.config);
  } catch (err) {
    const message = (err as { details?: string }).details ?? errorText(err);
    return fail(ctx, pod, container, { reason: 'CreateContainerError', message });
  }
  recordPodEvent(ctx, pod, 'Normal', 'Created', `Created container: ${container.name}`, container);
  try {
    await ctx.cri.startContainer(id);
  } catch (err) {
    const message = (err as { details?: string }).details ?? errorText(err);
    return fail(ctx, pod, container, { reason: 'RunContainerError', message });
  }
  recordPodEvent(ctx, pod, 'Normal', 'Started', `Started container ${container.name}`, container);
  setWaitingReason(ctx, uid, container.name, undefined);

  const postStart = container.lifecycle?.postStart;
  if (postStart) {
    const grace = pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
    const message = await runLifecycleHandler(
      { cri: ctx.cri, pod, container, containerId: id, podIP: sandbox.podIPs[0] ?? '', policy },
      postStart,
      Math.max(grace, MINIMUM_GRACE_SECONDS) * 1000,
    );
    if (message) {
      recordPodEvent(ctx, pod, 'Warning', 'FailedPostStartHook', message, container);
      await ctx.cri.stopContainer(id, MINIMUM_GRACE_SECONDS).catch(() => {});
      setWaitingReason(ctx, uid, container.name, { reason: 'PostStartHookError', message });
      return { started: false };
    }
  }
  return { started: true };
}

export interface KillOptions {
  /** The Killing event's message (default `Stopping container <name>`). */
  message?: string;
  /** Overrides the grace period (force deletion, orphans). */
  gracePeriodSeconds?: number;
  podIP?: string;
  policy?: TargetPolicy;
}

/** The grace period a container gets (setTerminationGracePeriod). */
export function gracePeriodFor(
  pod: Pod | undefined,
  _running: RuntimeContainer,
  labels?: { podDeletionGracePeriod?: number; podTerminationGracePeriod?: number },
): number {
  return (
    pod?.metadata?.deletionGracePeriodSeconds ??
    pod?.spec?.terminationGracePeriodSeconds ??
    labels?.podDeletionGracePeriod ??
    labels?.podTerminationGracePeriod ??
    DEFAULT_GRACE_SECONDS
  );
}

/**
 * Stops a running container: the Killing event, its preStop hook (within the grace period),
 * then StopContainer with the rest of it (at least 2 s unless overridden). Idempotent.
 */
export async function killContainer(
  ctx: PodContext,
  pod: Pod | undefined,
  running: RuntimeContainer,
  o: KillOptions = {},
): Promise<void> {
  const status = await ctx.cri.containerStatus(running.id).catch(() => undefined);
  const labeled = status?.status
    ? containerFromLabels(status.status.labels, status.status.annotations)
    : undefined;
  const spec = [...(pod?.spec?.containers ?? []), ...(pod?.spec?.initContainers ?? [])].find(
    (c) => c.name === running.name,
  );
  let grace = gracePeriodFor(pod, running, labeled);
  if (pod && spec) {
    recordPodEvent(ctx, pod, 'Normal', 'Killing', o.message ?? `Stopping container ${running.name}`, spec);
  }
  const preStop = spec?.lifecycle?.preStop ?? labeled?.preStopHandler;
  if (preStop && running.state === 'running' && pod && spec && o.gracePeriodSeconds === undefined) {
    const started = Date.now();
    const message = await runLifecycleHandler(
      {
        cri: ctx.cri,
        pod,
        container: spec,
        containerId: running.id,
        podIP: o.podIP ?? '',
        policy: o.policy ?? { hostIPs: ctx.hostIPs() },
      },
      preStop,
      grace * 1000,
    );
    if (message) recordPodEvent(ctx, pod, 'Warning', 'FailedPreStopHook', message, spec);
    grace -= Math.floor((Date.now() - started) / 1000);
  }
  grace = o.gracePeriodSeconds ?? Math.max(grace, MINIMUM_GRACE_SECONDS);
  try {
    await ctx.cri.stopContainer(running.id, grace);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
