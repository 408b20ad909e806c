// Job conditions with upstream's types, reasons and messages: the interim FailureTarget and
// SuccessCriteriaMet (recorded while pods are still being finalized), the terminal Failed and
// Complete, and Suspended (JobSuspended / JobResumed).
import type { JobCondition } from 'kubernetes-types/batch/v1.js';
import { metaTime } from '../workload-common/conditions.ts';
import type { Job } from '../workload-common/types.ts';

export const JOB_REASON = {
  podFailurePolicy: 'PodFailurePolicy',
  backoffLimitExceeded: 'BackoffLimitExceeded',
  deadlineExceeded: 'DeadlineExceeded',
  successPolicy: 'SuccessPolicy',
  completionsReached: 'CompletionsReached',
} as const;

export const MESSAGES = {
  backoffLimitExceeded: 'Job has reached the specified backoff limit',
  deadlineExceeded: 'Job was active longer than specified deadline',
  completionsReached: 'Reached expected number of succeeded pods',
} as const;

export function newJobCondition(
  type: string,
  status: string,
  reason: string,
  message: string,
  now: number,
): JobCondition {
  const t = metaTime(now);
  return { type, status, lastProbeTime: t, lastTransitionTime: t, reason, message };
}

export function findCondition(job: Job, type: string): JobCondition | undefined {
  return job.status?.conditions?.find((c) => c.type === type);
}

/** A True condition of this type. */
export function hasTrueCondition(job: Job, type: string): boolean {
  return findCondition(job, type)?.status === 'True';
}

/** `IsJobFinished`: Complete or Failed is True. */
export function isJobFinished(job: Job): boolean {
  return hasTrueCondition(job, 'Complete') || hasTrueCondition(job, 'Failed');
}

/**
 * `ensureJobConditionStatus`: sets the condition (replacing one of the same type that differs);
 * a False condition is not added when absent. Returns whether the list changed.
 */
export function ensureJobConditionStatus(
  list: JobCondition[],
  type: string,
  status: string,
  reason: string,
  message: string,
  now: number,
): { list: JobCondition[]; changed: boolean } {
  const i = list.findIndex((c) => c.type === type);
  if (i >= 0) {
    const c = list[i]!;
    if (c.status !== status || (c.reason ?? '') !== reason || (c.message ?? '') !== message) {
      const next = [...list];
      next[i] = newJobCondition(type, status, reason, message, now);
      return { list: next, changed: true };
    }
    return { list, changed: false };
  }
  if (status !== 'False')
    return { list: [...list, newJobCondition(type, status, reason, message, now)], changed: true };
  return { list, changed: false };
}
