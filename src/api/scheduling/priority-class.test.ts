import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkStrategy, NOW, prepared } from '../strategy-conformance.ts';
import { priorityClassStrategy as s } from './priority-class.ts';

const meta = { name: 'high', creationTimestamp: '2025-06-01T11:59:00Z' };

checkStrategy(s, {
  valid: { metadata: meta, value: 1000 },
  alsoValid: [
    { metadata: { name: 'system-node-critical' }, value: 2000001000 },
    { metadata: { name: 'neg' }, value: -5, preemptionPolicy: 'Never', globalDefault: true },
  ],
});

test('priorityclasses: preemptionPolicy defaults to PreemptLowerPriority', () => {
  assert.equal(prepared(s, { metadata: meta, value: 1 }).preemptionPolicy, 'PreemptLowerPriority');
});

test('priorityclasses: value range and reserved names', () => {
  assert.deepEqual(
    s.validate!(prepared(s, { metadata: meta, value: 1_000_000_001 })).map((e) => `${e.field}: ${e.detail}`),
    ['value: maximum allowed value of a user defined priority is 1000000000'],
  );
  assert.deepEqual(
    s.validate!(prepared(s, { metadata: { name: 'system-mine' }, value: 1 })).map(
      (e) => `${e.field}: ${e.detail}`,
    ),
    [
      "metadata.name: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class",
    ],
  );
  assert.equal(
    s.validate!(prepared(s, { metadata: { name: 'system-cluster-critical' }, value: 1 }))[0]?.detail,
    "priority class names with 'system-' prefix are reserved for system use only. error: value of system-cluster-critical PriorityClass must be 2000000000",
  );
  assert.equal(
    s.validate!(prepared(s, { metadata: meta, value: 1, preemptionPolicy: 'Sometimes' }))[0]?.type,
    'FieldValueNotSupported',
  );
});

test('priorityclasses: value and preemptionPolicy are immutable', () => {
  const old = prepared(s, { metadata: meta, value: 1 });
  assert.deepEqual(
    s.validateUpdate!({ ...old, value: 2, preemptionPolicy: 'Never' }, old).map(
      (e) => `${e.field}: ${e.detail}`,
    ),
    ['value: may not be changed in an update.', 'preemptionPolicy: field is immutable'],
  );
});

test('priorityclasses: table', () => {
  assert.deepEqual(s.table!.row(prepared(s, { metadata: meta, value: 1000, globalDefault: true }), NOW), [
    'high',
    1000,
    true,
    '60s',
    'PreemptLowerPriority',
  ]);
  assert.deepEqual(
    s.table!.columns.map((c) => [c.name, c.priority]),
    [
      ['Name', 0],
      ['Value', 0],
      ['Global-Default', 0],
      ['Age', 0],
      ['PreemptionPolicy', 0],
    ],
  );
});
