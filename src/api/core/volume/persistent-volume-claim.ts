// core/v1 PersistentVolumeClaim: a request for storage. The spec is fixed after create except
// volumeName (set once by the binder) and, for bound claims, resources.requests (expansion);
// volumeMode defaults to Filesystem; status is the binder's.
import type { PersistentVolumeClaim, PersistentVolumeClaimSpec } from 'kubernetes-types/core/v1.d.ts';
import { isDNS1123Subdomain, validateNamespaceName } from '../../../machinery/validation/names.ts';
import { type FieldError, forbidden, invalid, invalidEach, required } from '../../internal/field-errors.ts';
import { child, key } from '../../internal/field-paths.ts';
import { noGeneration } from '../../internal/generation.ts';
import { quantityAt, quantityText } from '../../internal/json-quantities.ts';
import { validateLabelSelector } from '../../internal/meta.ts';
import { clone, semanticEqual } from '../../internal/semantic.ts';
import { AGE_COLUMN, age, column, NAME_COLUMN } from '../../internal/table.ts';
import { type Obj, writable } from '../../internal/types.ts';
import type { ResourceStrategy } from '../../strategy.ts';
import { validateResourceQuantityValue } from '../internal/resource-names.ts';
import {
  accessModesString,
  BETA_STORAGE_CLASS_ANNOTATION,
  requireResourceVersion,
  storageClassAnnotationWarnings,
  storageClassOf,
  validateAccessModes,
  validateStorageClassAndVolumeMode,
  validateVolumeModeUnchanged,
} from './common.ts';

type PVC = Obj<PersistentVolumeClaim>;
type Spec = Partial<PersistentVolumeClaimSpec>;
type Ref = { apiGroup?: string; kind?: string; name?: string; namespace?: string };

function validateDataSource(ref: Ref, path: string, withNamespace: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (!ref.name) errs.push(required(child(path, 'name')));
  if (!ref.kind) errs.push(required(child(path, 'kind')));
  const group = ref.apiGroup ?? '';
  if (!group && ref.kind !== 'PersistentVolumeClaim') {
    errs.push(
      invalid(path, ref.kind ?? '', "must be 'PersistentVolumeClaim' when referencing the default apiGroup"),
    );
  }
  if (group) errs.push(...invalidEach(child(path, 'apiGroup'), group, isDNS1123Subdomain(group)));
  if (withNamespace && ref.namespace) {
    errs.push(
      ...invalidEach(child(path, 'namespace'), ref.namespace, validateNamespaceName(ref.namespace, false)),
    );
  }
  return errs;
}

/** `ValidatePersistentVolumeClaimSpec`. */
export function validateClaimSpec(spec: Spec, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!(spec.accessModes ?? []).length)
    errs.push(required(child(path, 'accessModes'), 'at least 1 access mode is required'));
  if (spec.selector) errs.push(...validateLabelSelector(spec.selector, child(path, 'selector')));
  errs.push(...validateAccessModes(spec.accessModes ?? [], child(path, 'accessModes')));
  // Upstream's path skips `requests`: spec.resources[storage].
  const storagePath = key(child(path, 'resources'), 'storage');
  const storage = spec.resources?.requests?.storage;
  if (storage === undefined) errs.push(required(storagePath));
  else {
    const q = quantityAt(storage, storagePath, errs);
    if (q && q.sign() <= 0) errs.push(invalid(storagePath, q.toString(), 'must be greater than zero'));
    else if (q) errs.push(...validateResourceQuantityValue('storage', q, storagePath));
  }
  errs.push(...validateStorageClassAndVolumeMode(spec, path));
  if (spec.dataSource) errs.push(...validateDataSource(spec.dataSource, child(path, 'dataSource'), false));
  if (spec.dataSourceRef)
    errs.push(...validateDataSource(spec.dataSourceRef, child(path, 'dataSourceRef'), true));
  if (spec.dataSourceRef?.namespace) {
    if (spec.dataSource)
      errs.push(
        invalid(
          path,
          child(path, 'dataSource'),
          'may not be specified when dataSourceRef.namespace is specified',
        ),
      );
  } else if (spec.dataSource && spec.dataSourceRef) {
    const a = spec.dataSource;
    const b = spec.dataSourceRef;
    if ((a.apiGroup ?? null) !== (b.apiGroup ?? null) || a.kind !== b.kind || a.name !== b.name) {
      errs.push(invalid(path, child(path, 'dataSource'), 'must match dataSourceRef'));
    }
  }
  return errs;
}

