import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CTX, checkStrategy, NOW, prepared } from '../strategy-conformance.ts';
import { namespaceStrategy as s } from './namespace.ts';

checkStrategy(s, {
  valid: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } },
  status: { phase: 'Terminating' },
});

test('namespaces: create adds the kubernetes finalizer, the name label and phase Active', () => {
  const ns = prepared(s, {
    metadata: { name: 'a' },
    spec: { finalizers: ['example.com/x'] },
    status: { phase: 'Terminating' },
  });
  assert.deepEqual(ns.spec?.finalizers, ['example.com/x', 'kubernetes']);
  assert.deepEqual(ns.status, { phase: 'Active' });
  assert.equal(ns.metadata?.labels?.['kubernetes.io/metadata.name'], 'a');
});

test('namespaces: finalizer names are checked at spec.finalizers', () => {
  const errs = s.validate!(prepared(s, { metadata: { name: 'a' }, spec: { finalizers: ['foo'] } }));
  assert.deepEqual(errs, [
    {
      type: 'FieldValueInvalid',
      field: 'spec.finalizers',
      value: 'foo',
      detail: 'name is neither a standard finalizer name nor is it fully qualified',
    },
  ]);
});

test('namespaces: spec.finalizers changes only through /finalize', () => {
  const old = prepared(s, { metadata: { name: 'a' } });
  const next = structuredClone(old);
  next.spec = { finalizers: [] };
  s.prepareForUpdate!(next, old, CTX);
  assert.deepEqual(next.spec.finalizers, ['kubernetes']);
  const fin = structuredClone(old);
  fin.spec = { finalizers: ['bad'] };
  s.prepareForFinalize(fin, old, CTX);
  assert.equal(s.validateFinalize(fin, old)[0]?.field, 'spec.finalizers[0]');
});

test('namespaces: status phase follows deletionTimestamp', () => {
  const old = prepared(s, { metadata: { name: 'a' } });
  const next = structuredClone(old);
  next.status = { phase: 'Terminating' };
  assert.equal(
    s.validateStatusUpdate!(next, old)[0]?.detail,
    "may only be 'Active' if `deletionTimestamp` is empty",
  );
  assert.equal(s.validateStatusUpdate!(next, old)[0]?.field, 'status.Phase');
});

test('namespaces: deletion waits for spec.finalizers and marks the namespace Terminating', () => {
  const ns = prepared(s, { metadata: { name: 'a' } });
  assert.equal(s.deletionPending!(ns), true, 'the kubernetes finalizer keeps it');
  s.markForDeletion!(ns);
  assert.equal(ns.status?.phase, 'Terminating');
  ns.spec = { finalizers: [] };
  assert.equal(s.deletionPending!(ns), false);
});

test('namespaces: table', () => {
  const ns = prepared(s, { metadata: { name: 'a', creationTimestamp: '2025-06-01T11:55:00Z' } });
  assert.deepEqual(s.table!.row(ns, NOW), ['a', 'Active', '5m']);
  assert.deepEqual(
    s.table!.columns.map((c) => c.name),
    ['Name', 'Status', 'Age'],
  );
});
