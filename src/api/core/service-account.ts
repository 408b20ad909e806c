// core/v1 ServiceAccount: DNS-1123 subdomain names; secret references keep only their name, as
// upstream's strategy cleans them. Tokens come from the TokenRequest subresource (API server).
import type { ServiceAccount } from 'kubernetes-types/core/v1.d.ts';
import { noGeneration } from '../internal/generation.ts';
import { AGE_COLUMN, age, column, NAME_COLUMN } from '../internal/table.ts';
import type { Obj } from '../internal/types.ts';
import type { ResourceStrategy } from '../strategy.ts';

type Sa = Obj<ServiceAccount>;

/** Deprecated in 1.32: upstream warns when a ServiceAccount still uses it. */
export const ENFORCE_MOUNTABLE_SECRETS_ANNOTATION = 'kubernetes.io/enforce-mountable-secrets';

function cleanSecretReferences(sa: Sa): void {
  if (sa.secrets) sa.secrets = sa.secrets.map((s) => (s.name === undefined ? {} : { name: s.name }));
}

export const serviceAccountStrategy: ResourceStrategy<Sa> = {
  group: '',
  kind: 'ServiceAccount',
  resource: 'serviceaccounts',
  singular: 'serviceaccount',
  namespaced: true,
  versions: ['v1'],
  shortNames: ['sa'],
  generationChanged: noGeneration,

  prepareForCreate: cleanSecretReferences,
  prepareForUpdate: (sa) => cleanSecretReferences(sa),

  warnings(sa) {
    if (sa.metadata?.annotations?.[ENFORCE_MOUNTABLE_SECRETS_ANNOTATION] === undefined) return [];
    return [
      `metadata.annotations[${ENFORCE_MOUNTABLE_SECRETS_ANNOTATION}]: deprecated in v1.32+; prefer separate namespaces to isolate access to mounted secrets`,
    ];
  },

  table: {
    columns: [
      NAME_COLUMN,
      column(
        'Secrets',
        'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.',
      ),
      AGE_COLUMN,
    ],
    row: (sa, now) => [sa.metadata?.name ?? '', (sa.secrets ?? []).length, age(sa, now)],
  },
};
