// Validation of `metadata` on create and update, shared by every kind's strategy
// (upstream: k8s.io/apimachinery/pkg/api/validation/objectmeta.go). Errors come out in upstream's
// order so that multi-error messages read the same: generateName, name, namespace, generation,
// labels, annotations, ownerReferences, finalizers, managedFields.

import type { ObjectMeta, OwnerReference } from 'kubernetes-types/meta/v1.d.ts';
import { goTimeString, goValue } from '../go-format.ts';
import type { FieldError } from '../status.ts';
import { instantToMillis, parseTime } from '../time.ts';
import {
  FIELD_IMMUTABLE_ERROR_MSG,
  forbidden,
  invalid,
  invalidEach,
  required,
  tooLong,
  validateImmutableField,
  validateNonnegativeField,
} from './field-errors.ts';
import { validateManagedFields } from './meta-v1.ts';
import {
  isQualifiedName,
  isValidLabelValue,
  type NameValidator,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  nameIsPathSegment,
  utf8Length,
  validateNamespaceName,
} from './names.ts';

export const TOTAL_ANNOTATION_SIZE_LIMIT_BYTES = 256 * 1024;
export const FINALIZER_ORPHAN_DEPENDENTS = 'orphan';
export const FINALIZER_DELETE_DEPENDENTS = 'foregroundDeletion';

/** Label map validation (keys qualified names, values label values), all errors at `path` itself. */
export function validateLabels(labels: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!labels) return errs;
  for (const key in labels) {
    errs.push(...invalidEach(path, key, isQualifiedName(key)));
    const value = labels[key]!;
    errs.push(...invalidEach(path, value, isValidLabelValue(value)));
  }
  return errs;
}

/** Annotation keys are qualified names (checked lower-cased), and all of them total ≤ 256 KiB. */
export function validateAnnotations(
  annotations: Record<string, string> | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  if (!annotations) return errs;
  let total = 0;
  for (const key in annotations) {
    errs.push(...invalidEach(path, key, isQualifiedName(key.toLowerCase())));
    total += utf8Length(key) + utf8Length(annotations[key]!);
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES) errs.push(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT_BYTES));
  return errs;
}

