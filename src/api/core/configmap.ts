// core/v1 ConfigMap: keys of data and binaryData are config-map keys, one key may not be in both,
// the values together stay under 1 MiB, and an `immutable` ConfigMap keeps its data forever.
import type { ConfigMap } from 'kubernetes-types/core/v1.d.ts';
import { isConfigMapKey, utf8Length } from '../../machinery/validation/names.ts';
import { type FieldError, invalid, invalidEach, tooLong } from '../internal/field-errors.ts';
import { key } from '../internal/field-paths.ts';
import { noGeneration } from '../internal/generation.ts';
import { AGE_COLUMN, age, column, NAME_COLUMN } from '../internal/table.ts';
import type { Obj } from '../internal/types.ts';
import type { ResourceStrategy } from '../strategy.ts';
import { base64DecodedLength } from './internal/base64.ts';
import { validateImmutableData } from './internal/immutable-data.ts';

type Cm = Obj<ConfigMap>;

/** `core.MaxSecretSize`: the limit on the values of a ConfigMap or Secret, 1 MiB. */
export const MAX_SECRET_SIZE = 1024 * 1024;

function validateConfigMap(cm: Cm): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(cm.data ?? {})) {
    errs.push(...invalidEach(key('data', k), k, isConfigMapKey(k)));
    if (cm.binaryData && Object.hasOwn(cm.binaryData, k)) {
      errs.push(invalid(key('data', k), k, 'duplicate of key present in binaryData'));
    }
    total += utf8Length(v ?? '');
  }
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) {
    errs.push(...invalidEach(key('binaryData', k), k, isConfigMapKey(k)));
    total += base64DecodedLength(v ?? '');
  }
  // Upstream reports the total against the whole object: an empty path.
  if (total > MAX_SECRET_SIZE) errs.push(tooLong('', MAX_SECRET_SIZE));
  return errs;
}

export const configMapStrategy: ResourceStrategy<Cm> = {
  group: '',
  kind: 'ConfigMap',
  resource: 'configmaps',
  singular: 'configmap',
  namespaced: true,
  versions: ['v1'],
  shortNames: ['cm'],
  generationChanged: noGeneration,

  validate: validateConfigMap,

  validateUpdate: (cm, old) => [
    ...validateImmutableData(cm, old, ['data', 'binaryData']),
    ...validateConfigMap(cm),
  ],

  table: {
    columns: [NAME_COLUMN, column('Data', 'Data contains the configuration data.'), AGE_COLUMN],
    row: (cm, now) => [
      cm.metadata?.name ?? '',
      Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length,
      age(cm, now),
    ],
  },
};
