// ConfigMaps and Secrets marked `immutable: true` (upstream's ValidateConfigMapUpdate and
// ValidateSecretUpdate share the rule): the mark cannot be taken back and the data maps cannot
// change.
import { type FieldError, forbidden } from '../../internal/field-errors.ts';
import { mapEqual } from '../../internal/semantic.ts';

const IMMUTABLE_SET = 'field is immutable when `immutable` is set';

type DataObject = { immutable?: boolean } & Record<string, unknown>;

export function validateImmutableData(obj: DataObject, old: DataObject, dataFields: string[]): FieldError[] {
  if (!old.immutable) return [];
  const errs: FieldError[] = [];
  if (!obj.immutable) errs.push(forbidden('immutable', IMMUTABLE_SET));
  for (const field of dataFields) {
    const [now, before] = [obj[field], old[field]] as (Record<string, unknown> | undefined)[];
    if (!mapEqual(now, before)) errs.push(forbidden(field, IMMUTABLE_SET));
  }
  return errs;
}
