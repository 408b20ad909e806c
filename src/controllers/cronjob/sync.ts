// One CronJob sync (upstream's cronjob_controllerv2 sync): forget finished Jobs from the active
// list (SawCompletedJob) and missing ones (MissingJob), record lastSuccessfulTime, delete Jobs
// beyond the history limits, and — unless suspended — start the Job of the most recent missed
// schedule time: not if it is past startingDeadlineSeconds (MissSchedule), not twice, not
// beside a running one under Forbid (JobAlreadyActive), after deleting running ones under
// Replace. Returns when to look again. Reads of fresh state and writes go through CronJobOps.
import type { ObjectReference } from 'kubernetes-types/core/v1.js';
import { parseCronSchedule } from '../../api/batch/cron-schedule.ts';
import { isAlreadyExists } from '../../client/index.ts';
import { errorMessage, isNamespaceTerminating } from '../workload-common/errors.ts';
import { timeMs } from '../workload-common/pod-state.ts';
import type { CronJob, Job } from '../workload-common/types.ts';
import { jobName, mostRecentScheduleTime, nextScheduleDelay, rfc1123z, rfc3339InZone } from './times.ts';
import { isKnownZone } from './zoned-time.ts';

export const CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

export interface CronJobOps {
  now(): number;
  /** The zone of schedules without one (Go's Local). */
  zone: string;
  getCronJob(namespace: string, name: string): Promise<CronJob>;
  /** A fresh read; undefined when the Job does not exist. */
  getJob(namespace: string, name: string): Promise<Job | undefined>;
  createJob(namespace: string, job: Job): Promise<Job>;
  /** Deletes a Job and its pods (background propagation). */
  deleteJob(namespace: string, name: string): Promise<void>;
  updateStatus(cj: CronJob): Promise<void>;
  event(cj: CronJob, type: 'Normal' | 'Warning', reason: string, message: string): void;
}

export interface CronSyncResult {
  requeueAfter?: number;
  error?: unknown;
}

/** `getFinishedStatus`: the Complete or Failed condition type, if the Job finished. */
export function finishedType(job: Job): 'Complete' | 'Failed' | undefined {
  for (const c of job.status?.conditions ?? []) {
    if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') return c.type;
  }
  return undefined;
}

const inActiveList = (cj: CronJob, uid: string | undefined) =>
  (cj.status?.active ?? []).some((r) => r.uid === uid);

function deleteFromActiveList(cj: CronJob, uid: string | undefined): void {
  if (!cj.status?.active) return;
  cj.status.active = cj.status.active.filter((r) => r.uid !== uid);
  if (cj.status.active.length === 0) delete cj.status.active;
}

const metaTime = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** `getJobFromTemplate2`: the Job of one schedule time. */
export function jobFromTemplate(cj: CronJob, scheduled: number, zone: string): Job {
  const t = cj.spec?.jobTemplate;
  const annotations: Record<string, string> = { ...t?.metadata?.annotations };
  annotations[CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION] = rfc3339InZone(scheduled, cj.spec?.timeZone || zone);
  const job: Job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobName(cj, scheduled),
      namespace: cj.metadata?.namespace ?? '',
      labels: { ...t?.metadata?.labels },
      annotations,
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          name: cj.metadata?.name ?? '',
          uid: cj.metadata?.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: structuredClone(t?.spec ?? { template: {} }),
  };
  return job;
}

/** `cleanupFinishedJobs` + `removeOldestJobs`: beyond the history limits, oldest started first. */
async function cleanupFinishedJobs(cj: CronJob, jobs: readonly Job[], ops: CronJobOps): Promise<boolean> {
  const successLimit = cj.spec?.successfulJobsHistoryLimit;
  const failedLimit = cj.spec?.failedJobsHistoryLimit;
  if (successLimit == null && failedLimit == null) return false;
  const succeeded = jobs.filter((j) => finishedType(j) === 'Complete');
  const failed = jobs.filter((j) => finishedType(j) === 'Failed');
  let changed = false;
  const removeOldest = async (list: Job[], max: number) => {
    const n = list.length - max;
    if (n <= 0) return;
    list.sort(byStartTime);
    for (let i = 0; i < n; i++) if (await deleteJob(cj, list[i]!, ops)) changed = true;
  };
  if (successLimit != null) await removeOldest(succeeded, successLimit);
  if (failedLimit != null) await removeOldest(failed, failedLimit);
  return changed;
}

