// core/v1 PersistentVolume: cluster-scoped storage with exactly one volume source, a storage
// capacity, access modes, and a status (Pending on create, with the time of each phase change).
import type { PersistentVolume, PersistentVolumeSpec } from 'kubernetes-types/core/v1.d.ts';
import { isDNS1123Subdomain } from '../../../machinery/validation/names.ts';
import { HOST_PATH_TYPES, RECLAIM_POLICIES } from '../../internal/enum-values.ts';
import {
  type FieldError,
  forbidden,
  invalid,
  invalidEach,
  notSupported,
  required,
} from '../../internal/field-errors.ts';
import { child, key } from '../../internal/field-paths.ts';
import { noGeneration } from '../../internal/generation.ts';
import { quantityAt, quantityText } from '../../internal/json-quantities.ts';
import { clone, semanticEqual } from '../../internal/semantic.ts';
import { AGE_COLUMN, age, column, NAME_COLUMN } from '../../internal/table.ts';
import { type Obj, writable } from '../../internal/types.ts';
import type { ResourceStrategy, StrategyContext } from '../../strategy.ts';
import {
  accessModesString,
  requireResourceVersion,
  storageClassAnnotationWarnings,
  storageClassOf,
  validateAccessModes,
  validateStorageClassAndVolumeMode,
  validateVolumeModeUnchanged,
} from './common.ts';

type PV = Obj<PersistentVolume>;
type Spec = Partial<PersistentVolumeSpec>;

/** The volume sources of a PV, in upstream's order, with the name its errors are reported under. */
const SOURCES: [keyof Spec, string][] = [
  ['hostPath', 'hostPath'],
  ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'],
  ['glusterfs', 'glusterfs'],
  ['flocker', 'flocker'],
  ['nfs', 'nfs'],
  ['rbd', 'rbd'],
  ['quobyte', 'quobyte'],
  ['cephfs', 'cephFS'],
  ['iscsi', 'iscsi'],
  ['cinder', 'cinder'],
  ['fc', 'fc'],
  ['flexVolume', 'flexVolume'],
  ['azureFile', 'azureFile'],
  ['vsphereVolume', 'vsphereVolume'],
  ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'],
  ['azureDisk', 'azureDisk'],
  ['scaleIO', 'scaleIO'],
  ['local', 'local'],
  ['storageos', 'storageos'],
  ['csi', 'csi'],
];

const cleanPath = (p: string) =>
  p
    .split('/')
    .filter((s) => s && s !== '.')
    .join('/');

function validateSource(spec: Spec, source: keyof Spec): FieldError[] {
  const errs: FieldError[] = [];
  const s = spec[source] as Record<string, unknown>;
  switch (source) {
    case 'hostPath': {
      if (!s.path) errs.push(required('spec.hostPath.path'));
      const t = (s.type as string | undefined) ?? '';
      if (!HOST_PATH_TYPES.includes(t)) errs.push(notSupported('spec.hostPath.type', t, HOST_PATH_TYPES));
      break;
    }
    case 'nfs':
      if (!s.server) errs.push(required('spec.nfs.server'));
      if (!s.path) errs.push(required('spec.nfs.path'));
      else if (!String(s.path).startsWith('/'))
        errs.push(invalid('spec.nfs.path', s.path, 'must be an absolute path'));
      break;
    case 'local':
      if (!s.path) errs.push(required('spec.local.path'));
      else if (String(s.path).split('/').includes('..'))
        errs.push(invalid('spec.local.path', s.path, "must not contain '..'"));
      break;
    case 'csi': {
      const driver = String(s.driver ?? '');
      if (!driver) errs.push(required('spec.csi.driver'));
      else if (driver.length > 63)
        errs.push({
          type: 'FieldValueTooLong',
          field: 'spec.csi.driver',
          detail: 'may not be more than 63 bytes',
        });
      else errs.push(...invalidEach('spec.csi.driver', driver, isDNS1123Subdomain(driver.toLowerCase())));
      if (!s.volumeHandle) errs.push(required('spec.csi.volumeHandle'));
      break;
    }
  }
  return errs;
}

export function validatePersistentVolume(pv: PV): FieldError[] {
  const spec: Spec = pv.spec ?? {};
  const errs: FieldError[] = [];
  if (!(spec.accessModes ?? []).length) errs.push(required('spec.accessModes'));
  errs.push(...validateAccessModes(spec.accessModes ?? [], 'spec.accessModes'));
  const capacity = spec.capacity ?? {};
  const names = Object.keys(capacity);
  if (!names.length) errs.push(required('spec.capacity'));
  if (!names.includes('storage') || names.length > 1)
    errs.push(notSupported('spec.capacity', capacity, ['storage']));
  for (const [name, value] of Object.entries(capacity)) {
    const q = quantityAt(value, key('spec.capacity', name), errs);
    if (q && q.sign() <= 0) {
      if (q.sign() < 0)
        errs.push(invalid(key('spec.capacity', name), q.value(), 'must be a valid resource quantity'));
      errs.push(invalid(key('spec.capacity', name), q.toString(), 'must be greater than zero'));
    }
  }
  const policy = spec.persistentVolumeReclaimPolicy;
  if (policy && !RECLAIM_POLICIES.includes(policy))
    errs.push(notSupported('spec.persistentVolumeReclaimPolicy', policy, RECLAIM_POLICIES));
  let count = 0;
  for (const [source, name] of SOURCES) {
    if (spec[source] === undefined || spec[source] === null) continue;
    if (count > 0 && source !== 'flexVolume') {
      errs.push(forbidden(child('spec', name), 'may not specify more than 1 volume type'));
      continue;
    }
    count++;
    errs.push(...validateSource(spec, source));
    if (source === 'local' && !spec.nodeAffinity)
      errs.push(required('spec.nodeAffinity', 'Local volume requires node affinity'));
  }
  if (count === 0) errs.push(required('spec', 'must specify a volume type'));
  if (
    spec.hostPath &&
    cleanPath(spec.hostPath.path ?? '') === '' &&
    spec.hostPath.path?.startsWith('/') &&
    policy === 'Recycle'
  ) {
    errs.push(
      forbidden('spec.persistentVolumeReclaimPolicy', "may not be 'recycle' for a hostPath mount of '/'"),
    );
  }
  errs.push(...validateStorageClassAndVolumeMode(spec, 'spec'));
  return errs;
}

