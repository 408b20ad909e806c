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
