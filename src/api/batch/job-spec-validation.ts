// Validation of a JobSpec (upstream batch validateJobSpec / ValidateJobSpec), shared by Jobs and
// by the job templates of CronJobs.
import type { JobSpec } from 'kubernetes-types/batch/v1.js';
import type { FieldError } from '../../machinery/status.ts';
import { validatePodTemplateSpec } from '../core/pod-spec/validate.ts';
import {
  duplicate,
  forbidden,
  invalid,
  nonNegative,
  notSupported,
  required,
  sorted,
} from '../internal/field-errors.ts';
import { child, index } from '../internal/field-paths.ts';
import { type JsonObject, list } from '../internal/loose-json.ts';
import { validateLabelSelector } from '../internal/meta.ts';
import { selectorConverts, validateSelectorMatchesTemplate } from '../internal/workloads/validation.ts';

const MAX_PARALLELISM_FOR_INDEXED_JOB = 100000;
const MAX_COMPLETIONS_WITH_BACKOFF_LIMIT_PER_INDEX = 100000;
const MAX_FAILED_INDEXES_WITH_BACKOFF_LIMIT_PER_INDEX = 100000;
const MAX_POD_FAILURE_POLICY_RULES = 20;
const POD_FAILURE_ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const REPLACEMENT_POLICIES = ['Failed', 'TerminatingOrFailed'];

/** The rules every JobSpec follows, with or without a selector (job templates have none). */
export function validateJobSpecCommon(jobSpec: JobSpec | undefined, path: string): FieldError[] {
  const spec: JsonObject = jobSpec ?? {};
  const errs: FieldError[] = [];
  for (const field of [
    'parallelism',
    'completions',
    'activeDeadlineSeconds',
    'backoffLimit',
    'ttlSecondsAfterFinished',
  ]) {
    errs.push(...nonNegative(spec[field], child(path, field)));
  }
  const indexed = spec.completionMode === 'Indexed';
  if (spec.backoffLimitPerIndex != null) {
    errs.push(...nonNegative(spec.backoffLimitPerIndex, child(path, 'backoffLimitPerIndex')));
    if (!indexed)
      errs.push(
        invalid(
          child(path, 'backoffLimitPerIndex'),
          spec.backoffLimitPerIndex,
          'requires indexed completion mode',
        ),
      );
  }
  if (spec.maxFailedIndexes != null) {
    errs.push(...nonNegative(spec.maxFailedIndexes, child(path, 'maxFailedIndexes')));
    if (spec.backoffLimitPerIndex == null) {
      errs.push(required(child(path, 'backoffLimitPerIndex'), 'when maxFailedIndexes is specified'));
    }
  }
  if (spec.managedBy != null) errs.push(...validateManagedBy(spec.managedBy, child(path, 'managedBy')));
  if (spec.completionMode != null) {
    if (spec.completionMode !== 'NonIndexed' && spec.completionMode !== 'Indexed') {
      errs.push(notSupported(child(path, 'completionMode'), spec.completionMode, ['NonIndexed', 'Indexed']));
    }
    if (indexed) {
      if (spec.completions == null)
        errs.push(required(child(path, 'completions'), 'when completion mode is Indexed'));
      if (spec.parallelism != null && spec.parallelism > MAX_PARALLELISM_FOR_INDEXED_JOB) {
        errs.push(
          invalid(
            child(path, 'parallelism'),
            spec.parallelism,
            `must be less than or equal to ${MAX_PARALLELISM_FOR_INDEXED_JOB} when completion mode is Indexed`,
          ),
        );
      }
      if (
        spec.completions != null &&
        spec.maxFailedIndexes != null &&
        spec.maxFailedIndexes > spec.completions
      ) {
        errs.push(
          invalid(
            child(path, 'maxFailedIndexes'),
            spec.maxFailedIndexes,
            'must be less than or equal to completions',
          ),
        );
      }
      if (spec.backoffLimitPerIndex != null) {
        if (
          spec.maxFailedIndexes != null &&
          spec.maxFailedIndexes > MAX_FAILED_INDEXES_WITH_BACKOFF_LIMIT_PER_INDEX
        ) {
          errs.push(
            invalid(
              child(path, 'maxFailedIndexes'),
              spec.maxFailedIndexes,
              `must be less than or equal to ${MAX_FAILED_INDEXES_WITH_BACKOFF_LIMIT_PER_INDEX}`,
            ),
          );
        }
        if (spec.completions != null && spec.completions > MAX_COMPLETIONS_WITH_BACKOFF_LIMIT_PER_INDEX) {
          errs.push(
            invalid(
              child(path, 'completions'),
              spec.completions,
              `must be less than or equal to ${MAX_COMPLETIONS_WITH_BACKOFF_LIMIT_PER_INDEX} when backoffLimitPerIndex is specified`,
            ),
          );
        }
      }
    }
  }
  if (spec.podFailurePolicy != null)
    errs.push(...validatePodFailurePolicy(spec.podFailurePolicy, child(path, 'podFailurePolicy'), indexed));
  if (spec.podReplacementPolicy != null) {
    const rpPath = child(path, 'podReplacementPolicy');
    if (spec.podFailurePolicy != null) {
      if (spec.podReplacementPolicy !== 'Failed')
        errs.push(notSupported(rpPath, spec.podReplacementPolicy, ['Failed']));
    } else if (!REPLACEMENT_POLICIES.includes(spec.podReplacementPolicy)) {
      errs.push(notSupported(rpPath, spec.podReplacementPolicy, REPLACEMENT_POLICIES));
    }
  }
  const templatePath = child(path, 'template');
  errs.push(...validatePodTemplateSpec(spec.template ?? {}, templatePath));
  const restartPolicy = spec.template?.spec?.restartPolicy ?? '';
  const restartPath = child(templatePath, 'spec', 'restartPolicy');
  if (restartPolicy === 'Always' || restartPolicy === '') {
    errs.push(required(restartPath, 'valid values: "OnFailure", "Never"'));
  } else if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') {
    errs.push(notSupported(restartPath, restartPolicy, ['OnFailure', 'Never']));
  } else if (spec.podFailurePolicy != null && restartPolicy !== 'Never') {
    errs.push(
      invalid(restartPath, restartPolicy, 'only "Never" is supported when podFailurePolicy is specified'),
    );
  }
  return errs;
}

