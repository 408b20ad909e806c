import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Namespace } from 'kubernetes-types/core/v1.d.ts';
import { namespaceIsActive, serviceAccountsToCreate } from './desired.ts';

const active: Namespace = { metadata: { name: 'team' }, status: { phase: 'Active' } };

test('serviceAccountsToCreate: the default account in an active namespace that lacks it', () => {
  const cases: { name: string; ns: Namespace | undefined; existing: string[]; want: string[] }[] = [
    { name: 'missing', ns: active, existing: [], want: ['default'] },
    { name: 'present', ns: active, existing: ['default'], want: [] },
    { name: 'other accounts do not count', ns: active, existing: ['builder'], want: ['default'] },
    {
      name: 'terminating phase',
      ns: { metadata: { name: 'team' }, status: { phase: 'Terminating' } },
      existing: [],
      want: [],
    },
    {
      name: 'deletion timestamp',
      ns: { metadata: { name: 'team', deletionTimestamp: '2024-01-01T00:00:00Z' } },
      existing: [],
      want: [],
    },
    { name: 'namespace gone', ns: undefined, existing: [], want: [] },
  ];
  for (const c of cases) {
    const got = serviceAccountsToCreate(c.ns, (n) => c.existing.includes(n));
    assert.deepEqual(
      got.map((sa) => sa.metadata?.name),
      c.want,
      c.name,
    );
    for (const sa of got) assert.equal(sa.metadata?.namespace, 'team', c.name);
  }
});

test('namespaceIsActive: a namespace without status yet is active', () => {
  assert.equal(namespaceIsActive({ metadata: { name: 'x' } }), true);
});
