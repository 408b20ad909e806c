// The claim template of a generic ephemeral volume (`ValidatePersistentVolumeClaimTemplate`): only
// labels and annotations in its metadata, and a claim spec with access modes and a storage request.

import { isDNS1123Subdomain } from '../../../machinery/validation/names.ts';
import { VOLUME_MODES } from '../../internal/enum-values.ts';
import { type FieldError, forbidden, invalid, notSupported, required } from '../../internal/field-errors.ts';
import { child, key } from '../../internal/field-paths.ts';
import { parseJsonQuantity, QUANTITY_FORMAT_ERROR } from '../../internal/json-quantities.ts';
import { isObj, type JsonObject } from '../../internal/loose-json.ts';
import { validateAnnotations, validateLabelSelector, validateLabels } from '../../internal/meta.ts';
import { validateAccessModes } from '../volume/common.ts';

/** `ValidateTemplateObjectMeta`: labels and annotations, nothing else. */
export function validateTemplateObjectMeta(meta: unknown, path: string): FieldError[] {
  const m: JsonObject = isObj(meta) ? meta : {};
  const errs = [
    ...validateAnnotations(m.annotations, child(path, 'annotations')),
    ...validateLabels(m.labels, child(path, 'labels')),
  ];
  for (const [field, value] of Object.entries(m)) {
    if (field === 'labels' || field === 'annotations' || value === undefined || value === null) continue;
    // creationTimestamp: null is what clients send for an unset time; upstream sees a zero value.
    if (field === 'creationTimestamp' && !value) continue;
    if (value === '' || value === 0 || (Array.isArray(value) && value.length === 0)) continue;
    errs.push(forbidden(child(path, field), 'cannot be set'));
  }
  return errs;
}

export function validatePersistentVolumeClaimTemplate(template: JsonObject, path: string): FieldError[] {
  return [
    ...validateTemplateObjectMeta(template.metadata, child(path, 'metadata')),
    ...validatePersistentVolumeClaimSpec(isObj(template.spec) ? template.spec : {}, child(path, 'spec')),
  ];
}

/** The core of `ValidatePersistentVolumeClaimSpec`. */
export function validatePersistentVolumeClaimSpec(spec: JsonObject, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const modes: unknown[] = Array.isArray(spec.accessModes) ? spec.accessModes : [];
  if (modes.length === 0)
    errs.push(required(child(path, 'accessModes'), 'at least 1 access mode is required'));
  errs.push(...validateAccessModes(modes as string[], child(path, 'accessModes')));
  errs.push(...validateLabelSelector(spec.selector, child(path, 'selector')));
  const storagePath = key(child(path, 'resources'), 'storage');
  const requests = isObj(spec.resources) && isObj(spec.resources.requests) ? spec.resources.requests : {};
  if (!('storage' in requests)) {
    errs.push(required(storagePath));
  } else {
    const q = parseJsonQuantity(requests.storage);
    if (!q) errs.push(invalid(storagePath, requests.storage, QUANTITY_FORMAT_ERROR));
    else if (q.sign() <= 0) errs.push(invalid(storagePath, q.toString(), 'must be greater than zero'));
  }
  if (typeof spec.storageClassName === 'string' && spec.storageClassName !== '') {
    errs.push(
      ...isDNS1123Subdomain(spec.storageClassName).map((m) =>
        invalid(child(path, 'storageClassName'), spec.storageClassName, m),
      ),
    );
  }
  if (spec.volumeMode != null && !VOLUME_MODES.includes(spec.volumeMode)) {
    errs.push(notSupported(child(path, 'volumeMode'), spec.volumeMode, VOLUME_MODES));
  }
  return errs;
}
