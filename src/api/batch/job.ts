// batch/v1 Job: runs pods to completion. Unless the client manages the selector itself
// (manualSelector), the server generates one from the job's uid at creation and labels the
// template with it: `batch.kubernetes.io/controller-uid` and `batch.kubernetes.io/job-name`, and
// their legacy unprefixed forms.
import type { Job } from 'kubernetes-types/batch/v1.js';
import { deepEqual } from '../../machinery/json-value.ts';
import { labelSelectorMatches } from '../../machinery/label-selector.ts';
import type { FieldError } from '../../machinery/status.ts';
import { isDNS1123Label } from '../../machinery/validation/names.ts';
import { defaultPodTemplateSpec } from '../core/pod-spec/defaults.ts';
import { workloadTable } from '../core/table-cells.ts';
import { invalid, nonNegative, required, validateImmutableJson } from '../internal/field-errors.ts';
import { child, key } from '../internal/field-paths.ts';
import { ensure, type JsonObject } from '../internal/loose-json.ts';
import { column, formatLabelSelector, humanDuration } from '../internal/table.ts';
import { workloadHooks } from '../internal/workloads/strategy-hooks.ts';
import { invalidSelector } from '../internal/workloads/validation.ts';
import type { KubeObject, ResourceStrategy } from '../strategy.ts';
import { validateJobSpec } from './job-spec-validation.ts';

type JobObject = KubeObject & Job;
const hooks = workloadHooks<JobObject>('spec.template');

export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';
export const LEGACY_JOB_NAME_LABEL = 'job-name';
const MAX_INT32 = 2147483647;

/** Job spec defaults; the pod-failure-policy pattern default is shared with CronJob templates. */
export function defaultJobSpecFields(spec: JsonObject): void {
  if (spec.completions == null && spec.parallelism == null) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex != null ? MAX_INT32 : 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.podReplacementPolicy ??= spec.podFailurePolicy != null ? 'Failed' : 'TerminatingOrFailed';
  spec.manualSelector ??= false;
  defaultPodFailurePolicy(spec);
}

export function defaultPodFailurePolicy(spec: JsonObject): void {
  for (const rule of Array.isArray(spec.podFailurePolicy?.rules) ? spec.podFailurePolicy.rules : []) {
    for (const pattern of Array.isArray(rule?.onPodConditions) ? rule.onPodConditions : []) {
      if (pattern && !pattern.status) pattern.status = 'True';
    }
  }
}

export function defaultJob(job: JobObject): void {
  const spec: JsonObject = ensure(job, 'spec');
  defaultJobSpecFields(spec);
  const templateLabels = spec.template?.metadata?.labels;
  const meta = ensure(job, 'metadata');
  if (templateLabels && Object.keys(meta.labels ?? {}).length === 0) meta.labels = { ...templateLabels };
  defaultPodTemplateSpec(spec.template);
}

/** `generateSelector`: template labels and a selector tied to this job's uid. */
function generateSelector(job: JobObject): void {
  const spec: JsonObject = job.spec ?? {};
  const template = ensure(spec, 'template');
  const templateMeta = ensure(template, 'metadata');
  const labels: Record<string, string> = ensure(templateMeta, 'labels');
  const name = job.metadata?.name ?? '';
  const uid = job.metadata?.uid ?? '';
  for (const label of [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL]) labels[label] ??= name;
  for (const label of [LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL]) labels[label] ??= uid;
  const selector = ensure(spec, 'selector');
  const matchLabels = ensure(selector, 'matchLabels');
  matchLabels[CONTROLLER_UID_LABEL] ??= uid;
}

/** `validateGeneratedSelector`: a generated selector must still be this job's own. */
function validateGeneratedSelector(job: JobObject, requirePrefixedLabels: boolean): FieldError[] {
  if (job.spec?.manualSelector === true) return [];
  const labels = job.spec?.template?.metadata?.labels ?? {};
  const path = 'spec.template.metadata';
  const uid = job.metadata?.uid ?? '';
  const name = job.metadata?.name ?? '';
  const hasLabel = (label: string, expected: string): FieldError[] => {
    if (!(label in labels)) return [required(key(child(path, 'labels'), label), `must be '${expected}'`)];
    return labels[label] === expected
      ? []
      : [invalid(key(child(path, 'labels'), label), labels, `must be '${expected}'`)];
  };
  const errs = [...hasLabel(LEGACY_CONTROLLER_UID_LABEL, uid), ...hasLabel(LEGACY_JOB_NAME_LABEL, name)];
  const expected: Record<string, string> = {};
  if (requirePrefixedLabels) {
    errs.push(...hasLabel(CONTROLLER_UID_LABEL, uid), ...hasLabel(JOB_NAME_LABEL, name));
    expected[CONTROLLER_UID_LABEL] = uid;
    expected[JOB_NAME_LABEL] = name;
  }
  expected[LEGACY_CONTROLLER_UID_LABEL] = uid;
  expected[LEGACY_JOB_NAME_LABEL] = name;
  if (labelSelectorMatches(job.spec?.selector, expected) === false) {
    errs.push(invalidSelector('spec.selector', job.spec?.selector, '`selector` not auto-generated'));
  }
  return errs;
}

