import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ignoreManagedFieldsTimestamps } from './timestamps.ts';

const entry = (time: string, fields: object = { 'f:data': {} }) => ({
  manager: 'm',
  operation: 'Update',
  apiVersion: 'v1',
  time,
  fieldsType: 'FieldsV1',
  fieldsV1: fields,
});
const obj = (time: string, data = 'x', fields?: object) => ({
  metadata: { name: 'a', managedFields: [entry(time, fields)] },
  data: { k: data },
});

test('a change of timestamps alone is reverted', () => {
  const out = ignoreManagedFieldsTimestamps(obj('2025-02-02T00:00:00Z'), obj('2025-01-01T00:00:00Z'));
  assert.deepEqual(out, obj('2025-01-01T00:00:00Z'));
});

test('real changes keep the new timestamps', () => {
  const changedData = obj('2025-02-02T00:00:00Z', 'y');
  assert.equal(ignoreManagedFieldsTimestamps(changedData, obj('2025-01-01T00:00:00Z')), changedData);
  const changedFields = obj('2025-02-02T00:00:00Z', 'x', { 'f:other': {} });
  assert.equal(ignoreManagedFieldsTimestamps(changedFields, obj('2025-01-01T00:00:00Z')), changedFields);
});

test('the object compares member by member, metadata without managedFields, odd members included', () => {
  const at = (time: string, extra: Record<string, unknown>) => ({ ...obj(time), ...extra });
  const t1 = '2025-02-02T00:00:00Z';
  const t0 = '2025-01-01T00:00:00Z';
  for (const [next, old, reverted] of [
    [at(t1, { '': 1 }), at(t0, { '': 2 }), false],
    [at(t1, { '': 1 }), at(t0, { '': 1 }), true],
    [at(t1, { spec: undefined }), at(t0, {}), true],
    [at(t1, { spec: { a: 1 } }), at(t0, { spec: { a: 1, b: undefined } }), true],
    [at(t1, { spec: { a: 1 } }), at(t0, {}), false],
    [at(t1, {}), at(t0, { spec: null }), false],
  ] as const) {
    const out = ignoreManagedFieldsTimestamps(next, old);
    assert.equal(out !== next, reverted, JSON.stringify([next, old]));
  }
  const labelled = obj(t1);
  (labelled.metadata as Record<string, unknown>).labels = { a: 'b' };
  assert.equal(ignoreManagedFieldsTimestamps(labelled, obj(t0)), labelled);
});
