// Container restart back-off (CrashLoopBackOff), as upstream's kubelet keeps it with
// flowcontrol.Backoff: 10 s, doubling to 5 min, per container of a pod and spec; a container
// that finished more than twice the maximum (10 min) after the last restart starts afresh.
// State lives here; time is passed in, so the logic is testable without waiting.
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { containerHash } from './labels.ts';
import { podRef } from './security-context.ts';

export const INITIAL_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 300_000;

interface Entry {
  backoffMs: number;
  lastUpdateMs: number;
}

/** getStableKey: pod and container identity plus the spec hash (a new spec resets the back-off). */
export function backoffKey(pod: Pod, container: Container): string {
  return `${pod.metadata?.name}_${pod.metadata?.namespace}_${pod.metadata?.uid}_${container.name}_${containerHash(container)}`;
}

/** Go's time.Duration String() for whole seconds: 10s, 1m20s, 5m0s. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${s % 60}s`;
  return `${Math.floor(m / 60)}h${m % 60}m${s % 60}s`;
}

export type BackoffDecision =
  | { start: true }
  | { start: false; reason: 'CrashLoopBackOff'; message: string; retryInMs: number };

export class RestartBackoff {
  private readonly entries = new Map<string, Entry>();
  private readonly initialMs: number;
  private readonly maxMs: number;

  constructor(initialMs = INITIAL_BACKOFF_MS, maxMs = MAX_BACKOFF_MS) {
    this.initialMs = initialMs;
    this.maxMs = maxMs;
  }

  private expired(eventMs: number, entry: Entry): boolean {
    return eventMs - entry.lastUpdateMs > this.maxMs * 2;
  }

  /** The current back-off for a key (0 when none). */
  get(key: string): number {
    return this.entries.get(key)?.backoffMs ?? 0;
  }

  /** IsInBackOffSince: whether `nowMs` is still within the back-off counted from `eventMs`. */
  isInBackOffSince(key: string, eventMs: number, nowMs: number): boolean {
    const entry = this.entries.get(key);
    if (!entry || this.expired(eventMs, entry)) return false;
    return nowMs - eventMs < entry.backoffMs;
  }

  /** IsInBackOffSinceUpdate: whether `nowMs` is within the back-off counted from the last update. */
  isInBackOffSinceUpdate(key: string, nowMs: number): boolean {
    const entry = this.entries.get(key);
    if (!entry || this.expired(nowMs, entry)) return false;
    return nowMs - entry.lastUpdateMs < entry.backoffMs;
  }

  /** Next: start or double the back-off (restarting from the initial one once expired). */
  next(key: string, eventMs: number, nowMs: number): void {
    const entry = this.entries.get(key);
    if (!entry || this.expired(eventMs, entry)) {
      this.entries.set(key, { backoffMs: this.initialMs, lastUpdateMs: nowMs });
    } else {
      entry.backoffMs = Math.min(entry.backoffMs * 2, this.maxMs);
      entry.lastUpdateMs = nowMs;
    }
  }

  /**
   * doBackOff, for a container whose latest instance exited at `finishedAtMs`: either it may be
   * started now (and the back-off grows for next time), or it waits, with the Waiting reason
   * and message upstream reports.
   */
  decide(pod: Pod, container: Container, finishedAtMs: number, nowMs: number): BackoffDecision {
    const key = backoffKey(pod, container);
    if (this.isInBackOffSince(key, finishedAtMs, nowMs)) {
      const backoffMs = this.get(key);
      return {
        start: false,
        reason: 'CrashLoopBackOff',
        message: `back-off ${formatDuration(backoffMs)} restarting failed container=${container.name} pod=${podRef(pod)}`,
        retryInMs: finishedAtMs + backoffMs - nowMs,
      };
    }
    this.next(key, finishedAtMs, nowMs);
    return { start: true };
  }

  /** GC: forgets entries untouched for twice the maximum back-off. */
  gc(nowMs: number): void {
    for (const [key, entry] of this.entries) if (this.expired(nowMs, entry)) this.entries.delete(key);
  }

  /** Forgets a pod's containers (when the pod is gone). */
  forgetPod(uid: string): void {
    for (const key of this.entries.keys()) if (key.includes(`_${uid}_`)) this.entries.delete(key);
  }
}
