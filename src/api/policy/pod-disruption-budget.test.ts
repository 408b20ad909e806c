import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkStrategy, NOW, prepared } from '../strategy-conformance.ts';
import { podDisruptionBudgetStrategy as s } from './pod-disruption-budget.ts';

const meta = { name: 'web', namespace: 'default', creationTimestamp: '2025-06-01T11:00:00Z' };

checkStrategy(s, {
  valid: { metadata: meta, spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } } },
  alsoValid: [{ metadata: meta, spec: { maxUnavailable: '25%', unhealthyPodEvictionPolicy: 'AlwaysAllow' } }],
  status: { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 },
});

test('pdbs: minAvailable xor maxUnavailable, int or percent up to 100%', () => {
  const errs = (spec: object) =>
    s.validate!(prepared(s, { metadata: meta, spec } as any)).map((e) => `${e.field}: ${e.detail}`);
  assert.deepEqual(errs({ minAvailable: 1, maxUnavailable: 1 }), [
    'spec: minAvailable and maxUnavailable cannot be both set',
  ]);
  assert.deepEqual(errs({ minAvailable: -1 }), ['spec.minAvailable: must be greater than or equal to 0']);
  assert.deepEqual(errs({ maxUnavailable: '150%' }), ['spec.maxUnavailable: must not be greater than 100%']);
  const bad = s.validate!(prepared(s, { metadata: meta, spec: { maxUnavailable: '150%' } }))[0]!;
  assert.equal(bad.valueText, 'intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}');
});

test('pdbs: status counts are non-negative', () => {
  const old = prepared(s, { metadata: meta, spec: { minAvailable: 1 } });
  const next = structuredClone(old);
  (next as any).status = { disruptionsAllowed: -1 };
  assert.deepEqual(
    s.validateStatusUpdate!(next, old).map((e) => e.field),
    ['status.disruptionsAllowed'],
  );
});

test('pdbs: table', () => {
  const p = prepared(s, { metadata: meta, spec: { minAvailable: '50%' } });
  (p as any).status = { disruptionsAllowed: 2 };
  assert.deepEqual(s.table!.row(p, NOW), ['web', '50%', 'N/A', 2, '60m']);
});
