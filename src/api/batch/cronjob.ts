// batch/v1 CronJob: creates Jobs on a cron schedule, optionally in an IANA time zone. Schedules
// may not carry TZ=/CRON_TZ= prefixes (the timeZone field replaces them).
import type { CronJob, JobSpec } from 'kubernetes-types/batch/v1.js';
import type { FieldError } from '../../machinery/status.ts';
import { defaultEmbeddedObjectMeta, defaultPodTemplateSpec } from '../core/pod-spec/defaults.ts';
import { boolCell, workloadTable } from '../core/table-cells.ts';
import { invalid, nonNegative, notSupported, required } from '../internal/field-errors.ts';
import { child } from '../internal/field-paths.ts';
import { ensure, type JsonObject } from '../internal/loose-json.ts';
import { column, formatLabelSelector, since } from '../internal/table.ts';
import { workloadHooks } from '../internal/workloads/strategy-hooks.ts';
import { invalidSelector } from '../internal/workloads/validation.ts';
import type { KubeObject, ResourceStrategy } from '../strategy.ts';
import { parseCronSchedule } from './cron-schedule.ts';
import { defaultPodFailurePolicy } from './job.ts';
import { validateJobSpecCommon } from './job-spec-validation.ts';

type CronJobObject = KubeObject & CronJob;

/** Jobs are named <cronjob>-<11-character timestamp>, and job names are DNS labels (63). */
const MAX_CRONJOB_NAME_LENGTH = 52;
const TIME_ZONE_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

export function defaultCronJob(cj: CronJobObject): void {
  const spec: JsonObject = ensure(cj, 'spec');
  spec.concurrencyPolicy ||= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  const jobTemplate = ensure(spec, 'jobTemplate');
  defaultEmbeddedObjectMeta(jobTemplate);
  const jobSpec = jobTemplate.spec;
  if (jobSpec && typeof jobSpec === 'object') {
    defaultPodFailurePolicy(jobSpec);
    defaultPodTemplateSpec(jobSpec.template);
  }
}

function knownTimeZone(zone: string): boolean {
  if (zone === 'UTC') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** `validateTimeZone`. */
export function validateTimeZone(timeZone: string | undefined | null, path: string): FieldError[] {
  if (timeZone == null) return [];
  if (timeZone === '') return [invalid(path, timeZone, 'timeZone must be nil or non-empty string')];
  for (const part of timeZone.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !TIME_ZONE_PART.test(part)) {
      return [invalid(path, timeZone, `unknown time zone ${timeZone}`)];
    }
  }
  const errs: FieldError[] = [];
  if (timeZone.toLowerCase() === 'local') {
    errs.push(
      invalid(
        path,
        timeZone,
        'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
      ),
    );
  } else if (!knownTimeZone(timeZone)) {
    errs.push(invalid(path, timeZone, `unknown time zone ${timeZone}`));
  }
  return errs;
}

/** `validateScheduleFormat`. */
export function validateSchedule(
  schedule: string,
  allowTZ: boolean,
  timeZone: string | undefined | null,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const parsed = parseCronSchedule(schedule);
  if (parsed.error) errs.push(invalid(path, schedule, parsed.error));
  if (timeZone != null && schedule.includes('TZ')) {
    errs.push(invalid(path, schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
  } else if (!allowTZ && schedule.includes('TZ')) {
    errs.push(invalid(path, schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  }
  return errs;
}

function validateCronJobSpec(cj: CronJobObject, old?: CronJobObject): FieldError[] {
  const spec: JsonObject = cj.spec ?? {};
  const oldSpec: JsonObject | undefined = old?.spec;
  const errs: FieldError[] = [];
  if (!spec.schedule) errs.push(required('spec.schedule'));
  else
    errs.push(
      ...validateSchedule(
        spec.schedule,
        String(oldSpec?.schedule ?? '').includes('TZ'),
        spec.timeZone,
        'spec.schedule',
      ),
    );
  errs.push(...nonNegative(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  if (!oldSpec || oldSpec.timeZone !== spec.timeZone)
    errs.push(...validateTimeZone(spec.timeZone, 'spec.timeZone'));
  const policy = spec.concurrencyPolicy ?? '';
  if (policy === '') errs.push(required('spec.concurrencyPolicy'));
  else if (!['Allow', 'Forbid', 'Replace'].includes(policy)) {
    errs.push(notSupported('spec.concurrencyPolicy', policy, ['Allow', 'Forbid', 'Replace']));
  }
  const jobSpec: JsonObject = spec.jobTemplate?.spec ?? {};
  const jobSpecPath = child('spec', 'jobTemplate', 'spec');
  errs.push(...validateJobSpecCommon(jobSpec as JobSpec, jobSpecPath));
  if (jobSpec.selector != null)
    errs.push(
      invalidSelector(child(jobSpecPath, 'selector'), jobSpec.selector, '`selector` will be auto-generated'),
    );
  if (jobSpec.manualSelector === true)
    errs.push(notSupported(child(jobSpecPath, 'manualSelector'), true, ['nil', 'false']));
  errs.push(...nonNegative(spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'));
  errs.push(...nonNegative(spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'));
  return errs;
}

export const cronJobStrategy: ResourceStrategy<CronJobObject> = {
  group: 'batch',
  kind: 'CronJob',
  resource: 'cronjobs',
  singular: 'cronjob',
  namespaced: true,
  tracksGeneration: true,
  versions: ['v1'],
  shortNames: ['cj'],
  categories: ['all'],
  subresources: { status: true },

  defaults: defaultCronJob,
  ...workloadHooks<CronJobObject>('spec.jobTemplate.spec.template'),

  validate(cj) {
    const errs = validateCronJobSpec(cj);
    const name = cj.metadata?.name ?? '';
    if (name.length > MAX_CRONJOB_NAME_LENGTH) {
      errs.push(invalid('metadata.name', name, `must be no more than ${MAX_CRONJOB_NAME_LENGTH} characters`));
    }
    return errs;
  },
  validateUpdate: (cj, old) => validateCronJobSpec(cj, old),

  table: workloadTable<CronJobObject>({
    columns: [
      [
        column('Schedule', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
        (cj) => cj.spec?.schedule ?? '',
      ],
      [
        column(
          'Timezone',
          'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default to the time zone of the kube-controller-manager process. The set of valid time zone names and the time zone offset is loaded from the system-wide time zone database by the API server during CronJob validation and the controller manager during execution. If no system-wide time zone database can be found a bundled version of the database is used instead. If the time zone name becomes invalid during the lifetime of a CronJob or due to a change in host configuration, the controller will stop creating new new Jobs and will create a system event with the reason UnknownTimeZone. More information can be found in https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones',
        ),
        (cj) => cj.spec?.timeZone ?? '<none>',
      ],
      [
        column(
          'Suspend',
          'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false.',
          { type: 'boolean' },
        ),
        (cj) => boolCell(cj.spec?.suspend),
      ],
      [
        column('Active', 'A list of pointers to currently running jobs.', { type: 'integer' }),
        (cj) => cj.status?.active?.length ?? 0,
      ],
      [
        column('Last Schedule', 'Information when was the last time the job was successfully scheduled.'),
        (cj, now) => {
          const last = cj.status?.lastScheduleTime;
          return last ? since(last, now) : '<none>';
        },
      ],
    ],
    containers: (cj) => cj.spec?.jobTemplate?.spec?.template?.spec?.containers,
    selector: {
      description:
        'A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors',
      cell: (cj) => formatLabelSelector(cj.spec?.jobTemplate?.spec?.selector),
    },
  }),
};