/** `byJobStartTime`: started before not started, earlier first, then by name. */
export function byStartTime(a: Job, b: Job): number {
  const sa = timeMs(a.status?.startTime);
  const sb = timeMs(b.status?.startTime);
  if (sa === undefined && sb !== undefined) return 1;
  if (sa !== undefined && sb === undefined) return -1;
  if (sa === sb) return (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1;
  return (sa ?? 0) - (sb ?? 0);
}

async function deleteJob(cj: CronJob, job: Job, ops: CronJobOps): Promise<boolean> {
  try {
    await ops.deleteJob(job.metadata?.namespace ?? '', job.metadata?.name ?? '');
  } catch (e) {
    ops.event(cj, 'Warning', 'FailedDelete', `Deleted job: ${errorMessage(e)}`);
    return false;
  }
  deleteFromActiveList(cj, job.metadata?.uid);
  ops.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata?.name}`);
  return true;
}

/** The sync. `cached` is the CronJob from the cache, `jobs` the Jobs it controls. */
export async function syncCronJob(
  cached: CronJob,
  jobs: readonly Job[],
  ops: CronJobOps,
): Promise<CronSyncResult> {
  let cj = structuredClone(cached);
  const cleaned = await cleanupFinishedJobs(cj, jobs, ops);
  let updateStatus = false;
  const result: CronSyncResult = {};
  try {
    const r = await schedule();
    if (r !== undefined) result.requeueAfter = r;
  } catch (e) {
    result.error = e;
  }
  if (updateStatus || cleaned) await ops.updateStatus(cj);
  return result;

  async function schedule(): Promise<number | undefined> {
    const now = ops.now();
    const ns = cj.metadata?.namespace ?? '';
    const children = new Set<string>();
    for (const j of jobs) {
      const uid = j.metadata?.uid ?? '';
      children.add(uid);
      const found = inActiveList(cj, uid);
      const finished = finishedType(j);
      if (!found && !finished) {
        const fresh = await ops.getCronJob(ns, cj.metadata?.name ?? '');
        if (inActiveList(fresh, uid)) {
          cj = structuredClone(fresh);
          continue;
        }
        ops.event(
          cj,
          'Warning',
          'UnexpectedJob',
          `Saw a job that the controller did not create or forgot: ${j.metadata?.name}`,
        );
      } else if (found && finished) {
        deleteFromActiveList(cj, uid);
        ops.event(
          cj,
          'Normal',
          'SawCompletedJob',
          `Saw completed job: ${j.metadata?.name}, condition: ${finished}`,
        );
        updateStatus = true;
      } else if (finished === 'Complete') {
        const completed = timeMs(j.status?.completionTime);
        const last = timeMs(cj.status?.lastSuccessfulTime);
        if (completed !== undefined && (last === undefined || completed > last)) {
          cj.status = { ...cj.status, lastSuccessfulTime: j.status!.completionTime! };
          updateStatus = true;
        }
      }
    }
    for (const ref of [...(cj.status?.active ?? [])]) {
      if (children.has(ref.uid ?? '')) continue;
      // A slow watch may not have shown the Job yet: ask the API before forgetting it.
      const job = await ops.getJob(ref.namespace ?? ns, ref.name ?? '');
      if (!job) {
        ops.event(cj, 'Normal', 'MissingJob', `Active job went missing: ${ref.name}`);
        deleteFromActiveList(cj, ref.uid);
        updateStatus = true;
      }
    }
    if (cj.metadata?.deletionTimestamp) return undefined;
    const timeZone = cj.spec?.timeZone;
    if (timeZone != null && !isKnownZone(timeZone)) {
      ops.event(
        cj,
        'Warning',
        'UnknownTimeZone',
        `invalid timeZone: "${timeZone}": unknown time zone ${timeZone}`,
      );
      return undefined;
    }
    if (cj.spec?.suspend) return undefined;
    const spec = cj.spec?.schedule ?? '';
    let formatted = spec;
    if (spec.includes('TZ')) {
      ops.event(
        cj,
        'Warning',
        'UnsupportedSchedule',
        `CRON_TZ or TZ used in schedule "${spec}" is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`,
      );
    } else if (timeZone) {
      formatted = `TZ=${timeZone} ${spec}`;
    }
    const parsed = parseCronSchedule(formatted);
    if (!parsed.schedule) {
      ops.event(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: "${spec}" : ${parsed.error}`);
      return undefined;
    }
    const sched = parsed.schedule;
    const recent = mostRecentScheduleTime(cj, now, sched, ops.zone, true);
    if (recent.missed > 100) {
      ops.event(
        cj,
        'Warning',
        'TooManyMissedTimes',
        `too many missed start times: ${recent.missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`,
      );
    }
    if (recent.error) {
      ops.event(cj, 'Warning', 'InvalidSchedule', `invalid schedule: ${spec} : ${recent.error}`);
      return undefined;
    }
    const scheduled = recent.mostRecent;
    if (scheduled === undefined || scheduled > now) return nextScheduleDelay(cj, now, sched, ops.zone);
    const deadline = cj.spec?.startingDeadlineSeconds;
    if (deadline != null && scheduled + deadline * 1000 < now) {
      ops.event(
        cj,
        'Warning',
        'MissSchedule',
        `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`,
      );
      return nextScheduleDelay(cj, now, sched, ops.zone);
    }
    const name = jobName(cj, scheduled);
    if (
      (cj.status?.active ?? []).some((r) => r.name === name && (r.namespace ?? ns) === ns) ||
      timeMs(cj.status?.lastScheduleTime) === scheduled
    )
      return nextScheduleDelay(cj, now, sched, ops.zone);
    const policy = cj.spec?.concurrencyPolicy ?? 'Allow';
    if (policy === 'Forbid' && (cj.status?.active?.length ?? 0) > 0) {
      ops.event(
        cj,
        'Normal',
        'JobAlreadyActive',
        'Not starting job because prior execution is running and concurrency policy is Forbid',
      );
      return nextScheduleDelay(cj, now, sched, ops.zone);
    }
    if (policy === 'Replace') {
      for (const ref of [...(cj.status?.active ?? [])]) {
        let job: Job | undefined;
        try {
          job = await ops.getJob(ref.namespace ?? ns, ref.name ?? '');
        } catch (e) {
          ops.event(cj, 'Warning', 'FailedGet', `Get job: ${errorMessage(e)}`);
          throw e;
        }
        if (!job) {
          deleteFromActiveList(cj, ref.uid);
          updateStatus = true;
          continue;
        }
        if (!(await deleteJob(cj, job, ops)))
          throw new Error(`could not replace job ${ns}/${job.metadata?.name}`);
        updateStatus = true;
      }
    }
    let created: Job;
    let alreadyExists = false;
    try {
      created = await ops.createJob(ns, jobFromTemplate(cj, scheduled, ops.zone));
    } catch (e) {
      if (isNamespaceTerminating(e)) throw e;
      if (!isAlreadyExists(e)) {
        ops.event(cj, 'Warning', 'FailedCreate', `Error creating job: ${errorMessage(e)}`);
        throw e;
      }
      alreadyExists = true;
      const existing = await ops.getJob(ns, name);
      if (!existing) throw e;
      created = existing;
      const ref = existing.metadata?.ownerReferences?.find((r) => r.controller === true);
      if (ref?.uid !== cj.metadata?.uid) return undefined;
      if (inActiveList(cj, existing.metadata?.uid)) return undefined;
    }
    if (!alreadyExists) ops.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${created.metadata?.name}`);
    const ref: ObjectReference = {
      kind: 'Job',
      namespace: created.metadata?.namespace ?? ns,
      name: created.metadata?.name ?? '',
      uid: created.metadata?.uid ?? '',
      apiVersion: 'batch/v1',
    };
    if (created.metadata?.resourceVersion) ref.resourceVersion = created.metadata.resourceVersion;
    cj.status = {
      ...cj.status,
      active: [...(cj.status?.active ?? []), ref],
      lastScheduleTime: metaTime(scheduled),
    };
    updateStatus = true;
    return nextScheduleDelay(cj, now, sched, ops.zone);
  }
}
