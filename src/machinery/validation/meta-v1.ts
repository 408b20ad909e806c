// Validation of meta/v1 types other than ObjectMeta: request options (create/update/patch/delete),
// managedFields, metav1.Condition lists, TableOptions (upstream: apis/meta/v1/validation).
// The API server runs the option checks on every write; strategies use validateConditions for
// status.conditions of kinds that use the standard Condition type.

import type { Condition, ManagedFieldsEntry } from 'kubernetes-types/meta/v1.d.ts';
import { isGoPrintable } from '../go-format.ts';
import type { FieldError } from '../status.ts';
import {
  duplicate,
  forbidden,
  invalid,
  invalidEach,
  notSupported,
  required,
  tooLong,
} from './field-errors.ts';
import { isQualifiedName, regexError, utf8Length } from './names.ts';

export const FIELD_MANAGER_MAX_LENGTH = 128;
export const MAX_SUBRESOURCE_NAME_LENGTH = 256;

/** The common case of every write: nothing to report, without walking code points. */
function isPrintableAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f) return false;
  }
  return true;
}

export function validateFieldManager(fieldManager: string | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!fieldManager) return errs;
  if (fieldManager.length <= FIELD_MANAGER_MAX_LENGTH && isPrintableAscii(fieldManager)) return errs;
  if (utf8Length(fieldManager) > FIELD_MANAGER_MAX_LENGTH) errs.push(tooLong(path, FIELD_MANAGER_MAX_LENGTH));
  let bytePos = 0;
  for (const ch of fieldManager) {
    const cp = ch.codePointAt(0)!;
    if (!isGoPrintable(cp)) {
      const u = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
      errs.push(invalid(path, fieldManager, `invalid character ${u} (at position ${bytePos})`));
    }
    bytePos += utf8Length(ch);
  }
  return errs;
}

export function validateDryRun(dryRun: string[] | undefined, path: string): FieldError[] {
  if (!dryRun || dryRun.every((d) => d === 'All')) return [];
  return [notSupported(path, dryRun, ['All'])];
}

const FIELD_VALIDATION_VALUES = ['', 'Ignore', 'Strict', 'Warn'];

export function validateFieldValidation(fieldValidation: string | undefined, path: string): FieldError[] {
  if (fieldValidation === undefined || FIELD_VALIDATION_VALUES.includes(fieldValidation)) return [];
  return [notSupported(path, fieldValidation, FIELD_VALIDATION_VALUES)];
}

export interface WriteOptions {
  dryRun?: string[];
  fieldManager?: string;
  fieldValidation?: string;
}

/** CreateOptions and UpdateOptions share these checks. */
export function validateCreateOptions(options: WriteOptions): FieldError[] {
  return [
    ...validateFieldManager(options.fieldManager, 'fieldManager'),
    ...validateDryRun(options.dryRun, 'dryRun'),
    ...validateFieldValidation(options.fieldValidation, 'fieldValidation'),
  ];
}

export const validateUpdateOptions = validateCreateOptions;

export function validatePatchOptions(
  options: WriteOptions & { force?: boolean },
  patchType: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const isApply =
    patchType === 'application/apply-patch+yaml' || patchType === 'application/apply-patch+cbor';
  if (isApply) {
    if (!options.fieldManager) errs.push(required('fieldManager', 'is required for apply patch'));
  } else if (options.force !== undefined) {
    errs.push(forbidden('force', 'may not be specified for non-apply patch'));
  }
  errs.push(...validateCreateOptions(options));
  return errs;
}

export interface DeleteOptions {
  dryRun?: string[];
  gracePeriodSeconds?: number;
  orphanDependents?: boolean;
  propagationPolicy?: string;
  preconditions?: { resourceVersion?: string; uid?: string };
  ignoreStoreReadErrorWithClusterBreakingPotential?: boolean;
}

