// One Job sync (upstream's syncJob): count finished pods (tracked by their finalizer, staged in
// status.uncountedTerminatedPods until the finalizer is gone, so nothing is counted twice or
// lost across crashes), decide whether the Job failed (podFailurePolicy, backoffLimit,
// activeDeadlineSeconds) or succeeded (completions, successPolicy), start or remove pods to
// match parallelism (after a failure back-off), honour suspend, and record the status and
// conditions. Writes go through JobOps; the decisions come from the pure modules beside it.
import type { Job as JobType } from 'kubernetes-types/batch/v1.js';
import { sortActivePods } from '../workload-common/pod-ranking.ts';
import { isPodActive, isPodReady, isPodTerminating, timeMs } from '../workload-common/pod-state.ts';
import type { Job, Pod, PodTemplateSpec } from '../workload-common/types.ts';
import { type BackoffRecord, nextBackoffRecord, remainingBackoff } from './backoff.ts';
import {
  ensureJobConditionStatus,
  findCondition,
  hasTrueCondition,
  isJobFinished,
  JOB_REASON,
  MESSAGES,
  newJobCondition,
} from './conditions.ts';
import {
  failJobMessage,
  isPodFailed,
  matchPodFailurePolicy,
  onlyReplaceFailedPods,
  pastBackoffLimitOnFailure,
} from './failure-policy.ts';
import {
  completionIndex,
  duplicatedIndexPods,
  firstPendingIndexes,
  OrderedIntervals,
  podGenerateNameWithIndex,
  succeededIndexes,
} from './indexes.ts';
import { hasTrackingFinalizer, indexedPodTemplate, isIndexedJob, jobPodTemplate } from './pod-template.ts';
import { matchSuccessPolicy } from './success-policy.ts';

/** Pods created or deleted per sync at most. */
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;
/** Finished pods staged in uncountedTerminatedPods per sync at most. */
export const MAX_UNCOUNTED_PODS = 500;

type JobCondition = NonNullable<NonNullable<JobType['status']>['conditions']>[number];

export interface JobOps {
  now(): number;
  createPod(job: Job, template: PodTemplateSpec, generateName?: string): Promise<void>;
  /** Deletes a pod (and records the event); NotFound resolves. */
  deletePod(job: Job, pod: Pod): Promise<void>;
  /** Removes the tracking finalizer; NotFound resolves. */
  removeFinalizer(pod: Pod): Promise<void>;
  /** Writes the status; returns the stored Job (its new resourceVersion is used next). */
  updateStatus(job: Job): Promise<Job>;
  event(job: Job, type: 'Normal' | 'Warning', reason: string, message: string): void;
  expectCreations(count: number): void;
  creationFailed(count: number): void;
  expectDeletions(pods: Pod[]): void;
  deletionFailed(pod: Pod): void;
  expectFinalizerRemovals(pods: Pod[]): void;
  finalizerRemovalFailed(pod: Pod): void;
}

export interface JobSyncInput {
  job: Job;
  /** The Job's pods (claimed; adopted ones count as carrying the finalizer). */
  pods: Pod[];
  expectationsSatisfied: boolean;
  /** Pods whose finalizer removal is in flight (already counted). */
  pendingFinalizerRemovals: ReadonlySet<string>;
  backoff: BackoffRecord | undefined;
}

export interface JobSyncResult {
  backoff: BackoffRecord;
  /** Sync again after this many ms (active deadline, failure back-off). */
  requeueAfter?: number;
  error?: unknown;
}

const jobSuspended = (job: Job) => job.spec?.suspend === true;
const isSuccessCriteriaMet = (c: JobCondition | undefined) => c?.type === 'SuccessCriteriaMet';

