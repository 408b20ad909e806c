// The Job's pod-failure back-off (pure): after N failures since the last success, new pods wait
// 10 s × 2^(N-1), at most 6 minutes, counted from the last failure (upstream's backoffRecord).
import { timeMs } from '../workload-common/pod-state.ts';
import type { Pod } from '../workload-common/types.ts';

export const DEFAULT_JOB_POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_JOB_POD_FAILURE_BACKOFF_MS = 360_000;

export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime?: number;
}

/** `getFinishedTime`: when the pod finished (Ready=False transition, containers, deletion, creation). */
export function finishedTime(pod: Pod): number {
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'False');
  const fromReady = timeMs(ready?.lastTransitionTime);
  if (fromReady !== undefined) return fromReady;
  let latest: number | undefined;
  for (const s of [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])]) {
    const t = timeMs(s.state?.terminated?.finishedAt);
    if (t === undefined) {
      latest = undefined;
      break;
    }
    latest = Math.max(latest ?? t, t);
  }
  if (latest !== undefined) return latest;
  return timeMs(pod.metadata?.deletionTimestamp) ?? timeMs(pod.metadata?.creationTimestamp) ?? 0;
}

/** `newBackoffRecord`: the record after these newly finished pods. */
export function nextBackoffRecord(
  previous: BackoffRecord | undefined,
  newSucceeded: readonly Pod[],
  newFailed: readonly Pod[],
): BackoffRecord {
  const b: BackoffRecord = previous ? { ...previous } : { failuresAfterLastSuccess: 0 };
  const succeeded = [...newSucceeded].map(finishedTime).sort((x, y) => x - y);
  const failed = [...newFailed].map(finishedTime).sort((x, y) => x - y);
  if (succeeded.length === 0) {
    if (failed.length === 0) return b;
    b.failuresAfterLastSuccess += failed.length;
    b.lastFailureTime = failed[failed.length - 1]!;
    return b;
  }
  const fresh: BackoffRecord = { failuresAfterLastSuccess: 0 };
  const lastSuccess = succeeded[succeeded.length - 1]!;
  for (let i = failed.length - 1; i >= 0; i--) {
    if (!(failed[i]! > lastSuccess)) break;
    fresh.lastFailureTime ??= failed[i]!;
    fresh.failuresAfterLastSuccess++;
  }
  return fresh;
}

/** `getRemainingTime`: how long new pods must still wait (0: not at all). */
export function remainingBackoff(
  b: BackoffRecord,
  now: number,
  initial = DEFAULT_JOB_POD_FAILURE_BACKOFF_MS,
  max = MAX_JOB_POD_FAILURE_BACKOFF_MS,
): number {
  if (b.failuresAfterLastSuccess === 0 || b.lastFailureTime === undefined) return 0;
  let backoff = initial;
  for (let i = 1; i < b.failuresAfterLastSuccess; i++) {
    backoff *= 2;
    if (backoff >= max) {
      backoff = max;
      break;
    }
  }
  const elapsed = now - b.lastFailureTime;
  return backoff < elapsed ? 0 : backoff - elapsed;
}
