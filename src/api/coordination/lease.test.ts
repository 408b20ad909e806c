import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkStrategy, NOW, prepared } from '../strategy-conformance.ts';
import { leaseStrategy as s } from './lease.ts';

const meta = { name: 'node-1', namespace: 'kube-node-lease', creationTimestamp: '2025-06-01T10:00:00Z' };

checkStrategy(s, {
  valid: {
    metadata: meta,
    spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime: '2025-06-01T11:59:59.000000Z' },
  },
  alsoValid: [{ metadata: meta }],
});

test('leases: durations and transitions', () => {
  const errs = s.validate!(
    prepared(s, { metadata: meta, spec: { leaseDurationSeconds: 0, leaseTransitions: -1 } }),
  );
  assert.deepEqual(
    errs.map((e) => `${e.field}: ${e.detail}`),
    [
      'spec.leaseDurationSeconds: must be greater than 0',
      'spec.leaseTransitions: must be greater than or equal to 0',
    ],
  );
});

test('leases: alpha coordinated-election fields are dropped on create', () => {
  const l = prepared(s, {
    metadata: meta,
    spec: { holderIdentity: 'a', strategy: 'OldestEmulationVersion', preferredHolder: 'b' },
  } as any);
  assert.deepEqual(l.spec, { holderIdentity: 'a' });
});

test('leases: table shows the holder', () => {
  assert.deepEqual(s.table!.row(prepared(s, { metadata: meta, spec: { holderIdentity: 'node-1' } }), NOW), [
    'node-1',
    'node-1',
    '120m',
  ]);
  assert.deepEqual(s.table!.row(prepared(s, { metadata: meta }), NOW)[1], '');
});