export function validateDeleteOptions(options: DeleteOptions): FieldError[] {
  const errs: FieldError[] = [];
  const policy = options.propagationPolicy;
  if (options.orphanDependents !== undefined && policy !== undefined) {
    errs.push(
      invalid('propagationPolicy', policy, 'orphanDependents and deletionPropagation cannot be both set'),
    );
  }
  if (policy !== undefined && policy !== 'Foreground' && policy !== 'Background' && policy !== 'Orphan') {
    errs.push(notSupported('propagationPolicy', policy, ['Foreground', 'Background', 'Orphan', 'nil']));
  }
  errs.push(...validateDryRun(options.dryRun, 'dryRun'));
  if (options.ignoreStoreReadErrorWithClusterBreakingPotential === true) {
    const path = 'ignoreStoreReadErrorWithClusterBreakingPotential';
    if (options.dryRun?.length) errs.push(invalid(path, true, 'cannot be set together with .dryRun'));
    if (policy !== undefined)
      errs.push(invalid(path, true, 'cannot be set together with .propagationPolicy'));
    if (options.orphanDependents !== undefined)
      errs.push(invalid(path, true, 'cannot be set together with .orphanDependents'));
    if (options.gracePeriodSeconds !== undefined)
      errs.push(invalid(path, true, 'cannot be set together with .gracePeriodSeconds'));
    if (options.preconditions !== undefined)
      errs.push(invalid(path, true, 'cannot be set together with .preconditions'));
  }
  return errs;
}

export function validateManagedFields(entries: ManagedFieldsEntry[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!entries) return errs;
  entries.forEach((entry, i) => {
    const p = `${path}[${i}]`;
    if (entry.operation !== 'Apply' && entry.operation !== 'Update') {
      errs.push(invalid(`${p}.operation`, entry.operation ?? '', 'must be `Apply` or `Update`'));
    }
    if (entry.fieldsType && entry.fieldsType !== 'FieldsV1') {
      errs.push(invalid(`${p}.fieldsType`, entry.fieldsType, 'must be `FieldsV1`'));
    }
    errs.push(...validateFieldManager(entry.manager, `${p}.manager`));
    if (entry.subresource && utf8Length(entry.subresource) > MAX_SUBRESOURCE_NAME_LENGTH) {
      errs.push(tooLong(`${p}.subresource`, MAX_SUBRESOURCE_NAME_LENGTH));
    }
  });
  return errs;
}

const CONDITION_REASON_FMT = '[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?';
const CONDITION_REASON_ERR =
  "a condition reason must start with alphabetic character, optionally followed by a string of alphanumeric characters or '_,:', and must end with an alphanumeric character or '_'";
const conditionReasonRe = new RegExp(`^${CONDITION_REASON_FMT}$`);
const MAX_REASON_LENGTH = 1024;
const MAX_MESSAGE_LENGTH = 32 * 1024;

export function validateCondition(condition: Condition, path: string): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...invalidEach(`${path}.type`, condition.type ?? '', isQualifiedName(condition.type ?? '')));
  if (!['False', 'True', 'Unknown'].includes(condition.status)) {
    errs.push(notSupported(`${path}.status`, condition.status ?? '', ['False', 'True', 'Unknown']));
  }
  if ((condition.observedGeneration ?? 0) < 0) {
    errs.push(
      invalid(
        `${path}.observedGeneration`,
        condition.observedGeneration,
        'must be greater than or equal to zero',
      ),
    );
  }
  if (!condition.lastTransitionTime) errs.push(required(`${path}.lastTransitionTime`, 'must be set'));
  if (!condition.reason) {
    errs.push(required(`${path}.reason`, 'must be set'));
  } else {
    if (!conditionReasonRe.test(condition.reason)) {
      errs.push(
        invalid(
          `${path}.reason`,
          condition.reason,
          regexError(
            CONDITION_REASON_ERR,
            CONDITION_REASON_FMT,
            'my_name',
            'MY_NAME',
            'MyName',
            'ReasonA,ReasonB',
            'ReasonA:ReasonB',
          ),
        ),
      );
    }
    if (utf8Length(condition.reason) > MAX_REASON_LENGTH)
      errs.push(tooLong(`${path}.reason`, MAX_REASON_LENGTH));
  }
  if (condition.message && utf8Length(condition.message) > MAX_MESSAGE_LENGTH) {
    errs.push(tooLong(`${path}.message`, MAX_MESSAGE_LENGTH));
  }
  return errs;
}

/** A list of metav1.Condition: each valid, types unique. */
export function validateConditions(conditions: Condition[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (conditions ?? []).forEach((c, i) => {
    if (seen.has(c.type)) errs.push(duplicate(`${path}[${i}].type`, c.type));
    else seen.add(c.type);
    errs.push(...validateCondition(c, `${path}[${i}]`));
  });
  return errs;
}

export function validateTableOptions(includeObject: string | undefined): FieldError[] {
  if (includeObject === undefined || ['', 'Metadata', 'None', 'Object'].includes(includeObject)) return [];
  return [invalid('includeObject', includeObject, "must be 'Metadata', 'Object', 'None', or empty")];
}
