// One worker per pod UID (upstream's podWorkers): syncs of a pod never overlap, updates that
// arrive meanwhile fold into one more sync, and each pod moves one way through its life —
// syncing, terminating (stop containers and sandbox within the grace period), terminated
// (volumes released; for a deleted pod everything removed and the API object deleted).
// Different pods sync in parallel.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { errorText } from '../internal/log.ts';
import { cleanupPod, type PodSyncDeps, syncPod, terminatePod } from './pod-sync.ts';

/** Re-sync a healthy pod this often (upstream's resync interval is a minute). */
const RESYNC_MS = 60_000;
/** After a failed sync, try again after this long (upstream's backOffPeriod). */
const ERROR_BACKOFF_MS = 10_000;

type Phase = 'syncing' | 'terminating' | 'terminated' | 'removed';

interface Worker {
  uid: string;
  phase: Phase;
  /** A sync is wanted after the current one. */
  pending: boolean;
  running: boolean;
  timer?: ReturnType<typeof setTimeout>;
  /** The last pod object seen for this UID (for the grace period once it is gone). */
  lastPod?: Pod;
  /** A sync was asked for by something other than the PLEG. */
  wanted: boolean;
  /** Whether a sync has run for this UID. */
  synced?: boolean;
  /** The runtime state the PLEG last reported, and the one the last sync ended with. */
  plegFingerprint?: string;
  syncedFingerprint?: string;
  /** When the PLEG reported it, and when the reading the last sync ended with began. */
  plegAt?: number;
  syncedReadAt?: number;
}

/**
 * Whether a PLEG report needs no sync (pure): it shows what the last sync already saw, or it
 * was delivered before that sync's last reading began — that reading is newer than the report
 * (typically the half-started pod the PLEG listed while the sync was still starting it) and
 * asked for nothing more. Without a fingerprint from the sync (its last reading wants more
 * work) every report syncs.
 */
export function runtimeReportSeen(w: {
  plegFingerprint?: string;
  syncedFingerprint?: string;
  plegAt?: number;
  syncedReadAt?: number;
}): boolean {
  if (w.syncedFingerprint === undefined) return false;
  if (w.plegFingerprint === w.syncedFingerprint) return true;
  return w.plegAt !== undefined && w.syncedReadAt !== undefined && w.plegAt < w.syncedReadAt;
}

export interface PodSource {
  /** The pod the kubelet should run under this UID, if any (API pod or static pod). */
  get(uid: string): Pod | undefined;
}

export class PodWorkers {
  readonly #deps: PodSyncDeps;
  readonly #source: PodSource;
  readonly #workers = new Map<string, Worker>();
  #stopped = false;
  #idle: (() => void)[] = [];

  constructor(deps: PodSyncDeps, source: PodSource) {
    this.#deps = deps;
    this.#source = source;
  }

  /** UIDs with a worker (running pods and pods still being torn down). */
  known(): string[] {
    return [...this.#workers.keys()];
  }

  /** Whether the pod's containers may still be running (it has not reached terminated). */
  isActive(uid: string): boolean {
    const w = this.#workers.get(uid);
    return !!w && (w.phase === 'syncing' || w.phase === 'terminating');
  }

  /**
   * Asks for a sync of this pod UID (new, changed, deleted, or its containers changed). With a
   * runtime `fingerprint` (from the PLEG) the sync is skipped when the last sync already saw
   * that state — typically the containers it started itself.
   */
  update(uid: string, fingerprint?: string): void {
    if (this.#stopped) return;
    let w = this.#workers.get(uid);
    if (!w) {
      w = { uid, phase: 'syncing', pending: false, running: false, wanted: false };
      this.#workers.set(uid, w);
    }
    if (fingerprint === undefined) w.wanted = true;
    else {
      w.plegFingerprint = fingerprint;
      w.plegAt = performance.now();
    }
    const pod = this.#source.get(uid);
    if (pod) w.lastPod = pod;
    w.pending = true;
    if (!w.running) void this.#run(w);
  }

  #schedule(w: Worker, ms: number): void {
    clearTimeout(w.timer);
    w.timer = setTimeout(() => this.update(w.uid), ms);
    w.timer.unref?.();
  }

  async #run(w: Worker): Promise<void> {
    w.running = true;
    try {
      while (w.pending && !this.#stopped) {
        w.pending = false;
        if (!w.wanted && w.phase === 'syncing' && runtimeReportSeen(w)) continue;
        w.wanted = false;
        clearTimeout(w.timer);
        try {
          const next = await this.#step(w);
          if (next !== undefined) this.#schedule(w, next);
        } catch (err) {
          this.#deps.ctx.log.warn(
            { uid: w.uid, pod: podName(w.lastPod), err: errorText(err) },
            'pod sync failed',
          );
          this.#schedule(w, ERROR_BACKOFF_MS);
        }
      }
    } finally {
      w.running = false;
      if (w.phase === 'removed') {
        clearTimeout(w.timer);
        if (this.#workers.get(w.uid) === w) this.#workers.delete(w.uid);
      }
      if (![...this.#workers.values()].some((x) => x.running)) for (const r of this.#idle.splice(0)) r();
    }
  }

  /** One step of the pod's life; returns when to come back (ms), if ever. */
  async #step(w: Worker): Promise<number | undefined> {
    const pod = this.#source.get(w.uid);
    const deleting = !pod || !!pod.metadata?.deletionTimestamp;
    if (w.phase === 'syncing' && !deleting) {
      const r = await syncPod(this.#deps, pod, !w.synced);
      w.synced = true;
      w.syncedFingerprint = r.fingerprint;
      w.syncedReadAt = r.fingerprintReadAt;
      if (!r.terminal) return r.requeueAfterMs ?? RESYNC_MS;
      w.phase = 'terminating';
    }
    if (w.phase === 'syncing' || w.phase === 'terminating') {
      w.phase = 'terminating';
      // A pod gone from the API without a graceful deletion (force delete) is killed at once.
      const grace = pod ? undefined : (w.lastPod?.metadata?.deletionGracePeriodSeconds ?? 0);
      await terminatePod(this.#deps, w.uid, pod ?? w.lastPod, grace);
      await cleanupPod(this.#deps, w.uid, pod ?? w.lastPod, false);
      w.phase = 'terminated';
    }
    if (w.phase === 'terminated' && deleting) {
      await cleanupPod(this.#deps, w.uid, pod ?? w.lastPod, true);
      if (pod) await this.#deps.status.deletePod(pod);
      this.#deps.status.forget(w.uid);
      w.phase = 'removed';
    }
    return undefined;
  }

  /** Stops taking updates; resolves when no sync is running (containers keep running). */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const w of this.#workers.values()) clearTimeout(w.timer);
    if ([...this.#workers.values()].some((w) => w.running))
      await new Promise<void>((resolve) => this.#idle.push(resolve));
  }
}

function podName(pod: Pod | undefined): string | undefined {
  return pod ? `${pod.metadata?.namespace}/${pod.metadata?.name}` : undefined;
}
