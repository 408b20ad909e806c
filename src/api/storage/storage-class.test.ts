import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkStrategy, NOW, prepared } from '../strategy-conformance.ts';
import { storageClassStrategy as s } from './storage-class.ts';

const meta = { name: 'local-path', creationTimestamp: '2025-06-01T11:00:00Z' };

checkStrategy(s, {
  valid: { metadata: meta, provisioner: 'rancher.io/local-path' },
  alsoValid: [
    {
      metadata: { name: 'fast' },
      provisioner: 'kubernetes.io/no-provisioner',
      volumeBindingMode: 'WaitForFirstConsumer',
      reclaimPolicy: 'Retain',
      parameters: { type: 'ssd' },
      allowedTopologies: [
        { matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values: ['a', 'b'] }] },
      ],
    },
  ],
});

test('storageclasses: defaults', () => {
  const sc = prepared(s, { metadata: meta, provisioner: 'x.io/y' });
  assert.equal(sc.reclaimPolicy, 'Delete');
  assert.equal(sc.volumeBindingMode, 'Immediate');
});

test('storageclasses: invalid provisioner, policy, duplicate topology', () => {
  const errs = s.validate!(
    prepared(s, {
      metadata: meta,
      provisioner: '',
      reclaimPolicy: 'Recycle',
      allowedTopologies: [
        { matchLabelExpressions: [{ key: 'zone', values: ['a'] }] },
        { matchLabelExpressions: [{ key: 'zone', values: ['a'] }] },
      ],
    }),
  );
  assert.deepEqual(
    errs.map((e) => `${e.field}: ${e.type}`),
    [
      'provisioner: FieldValueRequired',
      'reclaimPolicy: FieldValueNotSupported',
      'allowedTopologies[1].matchLabelExpressions: FieldValueDuplicate',
    ],
  );
});

test('storageclasses: parameters, provisioner and reclaimPolicy are fixed', () => {
  const old = prepared(s, { metadata: meta, provisioner: 'a.io/b', parameters: { x: '1' } });
  const next = prepared(s, {
    metadata: meta,
    provisioner: 'a.io/c',
    parameters: { x: '2' },
    reclaimPolicy: 'Retain',
  });
  assert.deepEqual(
    s.validateUpdate!(next, old).map((e) => `${e.field}: ${e.detail}`),
    [
      'parameters: updates to parameters are forbidden.',
      'provisioner: updates to provisioner are forbidden.',
      'reclaimPolicy: updates to reclaimPolicy are forbidden.',
    ],
  );
});

test('storageclasses: table marks the default class', () => {
  const sc = prepared(s, {
    metadata: { ...meta, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'rancher.io/local-path',
    volumeBindingMode: 'WaitForFirstConsumer',
  });
  assert.deepEqual(s.table!.row(sc, NOW), [
    'local-path (default)',
    'rancher.io/local-path',
    'Delete',
    'WaitForFirstConsumer',
    false,
    '60m',
  ]);
});