/** `ValidateJobSpec`: the common rules plus a required selector that selects the template. */
export function validateJobSpec(jobSpec: JobSpec | undefined, path: string): FieldError[] {
  const spec: JsonObject = jobSpec ?? {};
  const errs = validateJobSpecCommon(jobSpec, path);
  if (spec.selector == null) errs.push(required(child(path, 'selector')));
  else errs.push(...validateLabelSelector(spec.selector, child(path, 'selector')));
  if (selectorConverts(spec.selector)) {
    errs.push(
      ...validateSelectorMatchesTemplate(
        spec.selector,
        spec.template,
        child(path, 'template', 'metadata', 'labels'),
      ),
    );
  }
  return errs;
}

function validateManagedBy(managedBy: unknown, path: string): FieldError[] {
  const value = typeof managedBy === 'string' ? managedBy : '';
  const errs: FieldError[] = [];
  if (value.length > 63)
    errs.push({ type: 'FieldValueTooLong', field: path, detail: 'may not be more than 63 bytes' });
  // A domain-prefixed path: `example.com/controller`.
  const slash = value.indexOf('/');
  const domain = slash > 0 ? value.slice(0, slash) : '';
  const rest = slash > 0 ? value.slice(slash + 1) : '';
  if (
    !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(domain) ||
    !/^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(rest)
  ) {
    errs.push(invalid(path, value, 'must be a domain-prefixed path (such as "acme.io/foo")'));
  }
  return errs;
}

function validatePodFailurePolicy(policy: JsonObject, path: string, indexed: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const rules = list(policy.rules);
  const rulesPath = child(path, 'rules');
  if (rules.length > MAX_POD_FAILURE_POLICY_RULES) {
    errs.push({
      type: 'FieldValueTooMany',
      field: rulesPath,
      detail: `must have at most ${MAX_POD_FAILURE_POLICY_RULES} items`,
    });
  }
  const containerNames = new Set<string>();
  rules.forEach((raw, i) => {
    const rule: JsonObject = typeof raw === 'object' && raw !== null ? raw : {};
    const rPath = index(rulesPath, i);
    if (rule.action === 'FailIndex' && !indexed) {
      errs.push(
        forbidden(
          child(rPath, 'action'),
          'The action FailIndex is not allowed when backoffLimitPerIndex is not set',
        ),
      );
    } else if (!POD_FAILURE_ACTIONS.includes(rule.action)) {
      errs.push(notSupported(child(rPath, 'action'), rule.action ?? '', sorted(POD_FAILURE_ACTIONS)));
    }
    const hasExit = rule.onExitCodes != null;
    const hasConditions = rule.onPodConditions != null;
    if (hasExit && hasConditions)
      errs.push(
        invalid(rPath, 'onExitCodes', 'specifying both OnExitCodes and OnPodConditions is not supported'),
      );
    else if (!hasExit && !hasConditions)
      errs.push(invalid(rPath, '', 'specifying one of OnExitCodes and OnPodConditions is required'));
    if (hasExit) {
      const exit: JsonObject = rule.onExitCodes;
      const ePath = child(rPath, 'onExitCodes');
      if (exit.containerName != null) containerNames.add(exit.containerName);
      if (exit.operator !== 'In' && exit.operator !== 'NotIn') {
        errs.push(notSupported(child(ePath, 'operator'), exit.operator ?? '', ['In', 'NotIn']));
      }
      const values: number[] = list(exit.values);
      if (values.length === 0) errs.push(required(child(ePath, 'values'), 'at least one value is required'));
      else if (values.length > 255) {
        errs.push({
          type: 'FieldValueTooMany',
          field: child(ePath, 'values'),
          detail: 'must have at most 255 items',
        });
      }
      values.forEach((v, j) => {
        const vPath = index(child(ePath, 'values'), j);
        if (j > 0 && values.indexOf(v) < j) errs.push(duplicate(vPath, v));
        if (exit.operator === 'In' && v === 0)
          errs.push(invalid(vPath, v, 'must not be 0 for the In operator'));
        if (j > 0 && v < values[j - 1]!) errs.push(invalid(vPath, v, 'must be ordered'));
      });
    }
    list(rule.onPodConditions).forEach((pattern, j) => {
      const cPath = index(child(rPath, 'onPodConditions'), j);
      const status = pattern?.status ?? '';
      if (!['True', 'False', 'Unknown'].includes(status))
        errs.push(notSupported(child(cPath, 'status'), status, ['True', 'False', 'Unknown']));
    });
  });
  return errs;
}