/** `NormalizeDataSources`: dataSource and dataSourceRef mirror each other when only one is set. */
function normalizeDataSources(spec: Spec | undefined): void {
  if (!spec) return;
  if (spec.dataSource && !spec.dataSourceRef) {
    const { apiGroup, kind, name } = spec.dataSource;
    spec.dataSourceRef = { ...(apiGroup !== undefined ? { apiGroup } : {}), kind, name };
  } else if (spec.dataSourceRef && !spec.dataSource && !spec.dataSourceRef.namespace) {
    const { apiGroup, kind, name } = spec.dataSourceRef;
    spec.dataSource = { ...(apiGroup !== undefined ? { apiGroup } : {}), kind, name };
  }
}

function validateClaimUpdate(pvc: PVC, old: PVC): FieldError[] {
  const errs = validateClaimSpec(pvc.spec ?? {}, 'spec');
  const next: Spec = clone(pvc.spec) ?? {};
  const before: Spec = clone(old.spec) ?? {};
  // The binder sets volumeName once.
  if (!before.volumeName) before.volumeName = next.volumeName;
  const oldAnnotation = old.metadata?.annotations?.[BETA_STORAGE_CLASS_ANNOTATION];
  const newAnnotation = pvc.metadata?.annotations?.[BETA_STORAGE_CLASS_ANNOTATION];
  if (
    oldAnnotation !== undefined &&
    before.storageClassName === undefined &&
    next.storageClassName === oldAnnotation &&
    (newAnnotation === undefined || newAnnotation === oldAnnotation)
  ) {
    // Upgrade from the beta annotation to the attribute.
    delete next.storageClassName;
  } else {
    if ((newAnnotation ?? '') !== (oldAnnotation ?? '')) {
      errs.push(
        invalid(
          child('metadata', 'annotations', BETA_STORAGE_CLASS_ANNOTATION),
          newAnnotation ?? '',
          'field is immutable',
        ),
      );
    }
    if (
      next.storageClassName !== undefined &&
      before.storageClassName === undefined &&
      (oldAnnotation === undefined || next.storageClassName === oldAnnotation)
    ) {
      before.storageClassName = next.storageClassName;
    }
  }
  const bound = pvc.status?.phase === 'Bound';
  if (bound && next.resources?.requests)
    next.resources.requests.storage = old.spec?.resources?.requests?.storage as string;
  if (bound && (next as { volumeAttributesClassName?: string }).volumeAttributesClassName !== undefined) {
    (next as { volumeAttributesClassName?: string }).volumeAttributesClassName = (
      before as { volumeAttributesClassName?: string }
    ).volumeAttributesClassName;
  }
  if (!semanticEqual(next, before)) {
    errs.push(
      forbidden(
        'spec',
        'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
      ),
    );
  }
  const sink: FieldError[] = [];
  const newSize = quantityAt(pvc.spec?.resources?.requests?.storage, '', sink);
  const oldSize = quantityAt(old.spec?.resources?.requests?.storage, '', sink);
  if (newSize && oldSize && newSize.cmp(oldSize) < 0) {
    // RecoverVolumeExpansionFailure (beta, on): a request may shrink down to, not below, the status.
    const statusSize = quantityAt(old.status?.capacity?.storage, '', sink);
    if (statusSize ? newSize.cmp(statusSize) <= 0 : newSize.sign() <= 0) {
      errs.push(forbidden('spec.resources.requests.storage', 'field can not be less than status.capacity'));
    }
  }
  errs.push(...validateVolumeModeUnchanged(pvc.spec, old.spec));
  return errs;
}

