// storage.k8s.io/v1 StorageClass: cluster-scoped; provisioner, parameters, reclaimPolicy and
// volumeBindingMode are fixed after create. Defaults: reclaimPolicy Delete, volumeBindingMode
// Immediate. The table marks the default class with ` (default)`.
import type { TopologySelectorTerm } from 'kubernetes-types/core/v1.d.ts';
import type { StorageClass } from 'kubernetes-types/storage/v1.d.ts';
import { isQualifiedName, utf8Length } from '../../machinery/validation/names.ts';
import { VOLUME_BINDING_MODES } from '../internal/enum-values.ts';
import {
  duplicate,
  type FieldError,
  forbidden,
  invalid,
  invalidEach,
  notSupported,
  required,
  tooLong,
  validateImmutableField,
} from '../internal/field-errors.ts';
import { child, index } from '../internal/field-paths.ts';
import { noGeneration } from '../internal/generation.ts';
import { validateLabelName } from '../internal/meta.ts';
import { mapEqual, semanticEqual } from '../internal/semantic.ts';
import { AGE_COLUMN, age, column, NAME_COLUMN } from '../internal/table.ts';
import type { Obj } from '../internal/types.ts';
import type { ResourceStrategy } from '../strategy.ts';

type SC = Obj<StorageClass>;

export const IS_DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
export const BETA_IS_DEFAULT_CLASS_ANNOTATION = 'storageclass.beta.kubernetes.io/is-default-class';
const RECLAIM_POLICIES = ['Delete', 'Retain'];
const MAX_PARAMETERS_SIZE = 256 * 1024;
const MAX_PARAMETERS = 512;

export function isDefaultStorageClass(sc: SC): boolean {
  const a = sc.metadata?.annotations ?? {};
  return a[IS_DEFAULT_CLASS_ANNOTATION] === 'true' || a[BETA_IS_DEFAULT_CLASS_ANNOTATION] === 'true';
}

/** `ValidateTopologySelectorTerm`: each key once, each with at least one distinct value. */
export function validateTopologySelectorTerm(
  term: TopologySelectorTerm,
  path: string,
): { keys: Map<string, Set<string>>; errs: FieldError[] } {
  const errs: FieldError[] = [];
  const keys = new Map<string, Set<string>>();
  (term.matchLabelExpressions ?? []).forEach((req, i) => {
    const p = index(child(path, 'matchLabelExpressions'), i);
    const values = new Set<string>();
    if (!(req.values ?? []).length) errs.push(required(child(p, 'values')));
    (req.values ?? []).forEach((v, j) => {
      if (values.has(v)) errs.push(duplicate(index(child(p, 'values'), j), v));
      values.add(v);
    });
    errs.push(...validateLabelName(req.key ?? '', child(p, 'key')));
    if (keys.has(req.key)) errs.push(duplicate(child(p, 'key'), req.key));
    keys.set(req.key, values);
  });
  return { keys, errs };
}

function validateStorageClass(sc: SC): FieldError[] {
  const errs: FieldError[] = [];
  const provisioner = sc.provisioner ?? '';
  if (!provisioner) errs.push(required('provisioner', ''));
  else
    errs.push(
      ...invalidEach('provisioner', provisioner.toLowerCase(), isQualifiedName(provisioner.toLowerCase())),
    );
  const params = Object.entries(sc.parameters ?? {});
  if (params.length > MAX_PARAMETERS) errs.push(tooLong('parameters', MAX_PARAMETERS));
  else {
    let size = 0;
    for (const [k, v] of params) {
      if (k.length < 1) errs.push(invalid('parameters', k, 'field can not be empty.'));
      size += utf8Length(k) + utf8Length(v ?? '');
    }
    if (size > MAX_PARAMETERS_SIZE) errs.push(tooLong('parameters', MAX_PARAMETERS_SIZE));
  }
  if (sc.reclaimPolicy && !RECLAIM_POLICIES.includes(sc.reclaimPolicy)) {
    errs.push(notSupported('reclaimPolicy', sc.reclaimPolicy, RECLAIM_POLICIES));
  }
  if (sc.volumeBindingMode === undefined) errs.push(required('volumeBindingMode'));
  else if (!VOLUME_BINDING_MODES.includes(sc.volumeBindingMode)) {
    errs.push(notSupported('volumeBindingMode', sc.volumeBindingMode, VOLUME_BINDING_MODES));
  }
  const seen: Map<string, Set<string>>[] = [];
  (sc.allowedTopologies ?? []).forEach((term, i) => {
    const { keys, errs: termErrs } = validateTopologySelectorTerm(term, index('allowedTopologies', i));
    errs.push(...termErrs);
    const asObj = (m: Map<string, Set<string>>) =>
      Object.fromEntries([...m].map(([k, v]) => [k, [...v].sort()]));
    if (seen.some((prev) => semanticEqual(asObj(prev), asObj(keys)))) {
      errs.push(duplicate(child(index('allowedTopologies', i), 'matchLabelExpressions'), ''));
    }
    seen.push(keys);
  });
  return errs;
}

export const storageClassStrategy: ResourceStrategy<SC> = {
  group: 'storage.k8s.io',
  kind: 'StorageClass',
  resource: 'storageclasses',
  singular: 'storageclass',
  namespaced: false,
  versions: ['v1'],
  shortNames: ['sc'],
  generationChanged: noGeneration,

  defaults(sc) {
    sc.reclaimPolicy ??= 'Delete';
    sc.volumeBindingMode ??= 'Immediate';
  },

  validate: validateStorageClass,
  validateUpdate(sc, old) {
    const errs: FieldError[] = [];
    if (!mapEqual(sc.parameters, old.parameters))
      errs.push(forbidden('parameters', 'updates to parameters are forbidden.'));
    if ((sc.provisioner ?? '') !== (old.provisioner ?? ''))
      errs.push(forbidden('provisioner', 'updates to provisioner are forbidden.'));
    if ((sc.reclaimPolicy ?? '') !== (old.reclaimPolicy ?? ''))
      errs.push(forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
    errs.push(...validateImmutableField(sc.volumeBindingMode, old.volumeBindingMode, 'volumeBindingMode'));
    return [...validateStorageClass(sc), ...errs];
  },

  table: {
    columns: [
      NAME_COLUMN,
      column('Provisioner', 'provisioner indicates the type of the provisioner.'),
      column(
        'ReclaimPolicy',
        'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class.',
      ),
      column(
        'VolumeBindingMode',
        'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.',
      ),
      column(
        'AllowVolumeExpansion',
        'allowVolumeExpansion shows whether the storage class allow volume expand.',
      ),
      AGE_COLUMN,
    ],
    row: (sc, now) => [
      `${sc.metadata?.name ?? ''}${isDefaultStorageClass(sc) ? ' (default)' : ''}`,
      sc.provisioner ?? '',
      sc.reclaimPolicy ?? 'Delete',
      sc.volumeBindingMode ?? 'Immediate',
      sc.allowVolumeExpansion ?? false,
      age(sc, now),
    ],
  },
};
