// What PersistentVolumes and PersistentVolumeClaims share: access modes, volume modes, the
// storage-class annotation that predates storageClassName, and kubectl's access-mode letters.
import { type FieldError, forbidden, notSupported } from '../../internal/field-errors.ts';

export const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
export const VOLUME_MODES = ['Block', 'Filesystem'];
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