function validateUpdate(pv: PV, old: PV): FieldError[] {
  const errs = validatePersistentVolume(pv);
  const sources = (spec: Spec | undefined) => Object.fromEntries(SOURCES.map(([s]) => [s, spec?.[s]]));
  const next = sources(pv.spec);
  // A CSI volume may gain a controllerExpandSecretRef once.
  if (old.spec?.csi && !old.spec.csi.controllerExpandSecretRef && pv.spec?.csi?.controllerExpandSecretRef) {
    next.csi = { ...pv.spec.csi, controllerExpandSecretRef: undefined };
  }
  if (!semanticEqual(next, sources(old.spec))) {
    errs.push(
      forbidden('spec.persistentvolumesource', 'spec.persistentvolumesource is immutable after creation'),
    );
  }
  errs.push(...validateVolumeModeUnchanged(pv.spec, old.spec));
  if (old.spec?.nodeAffinity && !semanticEqual(pv.spec?.nodeAffinity, old.spec.nodeAffinity)) {
    errs.push(
      invalid(
        'nodeAffinity',
        pv.spec?.nodeAffinity ?? null,
        'field is immutable, except for updating from beta label to GA',
      ),
    );
  }
  return errs;
}

const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export const persistentVolumeStrategy: ResourceStrategy<PV> = {
  group: '',
  kind: 'PersistentVolume',
  resource: 'persistentvolumes',
  singular: 'persistentvolume',
  namespaced: false,
  versions: ['v1'],
  shortNames: ['pv'],
  generationChanged: noGeneration,
  subresources: { status: true },

  defaults(pv) {
    if (!pv.status?.phase) writable(pv).status = { ...(pv.status ?? {}), phase: 'Pending' };
    const spec = pv.spec;
    if (!spec) return;
    spec.persistentVolumeReclaimPolicy ||= 'Retain';
    spec.volumeMode ??= 'Filesystem';
    if (spec.hostPath && spec.hostPath.type === undefined) spec.hostPath.type = '';
  },

  prepareForCreate(pv, ctx: StrategyContext) {
    writable(pv).status = { phase: 'Pending', lastPhaseTransitionTime: rfc3339(ctx.now) };
  },
  prepareForUpdate(pv, old) {
    writable(pv).status = clone(old.status);
  },
  prepareForStatusUpdate(pv, old, ctx) {
    pv.spec = clone(old.spec);
    if (!pv.status) writable(pv).status = {};
    const status = writable(pv).status!;
    const before = old.status ?? {};
    if (status.phase === before.phase && !status.lastPhaseTransitionTime) {
      if (before.lastPhaseTransitionTime) status.lastPhaseTransitionTime = before.lastPhaseTransitionTime;
    } else if (
      status.phase !== before.phase &&
      (!status.lastPhaseTransitionTime || status.lastPhaseTransitionTime === before.lastPhaseTransitionTime)
    ) {
      status.lastPhaseTransitionTime = rfc3339(ctx.now);
    }
  },

  validate: validatePersistentVolume,
  validateUpdate,
  validateStatusUpdate: requireResourceVersion,

  warnings: storageClassAnnotationWarnings,

  selectableFields: (pv) => ({ name: pv.metadata?.name ?? '' }),

  table: {
    columns: [
      NAME_COLUMN,
      column('Capacity', "capacity is the description of the persistent volume's resources and capacity."),
      column('Access Modes', 'accessModes contains all ways the volume can be mounted.'),
      column(
        'Reclaim Policy',
        'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.',
      ),
      column('Status', 'phase indicates if a volume is available, bound to a claim, or released by a claim.'),
      column(
        'Claim',
        'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.',
      ),
      column('StorageClass', 'StorageClass of the pv'),
      column('VolumeAttributesClass', 'VolumeAttributesClass of the pv'),
      column('Reason', 'reason is a brief CamelCase string that describes any failure.'),
      AGE_COLUMN,
      column(
        'VolumeMode',
        'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.',
        { priority: 1 },
      ),
    ],
    row(pv, now) {
      const ref = pv.spec?.claimRef;
      const spec = pv.spec as (Spec & { volumeAttributesClassName?: string }) | undefined;
      return [
        pv.metadata?.name ?? '',
        quantityText(pv.spec?.capacity?.storage),
        accessModesString(pv.spec?.accessModes),
        pv.spec?.persistentVolumeReclaimPolicy ?? '',
        pv.metadata?.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? ''),
        ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : '',
        storageClassOf(pv),
        spec?.volumeAttributesClassName ?? '<unset>',
        pv.status?.reason ?? '',
        age(pv, now),
        pv.spec?.volumeMode ?? '<unset>',
      ];
    },
  },
};
