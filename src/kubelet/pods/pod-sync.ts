// One pod's sync, terminate and clean-up steps (upstream's SyncPod, SyncTerminatingPod and
// SyncTerminatedPod): read what the runtime holds, report the status, mount volumes, then do
// what computePodActions says — kill, create the sandbox, start init containers and
// containers; stop everything within the grace period when the pod ends; remove what is left
// once it is gone. The pod worker calls these one at a time per pod.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pod, PodStatus } from 'kubernetes-types/core/v1.js';
import { removeCgroupTree } from '../cgroups/cgroup-tree.ts';
import { isNotFound } from '../cri/cri-error.ts';
import { errorText } from '../internal/log.ts';
import type { ProbeResults } from '../pod/container-statuses.ts';
import { podHostname } from '../pod/dns.ts';
import { managedHostsFile } from '../pod/hosts-file.ts';
import { podLogDirectory } from '../pod/labels.ts';
import { generatePodStatus } from '../pod/pod-status.ts';
import { podCgroupParent } from '../pod/qos.ts';
import {
  isRestartableInitContainer,
  type RuntimePodStatus,
  runtimeSandboxFromCri,
} from '../pod/runtime-status.ts';
import { podSandboxConfig } from '../pod/sandbox-config.ts';
import type { TargetPolicy } from '../probes/network-target.ts';
import { killContainer, type SandboxInfo, startContainer } from './container-runner.ts';
import { computePodActions, type PodActions, type ProbeVerdicts } from './pod-actions.ts';
import { type PodContext, podDir, recordPodEvent } from './pod-context.ts';
import { type PodRuntimeState, readPodRuntime } from './runtime-state.ts';
import type { StatusManager } from './status-manager.ts';

export interface VolumeError {
  volume: string;
  message: string;
  /** A blocking error keeps the pod from starting; others are only reported. */
  blocking: boolean;
}

/** The volume manager as the pod worker sees it. */
export interface PodVolumes {
  /** Sets up every volume of the pod; returns host paths by volume name and the failures. */
  mount(pod: Pod): Promise<{ paths: Map<string, string>; errors: VolumeError[] }>;
  /** Tears down the pod's volumes (tmpfs unmounted, files removed). */
  unmount(uid: string): Promise<void>;
}

/** The probe manager as the pod worker sees it. */
export interface PodProbes {
  /** Starts or updates the probe workers of a pod's running containers. */
  update(pod: Pod, runtime: RuntimePodStatus, podIP: string): void;
  verdicts(uid: string): ProbeVerdicts;
  results(uid: string): ProbeResults;
  remove(uid: string): void;
}

export interface PodSyncDeps {
  ctx: PodContext;
  status: StatusManager;
  volumes: PodVolumes;
  probes: PodProbes;
  /** Where probes and hooks may connect. */
  policy(): TargetPolicy;
  /** The API object a pod's status goes to (a static pod's mirror pod shares its name). */
  statusTarget(pod: Pod): { namespace: string; name: string };
  /** The node's pod network is set up (its podCIDR known, the CNI config written). */
  networkReady(): boolean;
  /** Whether the runtime held anything of this pod at the last relist. */
  inRuntime(uid: string): boolean;
}

export interface SyncResult {
  /** The pod reached Succeeded or Failed. */
  terminal: boolean;
  /** Sync again after this long (a back-off ends, a mount to retry). */
  requeueAfterMs?: number;
  /** The runtime state the sync saw last (changes it caused itself need no second sync). */
  fingerprint?: string;
  /** When the reading that `fingerprint` describes began (performance.now()). */
  fingerprintReadAt?: number;
}

const isTerminal = (phase: string | undefined) => phase === 'Succeeded' || phase === 'Failed';

/** Milliseconds until spec.activeDeadlineSeconds runs out (counted from status.startTime). */
export function activeDeadlineLeftMs(pod: Pod, status: PodStatus, now: number): number | undefined {
  const seconds = pod.spec?.activeDeadlineSeconds;
  const start = Date.parse(status.startTime ?? '');
  if (seconds === undefined || Number.isNaN(start)) return undefined;
  return start + seconds * 1000 - now;
}

