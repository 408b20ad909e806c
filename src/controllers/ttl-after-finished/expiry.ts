// When a finished Job's time to live runs out (pure, upstream's ttlafterfinished helpers): the
// Job finished when its Complete or Failed condition became True, and expires
// ttlSecondsAfterFinished later.
import { timeMs } from '../workload-common/pod-state.ts';
import type { Job } from '../workload-common/types.ts';

/** `needsCleanup`: a TTL is set and the Job finished. */
export function needsCleanup(job: Job): boolean {
  return job.spec?.ttlSecondsAfterFinished != null && finishedAt(job) !== undefined;
}

/** When the Job finished (its Complete or Failed condition's transition), if it did. */
export function finishedAt(job: Job): number | undefined {
  for (const c of job.status?.conditions ?? []) {
    if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')
      return timeMs(c.lastTransitionTime);
  }
  return undefined;
}

/** Milliseconds until the Job expires (≤ 0: expired); undefined when it needs no cleanup. */
export function timeLeft(job: Job, now: number): number | undefined {
  if (!needsCleanup(job)) return undefined;
  return finishedAt(job)! + (job.spec?.ttlSecondsAfterFinished ?? 0) * 1000 - now;
}