function validateJob(job: JobObject, requirePrefixedLabels: boolean): FieldError[] {
  const errs = [
    ...validateGeneratedSelector(job, requirePrefixedLabels),
    ...validateJobSpec(job.spec, 'spec'),
  ];
  const spec = job.spec;
  if (spec?.completionMode === 'Indexed' && (spec.completions ?? 0) > 0) {
    // Pods are named and hostnamed <job>-<index>: the last index must still make a DNS label.
    const hostname = `${job.metadata?.name ?? ''}-${spec.completions! - 1}`;
    if (isDNS1123Label(hostname).length > 0) {
      errs.push(
        invalid(
          'metadata.name',
          job.metadata?.name ?? '',
          `will not able to create pod with invalid DNS label: ${hostname}`,
        ),
      );
    }
  }
  return errs;
}

function validateJobUpdate(job: JobObject, old: JobObject): FieldError[] {
  const oldLabels = old.spec?.template?.metadata?.labels ?? {};
  const requirePrefixed = CONTROLLER_UID_LABEL in oldLabels && JOB_NAME_LABEL in oldLabels;
  const errs = validateJob(job, requirePrefixed);
  const spec: JsonObject = job.spec ?? {};
  const oldSpec: JsonObject = old.spec ?? {};
  // Completions may change only on Indexed jobs, together with parallelism (elastic indexed jobs).
  if (spec.completionMode !== 'Indexed')
    errs.push(...validateImmutableJson(spec.completions, oldSpec.completions, 'spec.completions'));
  else if (
    !deepEqual(spec.completions, oldSpec.completions) &&
    spec.completions != null &&
    spec.completions !== spec.parallelism
  ) {
    errs.push(
      invalid('spec.completions', spec.completions, 'can only be modified in tandem with spec.parallelism'),
    );
  }
  errs.push(...validateImmutableJson(spec.selector, oldSpec.selector, 'spec.selector'));
  errs.push(...validateImmutableJson(spec.template, mutableSchedulingTemplate(job, old), 'spec.template'));
  for (const field of [
    'completionMode',
    'podFailurePolicy',
    'backoffLimitPerIndex',
    'managedBy',
    'successPolicy',
  ]) {
    errs.push(...validateImmutableJson(spec[field], oldSpec[field], child('spec', field)));
  }
  return errs;
}

/**
 * The old template, with the fields a suspended job that never started may still change (node
 * affinity, node selector, tolerations, labels, annotations, scheduling gates) taken from the new.
 */
function mutableSchedulingTemplate(job: JobObject, old: JobObject): unknown {
  const oldTemplate: JsonObject = structuredClone(old.spec?.template ?? {});
  if (!(old.spec?.suspend === true && old.status?.startTime == null)) return oldTemplate;
  const template: JsonObject = job.spec?.template ?? {};
  const meta = ensure(oldTemplate, 'metadata');
  meta.labels = template.metadata?.labels;
  meta.annotations = template.metadata?.annotations;
  const oldPodSpec = ensure(oldTemplate, 'spec');
  const podSpec: JsonObject = template.spec ?? {};
  oldPodSpec.nodeSelector = podSpec.nodeSelector;
  oldPodSpec.tolerations = podSpec.tolerations;
  oldPodSpec.schedulingGates = podSpec.schedulingGates;
  if (podSpec.affinity == null && oldPodSpec.affinity != null) {
    delete oldPodSpec.affinity.nodeAffinity;
    if (Object.keys(oldPodSpec.affinity).length === 0) delete oldPodSpec.affinity;
  } else if (podSpec.affinity != null) {
    oldPodSpec.affinity = { ...(oldPodSpec.affinity ?? {}), nodeAffinity: podSpec.affinity.nodeAffinity };
    if (oldPodSpec.affinity.nodeAffinity === undefined) delete oldPodSpec.affinity.nodeAffinity;
  }
  return oldTemplate;
}