function computeStatus(
  deps: PodSyncDeps,
  pod: Pod,
  runtime: RuntimePodStatus,
  podIsTerminal = false,
): PodStatus {
  const uid = pod.metadata?.uid ?? '';
  return generatePodStatus(pod, {
    runtime,
    hostIPs: deps.ctx.hostIPs(),
    previous: deps.status.get(uid),
    waitingReasons: deps.ctx.waitingReasons.get(uid),
    probes: deps.probes.results(uid),
    podIsTerminal,
    runtimeName: deps.ctx.runtimeName,
    now: Date.now(),
  });
}

function report(deps: PodSyncDeps, pod: Pod, status: PodStatus): void {
  deps.status.set(pod.metadata?.uid ?? '', deps.statusTarget(pod), status);
}

function writeHostsFile(deps: PodSyncDeps, pod: Pod, podIPs: string[]): void {
  if (pod.spec?.hostNetwork) return;
  const { hostname, domain } = podHostname(pod, deps.ctx.settings.dns.domain);
  const dir = podDir(deps.ctx, pod.metadata?.uid ?? '');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'etc-hosts'), managedHostsFile(podIPs, hostname, domain, pod.spec?.hostAliases), {
    mode: 0o644,
  });
}

/** Stops every container (regular ones first, then init/sidecars) and every sandbox of the pod. */
async function killPodContents(
  deps: PodSyncDeps,
  pod: Pod | undefined,
  runtime: PodRuntimeState,
  gracePeriodSeconds?: number,
): Promise<void> {
  const running = runtime.containers.filter((c) => c.state === 'running' || c.state === 'created');
  const initNames = new Set((pod?.spec?.initContainers ?? []).map((c) => c.name));
  const podIP = runtime.sandboxes[0]?.ips[0];
  const kill = (c: (typeof running)[number]) =>
    killContainer(deps.ctx, pod, c, { gracePeriodSeconds, podIP, policy: deps.policy() });
  await Promise.all(running.filter((c) => !initNames.has(c.name)).map(kill));
  await Promise.all(running.filter((c) => initNames.has(c.name)).map(kill));
  for (const s of runtime.sandboxes) {
    try {
      await deps.ctx.cri.stopPodSandbox(s.id);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}

function hasWork(a: PodActions): boolean {
  return (
    a.killPod ||
    a.createSandbox ||
    a.initContainersToStart.length > 0 ||
    a.containersToStart.length > 0 ||
    a.containersToKill.length > 0
  );
}

/**
 * One sync. `first`: the worker's first sync of this UID — when the runtime held nothing of it
 * at the last relist, nothing can exist yet (only this worker creates it), so it is not read.
 */
export async function syncPod(deps: PodSyncDeps, pod: Pod, first = false): Promise<SyncResult> {
  const { ctx } = deps;
  const uid = pod.metadata?.uid ?? '';
  let runtime: PodRuntimeState =
    first && !deps.inRuntime(uid)
      ? {
          sandboxes: [],
          containers: [],
          criContainers: new Map(),
          fingerprint: '',
          readAt: performance.now(),
        }
      : await readPodRuntime(ctx.cri, uid);
  const before = computeStatus(deps, pod, runtime);
  const deadline = activeDeadlineLeftMs(pod, before, Date.now());
  if (deadline !== undefined && deadline <= 0) {
    // The active deadline handler: the pod fails and its containers are stopped.
    const message = 'Pod was active on the node longer than the specified deadline';
    recordPodEvent(ctx, pod, 'Normal', 'DeadlineExceeded', message);
    report(deps, pod, { ...before, phase: 'Failed', reason: 'DeadlineExceeded', message });
    return { terminal: true };
  }
  report(deps, pod, before);
  if (isTerminal(before.phase)) return { terminal: true };

  if (!pod.spec?.hostNetwork && !deps.networkReady()) {
    recordPodEvent(
      ctx,
      pod,
      'Warning',
      'NetworkNotReady',
      'network is not ready: the node has no pod CIDR yet',
    );
    return { terminal: false, requeueAfterMs: 5000 };
  }
  mkdirSync(podDir(ctx, uid), { recursive: true });
  // Volumes are set up while a new sandbox starts (neither needs the other); containers wait
  // for both.
  const mounting = deps.volumes.mount(pod);
  mounting.catch(() => {});
  const awaitVolumes = async (): Promise<Map<string, string> | undefined> => {
    const volumes = await mounting;
    for (const e of volumes.errors)
      recordPodEvent(
        ctx,
        pod,
        'Warning',
        'FailedMount',
        `MountVolume.SetUp failed for volume "${e.volume}" : ${e.message}`,
      );
    const blocking = volumes.errors.filter((e) => e.blocking).map((e) => e.volume);
    if (blocking.length) {
      ctx.log.info(
        { pod: `${pod.metadata?.namespace}/${pod.metadata?.name}`, unmounted: blocking },
        'waiting for volumes',
      );
      return undefined;
    }
    return volumes.paths;
  };

  const podIP = runtime.sandboxes[0]?.ready ? (runtime.sandboxes[0].ips[0] ?? '') : '';
  deps.probes.update(pod, runtime, podIP);
  const actions = computePodActions(pod, runtime, deps.probes.verdicts(uid));
  let requeueAfterMs: number | undefined;
  const requeue = (ms: number | undefined) => {
    if (ms !== undefined) requeueAfterMs = Math.min(requeueAfterMs ?? ms, ms);
  };

  if (actions.killPod) {
    if (actions.createSandbox && runtime.sandboxes.length > 0)
      recordPodEvent(
        ctx,
        pod,
        'Normal',
        'SandboxChanged',
        'Pod sandbox changed, it will be killed and re-created.',
      );
    await killPodContents(deps, pod, runtime);
  }
  for (const k of actions.containersToKill) {
    const running = runtime.containers.find((c) => c.id === k.id);
    if (running) await killContainer(ctx, pod, running, { message: k.message, podIP, policy: deps.policy() });
  }

  let sandbox: SandboxInfo | undefined;
  if (actions.createSandbox) {
    let config: SandboxInfo['config'];
    try {
      const result = podSandboxConfig(pod, actions.attempt, { ...ctx.settings });
      config = result.config;
      for (const w of result.warnings) recordPodEvent(ctx, pod, 'Warning', w.reason, w.message);
    } catch (err) {
      recordPodEvent(
        ctx,
        pod,
        'Warning',
        'FailedCreatePodSandBox',
        `Failed to create pod sandbox: ${errorText(err)}`,
      );
      return { terminal: false, requeueAfterMs: 10_000 };
    }
    mkdirSync(config.logDirectory!, { recursive: true });
    try {
      const id = await ctx.cri.runPodSandbox(config);
      const status = (await ctx.cri.podSandboxStatus(id)).status;
      const ips = status ? runtimeSandboxFromCri(status).ips : [];
      sandbox = { id, config, podIPs: ips };
    } catch (err) {
      const details = (err as { details?: string }).details ?? errorText(err);
      recordPodEvent(
        ctx,
        pod,
        'Warning',
        'FailedCreatePodSandBox',
        `Failed to create pod sandbox: ${details}`,
      );
      return { terminal: false, requeueAfterMs: 10_000 };
    }
    writeHostsFile(deps, pod, sandbox.podIPs);
    // The containers' starts look at their previous instances (restart count, back-off), which
    // the kill above may have changed; a pod without any (every new pod) has nothing to re-read.
    if (runtime.containers.length > 0) runtime = await readPodRuntime(ctx.cri, uid);
  } else if (actions.sandboxId) {
    const current = runtime.sandboxes[0]!;
    sandbox = {
      id: actions.sandboxId,
      config: podSandboxConfig(pod, current.attempt, { ...ctx.settings }).config,
      podIPs: current.ips,
    };
    writeHostsFile(deps, pod, sandbox.podIPs);
  }

  let changed = actions.killPod || actions.containersToKill.length > 0 || actions.createSandbox;
  const volumePaths = await awaitVolumes();
  if (!volumePaths) {
    report(deps, pod, computeStatus(deps, pod, await readPodRuntime(ctx.cri, uid)));
    return { terminal: false, requeueAfterMs: 2000 };
  }
  if (sandbox) {
    for (const c of actions.initContainersToStart) {
      const r = await startContainer(ctx, pod, c, sandbox, runtime, volumePaths, deps.policy());
      changed = changed || r.started;
      requeue(r.retryInMs);
      // A regular init container must finish before anything after it starts.
      if (!r.started || !isRestartableInitContainer(c)) break;
    }
    const initBlocked = actions.initContainersToStart.some((c) => !isRestartableInitContainer(c));
    if (!initBlocked) {
      await Promise.all(
        actions.containersToStart.map(async (c) => {
          const r = await startContainer(ctx, pod, c, sandbox!, runtime, volumePaths, deps.policy());
          changed = changed || r.started;
          requeue(r.retryInMs);
        }),
      );
    }
  }

  // The state this sync acted on; a PLEG event reporting exactly it needs no second sync.
  let fingerprint: string | undefined = runtime.fingerprint;
  let fingerprintReadAt = runtime.readAt;
  if (changed || actions.initContainersToStart.length || actions.containersToStart.length) {
    runtime = await readPodRuntime(ctx.cri, uid);
    fingerprintReadAt = runtime.readAt;
    const podIPNow = runtime.sandboxes[0]?.ips[0] ?? '';
    deps.probes.update(pod, runtime, podIPNow);
    // The state read now was not acted on (a container may have exited meanwhile): it counts as
    // seen only when it asks for nothing more.
    fingerprint = hasWork(computePodActions(pod, runtime, deps.probes.verdicts(uid)))
      ? undefined
      : runtime.fingerprint;
  }
  const after = computeStatus(deps, pod, runtime);
  report(deps, pod, after);
  if (deadline !== undefined) requeue(deadline);
  return { terminal: isTerminal(after.phase), requeueAfterMs, fingerprint, fingerprintReadAt };
}

/**
 * Stops the pod (SyncTerminatingPod): probes end, containers get their preStop hook and
 * grace period, sandboxes stop. With the pod known, its final status is reported.
 */
export async function terminatePod(
  deps: PodSyncDeps,
  uid: string,
  pod: Pod | undefined,
  gracePeriodSeconds?: number,
): Promise<void> {
  deps.probes.remove(uid);
  const runtime = await readPodRuntime(deps.ctx.cri, uid);
  await killPodContents(deps, pod, runtime, gracePeriodSeconds);
  if (pod) report(deps, pod, computeStatus(deps, pod, await readPodRuntime(deps.ctx.cri, uid), true));
}

/**
 * Removes what a finished pod left (SyncTerminatedPod and the housekeeping after it): volumes
 * always; sandboxes, containers, cgroups, logs and the pod's directory once the pod is gone
 * (`removeRuntime`), since `kubectl logs` reads a terminated pod's containers until then.
 */
export async function cleanupPod(
  deps: PodSyncDeps,
  uid: string,
  pod: Pod | undefined,
  removeRuntime: boolean,
): Promise<void> {
  const { ctx } = deps;
  await deps.volumes.unmount(uid);
  if (!removeRuntime) return;
  const runtime = await readPodRuntime(ctx.cri, uid);
  for (const s of runtime.sandboxes) {
    try {
      await ctx.cri.stopPodSandbox(s.id);
      await ctx.cri.removePodSandbox(s.id);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  // Containers whose sandbox is already gone.
  for (const c of await ctx.cri.listContainers({ labelSelector: { 'io.kubernetes.pod.uid': uid } })) {
    await ctx.cri.removeContainer(c.id).catch(() => {});
  }
  const cgroups = pod
    ? [podCgroupParent(pod, ctx.settings.podsCgroup)]
    : ['', '/burstable', '/besteffort'].map(
        (tier) => `${ctx.settings.podsCgroup.replace(/\/$/, '')}${tier}/pod${uid}`,
      );
  for (const path of cgroups) removeCgroupTree(path);
  rmSync(podDir(ctx, uid), { recursive: true, force: true });
  if (pod) rmSync(podLogDirectory(pod, ctx.settings.podLogsRoot), { recursive: true, force: true });
  ctx.waitingReasons.delete(uid);
  ctx.restartBackoff.forgetPod(uid);
}