export const persistentVolumeClaimStrategy: ResourceStrategy<PVC> = {
  group: '',
  kind: 'PersistentVolumeClaim',
  resource: 'persistentvolumeclaims',
  singular: 'persistentvolumeclaim',
  namespaced: true,
  versions: ['v1'],
  shortNames: ['pvc'],
  generationChanged: noGeneration,
  subresources: { status: true },

  defaults(pvc) {
    if (!pvc.status?.phase) writable(pvc).status = { ...(pvc.status ?? {}), phase: 'Pending' };
    if (pvc.spec) pvc.spec.volumeMode ??= 'Filesystem';
  },

  prepareForCreate(pvc) {
    // Upstream stores an empty status that reads back (defaulted) as Pending.
    writable(pvc).status = { phase: 'Pending' };
    normalizeDataSources(pvc.spec);
  },
  prepareForUpdate(pvc, old) {
    writable(pvc).status = clone(old.status);
  },
  prepareForStatusUpdate(pvc, old) {
    pvc.spec = clone(old.spec);
  },

  validate: (pvc) => validateClaimSpec(pvc.spec ?? {}, 'spec'),
  validateUpdate: validateClaimUpdate,
  validateStatusUpdate(pvc) {
    const errs = requireResourceVersion(pvc);
    // Upstream capitalises `Spec` in this one path.
    if (!(pvc.spec?.accessModes ?? []).length) errs.push(required('Spec.accessModes'));
    for (const [name, value] of Object.entries(pvc.status?.capacity ?? {})) {
      const q = quantityAt(value, key('status.capacity', name), errs);
      if (q && q.sign() < 0)
        errs.push(invalid(key('status.capacity', name), q.value(), 'must be a valid resource quantity'));
    }
    return errs;
  },

  warnings(pvc) {
    const w = storageClassAnnotationWarnings(pvc);
    const storage = pvc.spec?.resources?.requests?.storage;
    const sink: FieldError[] = [];
    const q = quantityAt(storage, '', sink);
    if (q && q.asIntegerBig() === undefined) {
      w.push(
        `spec.resources.requests[storage]: fractional byte value "${q.toString()}" is invalid, must be an integer`,
      );
    }
    return w;
  },

  selectableFields: (pvc) => ({ name: pvc.metadata?.name ?? '' }),

  table: {
    columns: [
      NAME_COLUMN,
      column('Status', 'phase represents the current phase of PersistentVolumeClaim.'),
      column('Volume', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
      column('Capacity', 'capacity represents the actual resources of the underlying volume.'),
      column('Access Modes', 'accessModes contains the actual access modes the volume backing the PVC has.'),
      column('StorageClass', 'StorageClass of the pvc'),
      column('VolumeAttributesClass', 'VolumeAttributesClass of the pvc'),
      AGE_COLUMN,
      column('VolumeMode', 'volumeMode defines what type of volume is required by the claim.', {
        priority: 1,
      }),
    ],
    row(pvc, now) {
      const volume = pvc.spec?.volumeName ?? '';
      const spec = pvc.spec as (Spec & { volumeAttributesClassName?: string }) | undefined;
      return [
        pvc.metadata?.name ?? '',
        pvc.metadata?.deletionTimestamp ? 'Terminating' : (pvc.status?.phase ?? ''),
        volume,
        volume ? quantityText(pvc.status?.capacity?.storage) : '',
        volume ? accessModesString(pvc.status?.accessModes) : '',
        storageClassOf(pvc),
        spec?.volumeAttributesClassName ?? '<unset>',
        age(pvc, now),
        pvc.spec?.volumeMode ?? '<unset>',
      ];
    },
  },
};
