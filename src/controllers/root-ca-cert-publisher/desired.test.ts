import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConfigMap } from 'kubernetes-types/core/v1.d.ts';
import { DESCRIPTION, DESCRIPTION_ANNOTATION, rootCAAction } from './desired.ts';

const CA = '-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n';

test('rootCAAction: create, keep, or restore kube-root-ca.crt', () => {
  const created = rootCAAction('ns', CA, undefined);
  assert.equal(created.action, 'create');
  if (created.action !== 'create') return;
  assert.deepEqual(created.configMap.data, { 'ca.crt': CA });
  assert.equal(created.configMap.metadata?.name, 'kube-root-ca.crt');
  assert.equal(created.configMap.metadata?.annotations?.[DESCRIPTION_ANNOTATION], DESCRIPTION);

  const good: ConfigMap = {
    metadata: {
      name: 'kube-root-ca.crt',
      namespace: 'ns',
      annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION },
    },
    data: { 'ca.crt': CA },
  };
  assert.deepEqual(rootCAAction('ns', CA, good), { action: 'none' });

  const cases: { name: string; cm: ConfigMap }[] = [
    { name: 'edited data', cm: { ...good, data: { 'ca.crt': 'other' } } },
    { name: 'extra key', cm: { ...good, data: { 'ca.crt': CA, extra: 'x' } } },
    {
      name: 'annotation removed',
      cm: { ...good, metadata: { name: 'kube-root-ca.crt', namespace: 'ns', labels: { keep: 'me' } } },
    },
  ];
  for (const c of cases) {
    const step = rootCAAction('ns', CA, c.cm);
    assert.equal(step.action, 'update', c.name);
    if (step.action !== 'update') continue;
    assert.deepEqual(step.configMap.data, { 'ca.crt': CA }, c.name);
    assert.equal(step.configMap.metadata?.annotations?.[DESCRIPTION_ANNOTATION], DESCRIPTION, c.name);
  }
  const relabeled = rootCAAction('ns', CA, cases[2]!.cm);
  assert.equal(relabeled.action === 'update' && relabeled.configMap.metadata?.labels?.keep, 'me');
});
