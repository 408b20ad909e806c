// core/v1 Secret: type defaults to Opaque and cannot change; stringData is merged into data (as
// upstream's conversion does); well-known types require their keys; values stay under 1 MiB;
// an `immutable` Secret keeps its data forever.
import type { Secret } from 'kubernetes-types/core/v1.d.ts';
import { isConfigMapKey } from '../../machinery/validation/names.ts';
import {
  type FieldError,
  immutableError,
  invalid,
  invalidEach,
  required,
  tooLong,
} from '../internal/field-errors.ts';
import { key } from '../internal/field-paths.ts';
import { noGeneration } from '../internal/generation.ts';
import { AGE_COLUMN, age, column, NAME_COLUMN } from '../internal/table.ts';
import type { Obj } from '../internal/types.ts';
import type { ResourceStrategy } from '../strategy.ts';
import { MAX_SECRET_SIZE } from './configmap.ts';
import { base64DecodedLength, decodeBase64, encodeBase64 } from './internal/base64.ts';
import { goJsonObjectError } from './internal/go-json-error.ts';
import { validateImmutableData } from './internal/immutable-data.ts';

type Sec = Obj<Secret>;

export const SECRET_TYPES = {
  opaque: 'Opaque',
  serviceAccountToken: 'kubernetes.io/service-account-token',
  dockercfg: 'kubernetes.io/dockercfg',
  dockerConfigJson: 'kubernetes.io/dockerconfigjson',
  basicAuth: 'kubernetes.io/basic-auth',
  sshAuth: 'kubernetes.io/ssh-auth',
  tls: 'kubernetes.io/tls',
  bootstrapToken: 'bootstrap.kubernetes.io/token',
} as const;

export const SERVICE_ACCOUNT_NAME_KEY = 'kubernetes.io/service-account.name';
const REDACTED = '<secret contents redacted>';

function validateSecret(secret: Sec): FieldError[] {
  const errs: FieldError[] = [];
  const data = secret.data ?? {};
  let total = 0;
  for (const [k, v] of Object.entries(data)) {
    errs.push(...invalidEach(key('data', k), k, isConfigMapKey(k)));
    total += base64DecodedLength(v ?? '');
  }
  if (total > MAX_SECRET_SIZE) errs.push(tooLong('data', MAX_SECRET_SIZE));

  const has = (k: string) => Object.hasOwn(data, k);
  const jsonKey = (k: string) => {
    if (!has(k)) return errs.push(required(key('data', k)));
    const problem = goJsonObjectError(decodeBase64(data[k] ?? '') ?? '');
    if (problem) errs.push(invalid(key('data', k), REDACTED, problem));
  };
  switch (secret.type ?? '') {
    case SECRET_TYPES.serviceAccountToken:
      if (!secret.metadata?.annotations?.[SERVICE_ACCOUNT_NAME_KEY]) {
        errs.push(required(key('metadata.annotations', SERVICE_ACCOUNT_NAME_KEY)));
      }
      break;
    case SECRET_TYPES.dockercfg:
      jsonKey('.dockercfg');
      break;
    case SECRET_TYPES.dockerConfigJson:
      jsonKey('.dockerconfigjson');
      break;
    case SECRET_TYPES.basicAuth:
      // Either may be empty, but one of the two keys must be there.
      if (!has('username') && !has('password')) {
        errs.push(required(key('data', 'username')), required(key('data', 'password')));
      }
      break;
    case SECRET_TYPES.sshAuth:
      if (!data['ssh-privatekey']) errs.push(required(key('data', 'ssh-privatekey')));
      break;
    case SECRET_TYPES.tls:
      if (!has('tls.crt')) errs.push(required(key('data', 'tls.crt')));
      if (!has('tls.key')) errs.push(required(key('data', 'tls.key')));
      break;
  }
  return errs;
}

export const secretStrategy: ResourceStrategy<Sec> = {
  group: '',
  kind: 'Secret',
  resource: 'secrets',
  singular: 'secret',
  namespaced: true,
  versions: ['v1'],
  generationChanged: noGeneration,

  defaults(secret) {
    if (!secret.type) secret.type = SECRET_TYPES.opaque;
    // v1 → internal conversion: stringData entries overwrite data entries, then stringData goes.
    if (secret.stringData) {
      const data = { ...(secret.data ?? {}) };
      for (const [k, v] of Object.entries(secret.stringData)) data[k] = encodeBase64(v ?? '');
      secret.data = data;
      delete secret.stringData;
    }
  },

  validate: validateSecret,

  validateUpdate(secret, old) {
    const errs: FieldError[] = [];
    if ((secret.type ?? '') !== (old.type ?? '')) errs.push(immutableError('type', secret.type ?? ''));
    errs.push(...validateImmutableData(secret, old, ['data']));
    return [...errs, ...validateSecret(secret)];
  },

  selectableFields: (secret) => ({ type: secret.type ?? '' }),

  table: {
    columns: [
      NAME_COLUMN,
      column('Type', 'Used to facilitate programmatic handling of secret data.'),
      column('Data', 'Data contains the secret data.'),
      AGE_COLUMN,
    ],
    row: (secret, now) => [
      secret.metadata?.name ?? '',
      secret.type ?? '',
      Object.keys(secret.data ?? {}).length,
      age(secret, now),
    ],
  },
};