function validateJobStatus(job: JobObject): FieldError[] {
  const status: JsonObject = job.status ?? {};
  const errs: FieldError[] = [];
  for (const field of ['active', 'succeeded', 'failed', 'ready', 'terminating'])
    errs.push(...nonNegative(status[field], child('status', field)));
  const conditions: JsonObject[] = Array.isArray(status.conditions) ? status.conditions : [];
  const isTrue = (type: string) => conditions.some((c) => c?.type === type && c?.status === 'True');
  if (isTrue('Complete') && isTrue('Failed')) {
    errs.push(
      invalid(
        'status.conditions',
        { type: 'Complete' },
        'cannot set Complete=True and Failed=true conditions',
      ),
    );
  }
  return errs;
}

function jobStatusText(job: JobObject): string {
  const conditions = job.status?.conditions ?? [];
  const has = (type: string) => {
    const condition = conditions.find((c) => c.type === type);
    return condition?.status === 'True';
  };
  if (has('Complete')) return 'Complete';
  if (has('Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (has('Suspended')) return 'Suspended';
  if (has('FailureTarget')) return 'FailureTarget';
  return 'Running';
}

/** The Completions cell: succeeded of completions (or of 1, with the parallelism when above 1). */
function completionsText(job: JobObject): string {
  const spec = job.spec;
  const succeeded = job.status?.succeeded ?? 0;
  if (spec?.completions != null) return `${succeeded}/${spec.completions}`;
  if ((spec?.parallelism ?? 0) > 1) return `${succeeded}/1 of ${spec!.parallelism}`;
  return `${succeeded}/1`;
}

/** The Duration cell: from start to completion, or to now while running. */
function durationText(job: JobObject, now: Date): string {
  const start = job.status?.startTime;
  const end = job.status?.completionTime;
  if (start && !end) return humanDuration(now.getTime() - Date.parse(start));
  if (start && end) return humanDuration(Date.parse(end) - Date.parse(start));
  return '';
}

export const jobStrategy: ResourceStrategy<JobObject> = {
  group: 'batch',
  kind: 'Job',
  resource: 'jobs',
  singular: 'job',
  namespaced: true,
  defaultPropagationPolicy: 'Orphan',
  tracksGeneration: true,
  versions: ['v1'],
  categories: ['all'],
  subresources: { status: true },

  defaults: defaultJob,
  prepareForCreate(job) {
    hooks.prepareForCreate(job);
    if (job.spec?.manualSelector !== true) generateSelector(job);
    // Upstream re-defaults on every read, which copies the now-labelled template's labels onto an
    // unlabelled job; doing it once here stores what upstream serves.
    const meta = ensure(job, 'metadata');
    const templateLabels = job.spec?.template?.metadata?.labels;
    if (templateLabels && Object.keys(meta.labels ?? {}).length === 0) meta.labels = { ...templateLabels };
  },
  prepareForUpdate: hooks.prepareForUpdate,
  prepareForStatusUpdate: hooks.prepareForStatusUpdate,

  validate: (job) => validateJob(job, true),
  validateUpdate: validateJobUpdate,
  validateStatusUpdate: validateJobStatus,
  warnings(job, old) {
    const template = hooks.warnings(job, old);
    if (old) return template;
    const msgs = isDNS1123Label(job.metadata?.name ?? '');
    return msgs.length === 0
      ? template
      : [
          `metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [${msgs.join(' ')}]`,
          ...template,
        ];
  },

  selectableFields: (job) => ({ 'status.successful': String(job.status?.succeeded ?? 0) }),
  table: workloadTable<JobObject>({
    columns: [
      [column('Status', 'Status of the job.'), jobStatusText],
      [
        column(
          'Completions',
          'The number of pods which reached phase Succeeded. The value increases monotonically for a given spec. However, it may decrease in reaction to scale down of elastic indexed jobs.',
        ),
        completionsText,
      ],
      [column('Duration', 'Time required to complete the job.'), durationText],
    ],
    containers: (job) => job.spec?.template?.spec?.containers,
    selector: {
      description:
        'A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors',
      cell: (job) => formatLabelSelector(job.spec?.selector),
    },
  }),
};
