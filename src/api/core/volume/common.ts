// What PersistentVolumes and PersistentVolumeClaims share: access modes, volume modes, the
// storage class (and the annotation that predates storageClassName), the status-update rule, and
// kubectl's access-mode letters.
import { nameIsDNSSubdomain } from '../../../machinery/validation/names.ts';
import { ACCESS_MODES, VOLUME_MODES } from '../../internal/enum-values.ts';
import {
  type FieldError,
  forbidden,
  invalid,
  invalidEach,
  notSupported,
  required,
} from '../../internal/field-errors.ts';
import { child } from '../../internal/field-paths.ts';
import type { KubeObject } from '../../strategy.ts';

/** The fields of a PV or PVC spec the shared rules read. */
interface VolumeSpec {
  storageClassName?: string;
  volumeMode?: string;
}

export const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/** The accessModes rules both kinds apply: supported values, ReadWriteOncePod alone. */
export function validateAccessModes(modes: string[], field: string): FieldError[] {
  const errs: FieldError[] = [];
  let rwop = false;
  let other = false;
  for (const m of modes) {
    if (!ACCESS_MODES.includes(m)) errs.push(notSupported(field, m, ACCESS_MODES));
    if (m === 'ReadWriteOncePod') rwop = true;
    else if (ACCESS_MODES.includes(m)) other = true;
  }
  if (rwop && other) errs.push(forbidden(field, 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

/** `GetAccessModesAsString`: RWO,ROX,RWX,RWOP in that order. */
export function accessModesString(modes: string[] | undefined): string {
  const has = new Set(modes ?? []);
  const out: string[] = [];
  if (has.has('ReadWriteOnce')) out.push('RWO');
  if (has.has('ReadOnlyMany')) out.push('ROX');
  if (has.has('ReadWriteMany')) out.push('RWX');
  if (has.has('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

export const STORAGE_CLASS_ANNOTATION_WARNING = `metadata.annotations[${BETA_STORAGE_CLASS_ANNOTATION}]: deprecated since v1.8; use "storageClassName" attribute instead`;

/** `GetPersistentVolumeClass` / `GetPersistentVolumeClaimClass`: the beta annotation wins. */
export function storageClassOf(obj: KubeObject & { spec?: VolumeSpec }): string {
  return obj.metadata?.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] ?? obj.spec?.storageClassName ?? '';
}

/** A set storageClassName is a DNS subdomain; a set volumeMode is Block or Filesystem. */
export function validateStorageClassAndVolumeMode(spec: VolumeSpec, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.storageClassName) {
    const field = child(path, 'storageClassName');
    errs.push(...invalidEach(field, spec.storageClassName, nameIsDNSSubdomain(spec.storageClassName, false)));
  }
  if (spec.volumeMode !== undefined && !VOLUME_MODES.includes(spec.volumeMode)) {
    errs.push(notSupported(child(path, 'volumeMode'), spec.volumeMode, VOLUME_MODES));
  }
  return errs;
}

/** volumeMode never changes (upstream reports it at a bare `volumeMode` path). */
export function validateVolumeModeUnchanged(
  spec: VolumeSpec | undefined,
  old: VolumeSpec | undefined,
): FieldError[] {
  return (spec?.volumeMode ?? '') === (old?.volumeMode ?? '')
    ? []
    : [invalid('volumeMode', spec?.volumeMode ?? null, 'field is immutable')];
}

/** A status update must name the resourceVersion it replaces. */
export function requireResourceVersion(obj: KubeObject): FieldError[] {
  return obj.metadata?.resourceVersion ? [] : [required('resourceVersion')];
}

/** The deprecation warning for the beta storage-class annotation. */
export function storageClassAnnotationWarnings(obj: KubeObject): string[] {
  return obj.metadata?.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] !== undefined
    ? [STORAGE_CLASS_ANNOTATION_WARNING]
    : [];
}