/** Splits an apiVersion as upstream's schema.ParseGroupVersion; undefined when malformed. */
function parseGroupVersion(apiVersion: string): { group: string; version: string } | undefined {
  if (apiVersion === '' || apiVersion === '/') return { group: '', version: '' };
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return { group: '', version: apiVersion };
  if (apiVersion.indexOf('/', slash + 1) >= 0) return undefined;
  return { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

function validateOwnerReference(ref: OwnerReference, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const gv = parseGroupVersion(ref.apiVersion ?? '') ?? { group: '', version: '' };
  const kind = ref.kind ?? '';
  if (gv.version === '')
    errs.push(invalid(`${path}.apiVersion`, ref.apiVersion ?? '', 'version must not be empty'));
  if (kind === '') errs.push(invalid(`${path}.kind`, kind, 'kind must not be empty'));
  if (!ref.name) errs.push(invalid(`${path}.name`, ref.name ?? '', 'name must not be empty'));
  if (!ref.uid) errs.push(invalid(`${path}.uid`, ref.uid ?? '', 'uid must not be empty'));
  // Events may not own anything (upstream's BannedOwners).
  if (gv.group === '' && gv.version === 'v1' && kind === 'Event') {
    errs.push(
      invalid(path, ref, `${gv.group}/${gv.version}, Kind=${kind} is disallowed from being an owner`),
    );
  }
  return errs;
}

export function validateOwnerReferences(refs: OwnerReference[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!refs) return errs;
  let firstController = '';
  for (const ref of refs) {
    errs.push(...validateOwnerReference(ref, path));
    if (ref.controller === true) {
      const current = `${ref.kind}/${ref.name}`;
      if (firstController !== '') {
        errs.push(
          invalid(
            path,
            refs,
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
          ),
        );
      } else {
        firstController = current;
      }
    }
  }
  return errs;
}

export function validateFinalizerName(name: string, path: string): FieldError[] {
  return invalidEach(path, name, isQualifiedName(name));
}

export function validateFinalizers(finalizers: string[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!finalizers) return errs;
  for (const f of finalizers) errs.push(...validateFinalizerName(f, path));
  if (finalizers.includes(FINALIZER_ORPHAN_DEPENDENTS) && finalizers.includes(FINALIZER_DELETE_DEPENDENTS)) {
    errs.push(
      invalid(
        path,
        finalizers,
        `finalizer ${FINALIZER_ORPHAN_DEPENDENTS} and ${FINALIZER_DELETE_DEPENDENTS} cannot be both set`,
      ),
    );
  }
  return errs;
}

/** While an object is being deleted, finalizers may only be removed. */
export function validateNoNewFinalizers(
  newFinalizers: string[] | undefined,
  oldFinalizers: string[] | undefined,
  path: string,
): FieldError[] {
  const old = new Set(oldFinalizers ?? []);
  const extra = [...new Set((newFinalizers ?? []).filter((f) => !old.has(f)))].sort();
  if (extra.length === 0) return [];
  return [
    forbidden(
      path,
      `no new finalizers can be added if the object is being deleted, found new finalizers ${goValue(extra)}`,
    ),
  ];
}

export type NameRule = 'subdomain' | 'label' | 'dns1035' | 'path-segment' | 'custom';

export interface ObjectMetaOptions {
  /** Whether the kind lives in a namespace (namespace then required, else forbidden). */
  namespaced: boolean;
  /** Which rule names follow; most kinds use 'subdomain', namespaces and services 'label'/'dns1035'. */
  nameRule: NameRule;
  /** The rule when nameRule is 'custom'. */
  validateName?: NameValidator;
}

function nameValidator(opts: ObjectMetaOptions): NameValidator {
  switch (opts.nameRule) {
    case 'subdomain':
      return nameIsDNSSubdomain;
    case 'label':
      return nameIsDNSLabel;
    case 'dns1035':
      return nameIsDNS1035Label;
    case 'path-segment':
      return nameIsPathSegment;
    case 'custom':
      if (!opts.validateName) throw new Error("validateObjectMeta: nameRule 'custom' needs validateName");
      return opts.validateName;
  }
}

/** The checks ValidateObjectMeta and ValidateObjectMetaUpdate both make, of the new metadata. */
interface SharedChecks {
  labels: FieldError[];
  annotations: FieldError[];
  ownerReferences: FieldError[];
  managedFields: FieldError[];
}

function sharedChecks(m: ObjectMeta, path: string): SharedChecks {
  return {
    labels: validateLabels(m.labels, `${path}.labels`),
    annotations: validateAnnotations(m.annotations, `${path}.annotations`),
    ownerReferences: validateOwnerReferences(m.ownerReferences, `${path}.ownerReferences`),
    managedFields: validateManagedFields(m.managedFields, `${path}.managedFields`),
  };
}

const copies = (errs: FieldError[]) => errs.map((e) => ({ ...e }));

/**
 * validateObjectMeta followed by validateObjectMetaUpdate (what a generic update checks), with
 * the checks both make run once: the same errors, in the same order.
 */
export function validateObjectMetaAndUpdate(
  newMeta: ObjectMeta | undefined,
  oldMeta: ObjectMeta | undefined,
  opts: ObjectMetaOptions,
  path = 'metadata',
): FieldError[] {
  const shared = sharedChecks(newMeta ?? {}, path);
  const created = validateObjectMeta(newMeta, opts, path, shared);
  const updated = validateObjectMetaUpdate(newMeta, oldMeta, path, {
    labels: copies(shared.labels),
    annotations: copies(shared.annotations),
    ownerReferences: copies(shared.ownerReferences),
    managedFields: copies(shared.managedFields),
  });
  return [...created, ...updated];
}

/** Checks metadata of an object being created (upstream's ValidateObjectMeta). */
export function validateObjectMeta(
  meta: ObjectMeta | undefined,
  opts: ObjectMetaOptions,
  path = 'metadata',
  precomputed?: SharedChecks,
): FieldError[] {
  const m = meta ?? {};
  const validate = nameValidator(opts);
  const errs: FieldError[] = [];
  if (m.generateName)
    errs.push(...invalidEach(`${path}.generateName`, m.generateName, validate(m.generateName, true)));
  if (!m.name) errs.push(required(`${path}.name`, 'name or generateName is required'));
  else errs.push(...invalidEach(`${path}.name`, m.name, validate(m.name, false)));
  if (opts.namespaced) {
    if (!m.namespace) errs.push(required(`${path}.namespace`));
    else
      errs.push(...invalidEach(`${path}.namespace`, m.namespace, validateNamespaceName(m.namespace, false)));
  } else if (m.namespace) {
    errs.push(forbidden(`${path}.namespace`, 'not allowed on this type'));
  }
  errs.push(...validateNonnegativeField(m.generation ?? 0, `${path}.generation`));
  const shared = precomputed ?? sharedChecks(m, path);
  errs.push(...shared.labels);
  errs.push(...shared.annotations);
  errs.push(...shared.ownerReferences);
  errs.push(...validateFinalizers(m.finalizers, `${path}.finalizers`));
  errs.push(...shared.managedFields);
  return errs;
}

/** A metav1.Time field as an instant in ms, undefined when absent; unparsable text compares as text. */
function timeValue(t: string | undefined | null): number | string | undefined {
  if (t === undefined || t === null || t === '') return undefined;
  try {
    return instantToMillis(parseTime(t));
  } catch {
    return t;
  }
}

/** Go prints a time as `2006-01-02 15:04:05 +0000 UTC`; a nil *Time as "null", a zero Time as year 1. */
function timeText(t: number | string | undefined, pointer: boolean): string {
  if (t === undefined) return pointer ? '"null"' : '0001-01-01 00:00:00 +0000 UTC';
  return typeof t === 'number' ? goTimeString(t) : JSON.stringify(t);
}

function immutableTime(
  newT: string | undefined,
  oldT: string | undefined,
  field: string,
  pointer: boolean,
): FieldError[] {
  // The same text is the same instant (and an update nearly always carries the stored text).
  if (newT === oldT) return [];
  const a = timeValue(newT);
  const b = timeValue(oldT);
  if (a === b) return [];
  return [
    {
      type: 'FieldValueInvalid',
      field,
      value: newT ?? null,
      valueText: timeText(a, pointer),
      detail: FIELD_IMMUTABLE_ERROR_MSG,
    },
  ];
}

/** Checks metadata of an update against the stored object (upstream's ValidateObjectMetaUpdate). */
export function validateObjectMetaUpdate(
  newMeta: ObjectMeta | undefined,
  oldMeta: ObjectMeta | undefined,
  path = 'metadata',
  precomputed?: SharedChecks,
): FieldError[] {
  const n = newMeta ?? {};
  const o = oldMeta ?? {};
  const errs: FieldError[] = [];
  if (o.deletionTimestamp)
    errs.push(...validateNoNewFinalizers(n.finalizers, o.finalizers, `${path}.finalizers`));
  if (!n.resourceVersion)
    errs.push(invalid(`${path}.resourceVersion`, n.resourceVersion ?? '', 'must be specified for an update'));
  if ((n.generation ?? 0) < (o.generation ?? 0))
    errs.push(invalid(`${path}.generation`, n.generation ?? 0, 'must not be decremented'));
  errs.push(...validateImmutableField(n.name ?? '', o.name ?? '', `${path}.name`));
  errs.push(...validateImmutableField(n.namespace ?? '', o.namespace ?? '', `${path}.namespace`));
  errs.push(...validateImmutableField(n.uid ?? '', o.uid ?? '', `${path}.uid`));
  errs.push(...immutableTime(n.creationTimestamp, o.creationTimestamp, `${path}.creationTimestamp`, false));
  errs.push(...immutableTime(n.deletionTimestamp, o.deletionTimestamp, `${path}.deletionTimestamp`, true));
  errs.push(
    ...validateImmutableField(
      n.deletionGracePeriodSeconds ?? null,
      o.deletionGracePeriodSeconds ?? null,
      `${path}.deletionGracePeriodSeconds`,
    ),
  );
  const shared = precomputed ?? sharedChecks(n, path);
  errs.push(...shared.labels);
  errs.push(...shared.annotations);
  errs.push(...shared.ownerReferences);
  errs.push(...shared.managedFields);
  return errs;
}