interface Ctx {
  job: Job;
  pods: Pod[];
  activePods: Pod[];
  ready: number;
  terminating: number;
  uncountedSucceeded: Set<string>;
  uncountedFailed: Set<string>;
  pending: ReadonlySet<string>;
  succeeded: number;
  failed: number;
  finished?: JobCondition;
  prevSucceededIndexes?: OrderedIntervals;
  succeededIndexes?: OrderedIntervals;
  backoff: BackoffRecord;
}

/** `getValidPodsWithFilter`: finished pods with a finalizer, not yet staged nor being finalized. */
function newFinished(c: Ctx, staged: Set<string>, filter: (p: Pod) => boolean): Pod[] {
  const completions = c.job.spec?.completions ?? 0;
  return c.pods.filter((p) => {
    const uid = p.metadata?.uid ?? '';
    if (!hasTrackingFinalizer(p) || staged.has(uid) || c.pending.has(uid)) return false;
    if (isIndexedJob(c.job)) {
      const ix = completionIndex(p);
      if (ix < 0 || ix >= completions) return false;
    }
    return filter(p);
  });
}

export async function syncJob(input: JobSyncInput, ops: JobOps): Promise<JobSyncResult> {
  const job = structuredClone(input.job);
  const now = ops.now();
  if (isJobFinished(job)) return { backoff: { failuresAfterLastSuccess: 0 } };
  const mode = job.spec?.completionMode ?? 'NonIndexed';
  if (mode !== 'NonIndexed' && mode !== 'Indexed') {
    ops.event(job, 'Warning', 'UnknownCompletionMode', 'Skipped Job sync because completion mode is unknown');
    return { backoff: input.backoff ?? { failuresAfterLastSuccess: 0 } };
  }
  job.status ??= {};
  job.status.uncountedTerminatedPods ??= {};
  const uncounted = job.status.uncountedTerminatedPods;
  const activePods = input.pods.filter(isPodActive);
  const c: Ctx = {
    job,
    pods: input.pods,
    activePods,
    ready: activePods.filter(isPodReady).length,
    terminating: input.pods.filter(isPodTerminating).length,
    uncountedSucceeded: new Set(uncounted.succeeded ?? []),
    uncountedFailed: new Set(uncounted.failed ?? []),
    pending: input.pendingFinalizerRemovals,
    succeeded: 0,
    failed: 0,
    backoff: input.backoff ?? { failuresAfterLastSuccess: 0 },
  };
  let active = activePods.length;
  const newSucceeded = newFinished(c, c.uncountedSucceeded, (p) => p.status?.phase === 'Succeeded');
  const newFailed = newFinished(c, c.uncountedFailed, (p) => isPodFailed(p, job));
  c.succeeded = (job.status.succeeded ?? 0) + newSucceeded.length + c.uncountedSucceeded.size;
  const counted = job.spec?.podFailurePolicy
    ? newFailed.filter((p) => matchPodFailurePolicy(job.spec?.podFailurePolicy, p).countFailed).length
    : newFailed.length;
  c.failed = (job.status.failed ?? 0) + counted + c.uncountedFailed.size;
  if (!job.status.startTime && !jobSuspended(job))
    job.status.startTime = new Date(Math.floor(now / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  c.backoff = nextBackoffRecord(input.backoff, newSucceeded, newFailed);

  let requeueAfter: number | undefined;
  const exceedsBackoffLimit = c.failed > (job.spec?.backoffLimit ?? 6);
  const met = findCondition(job, 'SuccessCriteriaMet');
  if (met?.status === 'True') c.finished = met;
  if (!c.finished) {
    const target = findCondition(job, 'FailureTarget');
    if (target?.status === 'True')
      c.finished = newJobCondition('Failed', 'True', target.reason ?? '', target.message ?? '', now);
    else {
      const message = failJobMessage(job, input.pods);
      if (message)
        c.finished = newJobCondition('FailureTarget', 'True', JOB_REASON.podFailurePolicy, message, now);
    }
  }
  if (!c.finished) {
    const start = timeMs(job.status.startTime);
    const deadline = job.spec?.activeDeadlineSeconds;
    if (exceedsBackoffLimit || pastBackoffLimitOnFailure(job, input.pods)) {
      c.finished = newJobCondition(
        'FailureTarget',
        'True',
        JOB_REASON.backoffLimitExceeded,
        MESSAGES.backoffLimitExceeded,
        now,
      );
    } else if (
      deadline != null &&
      start !== undefined &&
      !jobSuspended(job) &&
      now - start >= deadline * 1000
    ) {
      c.finished = newJobCondition(
        'FailureTarget',
        'True',
        JOB_REASON.deadlineExceeded,
        MESSAGES.deadlineExceeded,
        now,
      );
    } else if (deadline != null && start !== undefined && !jobSuspended(job)) {
      requeueAfter = deadline * 1000 - (now - start);
    }
  }
  if (isIndexedJob(job)) {
    const completions = job.spec?.completions ?? 0;
    const ix = succeededIndexes(job.status.completedIndexes, completions, input.pods, hasTrackingFinalizer);
    c.prevSucceededIndexes = ix.previous;
    c.succeededIndexes = ix.current;
    c.succeeded = ix.current.total();
    if (!c.finished) {
      const message = matchSuccessPolicy(job.spec?.successPolicy, completions, ix.current);
      if (message)
        c.finished = newJobCondition('SuccessCriteriaMet', 'True', JOB_REASON.successPolicy, message, now);
    }
  }

  let error: unknown;
  let suspendChanged = false;
  if (c.finished) {
    // Finished: every pod still running goes.
    const r = await deletePods(job, activePods, ops, false);
    if (r.deleted !== active || !input.expectationsSatisfied) c.finished = undefined;
    active -= r.deleted;
    c.terminating += r.deleted;
    c.ready -= r.deletedReady;
    error = r.error;
  } else {
    let manageCalled = false;
    if (input.expectationsSatisfied && !job.metadata?.deletionTimestamp) {
      const r = await manageJob(c, ops, now);
      active = r.active;
      error = r.error;
      if (r.requeueAfter !== undefined)
        requeueAfter = Math.min(requeueAfter ?? r.requeueAfter, r.requeueAfter);
      manageCalled = true;
    }
    const completions = job.spec?.completions;
    const complete =
      completions == null ? c.succeeded > 0 && active === 0 : c.succeeded >= completions && active === 0;
    if (complete) {
      c.finished = newJobCondition(
        'SuccessCriteriaMet',
        'True',
        JOB_REASON.completionsReached,
        MESSAGES.completionsReached,
        now,
      );
    } else if (manageCalled) {
      const suspended = jobSuspended(job);
      const r = suspended
        ? ensureJobConditionStatus(
            job.status.conditions ?? [],
            'Suspended',
            'True',
            'JobSuspended',
            'Job suspended',
            now,
          )
        : ensureJobConditionStatus(
            job.status.conditions ?? [],
            'Suspended',
            'False',
            'JobResumed',
            'Job resumed',
            now,
          );
      if (r.changed) {
        job.status.conditions = r.list;
        suspendChanged = true;
        if (suspended) ops.event(job, 'Normal', 'Suspended', 'Job suspended');
        else {
          ops.event(job, 'Normal', 'Resumed', 'Job resumed');
          // The deadline counts continuously active time: a resumed Job starts over.
          job.status.startTime = new Date(Math.floor(now / 1000) * 1000).toISOString().replace('.000Z', 'Z');
        }
      }
    }
  }
  const needsUpdate =
    suspendChanged ||
    active !== (job.status.active ?? 0) ||
    c.ready !== job.status.ready ||
    c.terminating !== job.status.terminating;
  job.status.active = active;
  job.status.ready = c.ready;
  job.status.terminating = c.terminating;
  try {
    await trackStatusAndRemoveFinalizers(c, ops, needsUpdate, now);
  } catch (e) {
    throw new Error(`tracking status: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const result: JobSyncResult = { backoff: c.backoff };
  if (requeueAfter !== undefined) result.requeueAfter = Math.max(requeueAfter, 0);
  if (error !== undefined) result.error = error;
  return result;
}

/** `deleteJobPods` / `deleteActivePods`: delete (after removing the finalizer when asked). */
async function deletePods(
  job: Job,
  pods: Pod[],
  ops: JobOps,
  removeFinalizers: boolean,
): Promise<{ deleted: number; deletedReady: number; error?: unknown }> {
  let deleted = 0;
  let deletedReady = 0;
  let error: unknown;
  await Promise.all(
    pods.map(async (pod) => {
      try {
        if (removeFinalizers && hasTrackingFinalizer(pod)) await ops.removeFinalizer(pod);
        await ops.deletePod(job, pod);
        deleted++;
        if (isPodReady(pod)) deletedReady++;
      } catch (e) {
        ops.deletionFailed(pod);
        error ??= e;
      }
    }),
  );
  return error === undefined ? { deleted, deletedReady } : { deleted, deletedReady, error };
}

/** `manageJob`: remove extra pods, or create missing ones (after back-off), or remove all when suspended. */
async function manageJob(
  c: Ctx,
  ops: JobOps,
  now: number,
): Promise<{ active: number; error?: unknown; requeueAfter?: number }> {
  const job = c.job;
  let active = c.activePods.length;
  if (jobSuspended(job)) {
    ops.expectDeletions(c.activePods);
    const r = await deletePods(job, c.activePods, ops, true);
    c.terminating += r.deleted;
    c.ready -= r.deletedReady;
    return r.error === undefined
      ? { active: active - r.deleted }
      : { active: active - r.deleted, error: r.error };
  }
  const parallelism = job.spec?.parallelism ?? 1;
  const completions = job.spec?.completions;
  let wantActive: number;
  if (completions == null) wantActive = c.succeeded > 0 ? active : parallelism;
  else wantActive = Math.max(0, Math.min(completions - c.succeeded, parallelism));
  const rmAtLeast = Math.max(0, active - wantActive);
  let remove: Pod[] = [];
  let left = c.activePods;
  if (isIndexedJob(job)) {
    const d = duplicatedIndexPods(c.activePods, completions ?? 0, now);
    remove = d.remove;
    left = d.keep;
  }
  if (remove.length < rmAtLeast)
    remove = [...remove, ...sortActivePods(left, now).slice(0, rmAtLeast - remove.length)];
  remove = remove.slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
  if (remove.length > 0) {
    ops.expectDeletions(remove);
    const r = await deletePods(job, remove, ops, true);
    c.terminating += r.deleted;
    c.ready -= r.deletedReady;
    return r.error === undefined
      ? { active: active - r.deleted }
      : { active: active - r.deleted, error: r.error };
  }
  const terminating = onlyReplaceFailedPods(job) ? c.terminating : 0;
  let diff = wantActive - terminating - active;
  if (diff <= 0) return { active };
  const wait = remainingBackoff(c.backoff, now);
  if (wait > 0) return { active, requeueAfter: wait };
  diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
  let indexes: number[] | undefined;
  if (isIndexedJob(job)) {
    indexes = firstPendingIndexes(
      c.succeededIndexes ?? new OrderedIntervals(),
      c.activePods,
      diff,
      completions ?? 0,
    );
    diff = indexes.length;
  }
  if (diff === 0) return { active };
  ops.expectCreations(diff);
  active += diff;
  const base = jobPodTemplate(job);
  // Slow start: batches of 1, 2, 4 ... so a failing API costs few requests.
  let created = 0;
  let error: unknown;
  for (let batch = Math.min(diff, 1); created < diff; batch = Math.min(2 * batch, diff - created)) {
    const start = created;
    const results = await Promise.allSettled(
      Array.from({ length: batch }, (_, i) => {
        const ix = indexes?.[start + i];
        if (ix === undefined) return ops.createPod(job, base);
        return ops.createPod(
          job,
          indexedPodTemplate(job, base, ix),
          podGenerateNameWithIndex(job.metadata?.name ?? '', ix),
        );
      }),
    );
    const failures = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    created += batch;
    if (failures.length) {
      error = failures[0]!.reason;
      ops.creationFailed(failures.length);
      active -= failures.length;
      const skipped = diff - created;
      if (skipped > 0) {
        ops.creationFailed(skipped);
        active -= skipped;
      }
      break;
    }
  }
  return error === undefined ? { active } : { active, error };
}

/** `cleanUncountedPodsWithoutFinalizers`: staged pods whose finalizer is gone move into the counters. */
function cleanUncounted(job: Job, withFinalizer: Set<string>): boolean {
  const u = job.status!.uncountedTerminatedPods!;
  let changed = false;
  const keepS = (u.succeeded ?? []).filter((uid) => withFinalizer.has(uid));
  if (keepS.length !== (u.succeeded ?? []).length) {
    job.status!.succeeded = (job.status!.succeeded ?? 0) + (u.succeeded ?? []).length - keepS.length;
    u.succeeded = keepS;
    changed = true;
  }
  const keepF = (u.failed ?? []).filter((uid) => withFinalizer.has(uid));
  if (keepF.length !== (u.failed ?? []).length) {
    job.status!.failed = (job.status!.failed ?? 0) + (u.failed ?? []).length - keepF.length;
    u.failed = keepF;
    changed = true;
  }
  // Empty lists are left out, as upstream's nil slices are.
  if (u.succeeded?.length === 0) delete u.succeeded;
  if (u.failed?.length === 0) delete u.failed;
  return changed;
}

/** `trackJobStatusAndRemoveFinalizers`. */
async function trackStatusAndRemoveFinalizers(
  c: Ctx,
  ops: JobOps,
  needsFlushIn: boolean,
  now: number,
): Promise<void> {
  let job = c.job;
  let needsFlush = needsFlushIn;
  const indexed = isIndexedJob(job);
  const completions = job.spec?.completions ?? 0;
  const pods = indexed ? [...c.pods].sort((a, b) => completionIndex(a) - completionIndex(b)) : c.pods;
  const withFinalizer = new Set(pods.filter(hasTrackingFinalizer).map((p) => p.metadata?.uid ?? ''));
  if (cleanUncounted(job, withFinalizer)) needsFlush = true;
  const uncounted = job.status!.uncountedTerminatedPods!;
  const toFinalize: Pod[] = [];
  const newIndexes: number[] = [];
  let reachedMax = false;
  for (const pod of pods) {
    const uid = pod.metadata?.uid ?? '';
    if (!hasTrackingFinalizer(pod) || c.pending.has(uid)) continue;
    const failed = isPodFailed(pod, job);
    const finishedNow =
      job.metadata?.deletionTimestamp || c.finished || pod.status?.phase === 'Succeeded' || failed;
    if (!finishedNow) continue;
    toFinalize.push(pod);
    if (pod.status?.phase === 'Succeeded' && !c.uncountedFailed.has(uid)) {
      if (indexed) {
        const ix = completionIndex(pod);
        if (ix >= 0 && ix < completions && !c.prevSucceededIndexes?.has(ix)) {
          newIndexes.push(ix);
          needsFlush = true;
        }
      } else if (!c.uncountedSucceeded.has(uid)) {
        needsFlush = true;
        uncounted.succeeded = [...(uncounted.succeeded ?? []), uid];
      }
    } else if (failed || (c.finished && !isSuccessCriteriaMet(c.finished))) {
      const ix = completionIndex(pod);
      if (!c.uncountedFailed.has(uid) && (!indexed || (ix >= 0 && ix < completions))) {
        if (
          !job.spec?.podFailurePolicy ||
          matchPodFailurePolicy(job.spec.podFailurePolicy, pod).countFailed
        ) {
          needsFlush = true;
          uncounted.failed = [...(uncounted.failed ?? []), uid];
        }
      }
    }
    if (
      newIndexes.length + (uncounted.succeeded ?? []).length + (uncounted.failed ?? []).length >=
      MAX_UNCOUNTED_PODS
    ) {
      reachedMax = true;
      break;
    }
  }
  if (indexed) {
    c.succeededIndexes = (c.succeededIndexes ?? new OrderedIntervals()).withOrderedIndexes(
      newIndexes.sort((a, b) => a - b),
    );
    const s = c.succeededIndexes.toString();
    if (s !== (job.status!.completedIndexes ?? '')) needsFlush = true;
    job.status!.succeeded = c.succeededIndexes.total();
    job.status!.completedIndexes = s;
  }
  if (c.finished?.type === 'FailureTarget') {
    job.status!.conditions = [...(job.status!.conditions ?? []), c.finished];
    needsFlush = true;
    c.finished = newJobCondition('Failed', 'True', c.finished.reason ?? '', c.finished.message ?? '', now);
  }
  if (isSuccessCriteriaMet(c.finished)) {
    if (!hasTrueCondition(job, 'SuccessCriteriaMet')) {
      job.status!.conditions = [...(job.status!.conditions ?? []), c.finished!];
      needsFlush = true;
    }
    c.finished = newJobCondition(
      'Complete',
      'True',
      c.finished!.reason ?? '',
      c.finished!.message ?? '',
      now,
    );
  }
  // Flush what was staged before removing finalizers, so a crash in between loses nothing.
  if (needsFlush) {
    job = c.job = await ops.updateStatus(job);
    needsFlush = false;
  }
  if (toFinalize.length > 0) {
    ops.expectFinalizerRemovals(toFinalize);
    let rmError: unknown;
    await Promise.all(
      toFinalize.map(async (pod) => {
        try {
          await ops.removeFinalizer(pod);
          withFinalizer.delete(pod.metadata?.uid ?? '');
        } catch (e) {
          ops.finalizerRemovalFailed(pod);
          rmError ??= e;
        }
      }),
    );
    if (cleanUncounted(job, withFinalizer)) needsFlush = true;
    if (rmError !== undefined) {
      if (needsFlush) c.job = await ops.updateStatus(job);
      throw rmError;
    }
  }
  job = c.job;
  const finished = !reachedMax && enactFinished(c, now);
  if (finished) needsFlush = true;
  if (needsFlush) {
    c.job = await ops.updateStatus(c.job);
    if (finished) recordFinished(c.job, c.finished!, ops);
  }
}

/** `enactJobFinished`: the terminal condition, once no pod is uncounted or still terminating. */
function enactFinished(c: Ctx, now: number): boolean {
  if (!c.finished) return false;
  const job = c.job;
  const u = job.status?.uncountedTerminatedPods;
  if ((u?.succeeded?.length ?? 0) + (u?.failed?.length ?? 0) > 0) return false;
  if (c.terminating > 0) return false;
  const f = c.finished;
  const r = ensureJobConditionStatus(
    job.status!.conditions ?? [],
    f.type,
    f.status,
    f.reason ?? '',
    f.message ?? '',
    now,
  );
  job.status!.conditions = r.list;
  if (f.type === 'Complete')
    job.status!.completionTime = r.list.find((x) => x.type === 'Complete')?.lastTransitionTime ?? '';
  return true;
}

function recordFinished(job: Job, f: JobCondition, ops: JobOps): void {
  if (f.type === 'Complete') {
    const completions = job.spec?.completions;
    if (completions != null && (job.status?.succeeded ?? 0) > completions)
      ops.event(
        job,
        'Warning',
        'TooManySucceededPods',
        'Too many succeeded pods running after completion count reached',
      );
    ops.event(job, 'Normal', 'Completed', 'Job completed');
  } else {
    ops.event(job, 'Warning', f.reason ?? '', f.message ?? '');
  }
}
