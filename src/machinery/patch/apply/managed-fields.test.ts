import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeManagedFields,
  encodeManagedFields,
  isResetManagedFields,
  type ManagedFieldsEntry,
  managerFromUserAgent,
  managerIdentifier,
} from './managed-fields.ts';

const entry = (e: Partial<ManagedFieldsEntry>): ManagedFieldsEntry => ({
  apiVersion: 'v1',
  fieldsType: 'FieldsV1',
  fieldsV1: { 'f:data': { 'f:a': {} } },
  ...e,
});

test('manager identifiers leave out apiVersion for Apply entries, as upstream', () => {
  assert.equal(
    managerIdentifier({ manager: 'kubectl', operation: 'Update', apiVersion: 'apps/v1' }),
    '{"manager":"kubectl","operation":"Update","apiVersion":"apps/v1"}',
  );
  assert.equal(
    managerIdentifier({ manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1' }),
    '{"manager":"kubectl","operation":"Apply"}',
  );
  assert.equal(
    managerIdentifier({ manager: 'c', operation: 'Update', apiVersion: 'v1', subresource: 'status' }),
    '{"manager":"c","operation":"Update","apiVersion":"v1","subresource":"status"}',
  );
});

test('entries round-trip and sort by operation, time, manager, apiVersion, subresource', () => {
  const input = [
    entry({ manager: 'z', operation: 'Update', time: '2025-01-01T00:00:00Z' }),
    entry({ manager: 'b', operation: 'Update', time: '2024-01-01T00:00:00Z' }),
    entry({ manager: 'a', operation: 'Update', time: '2024-01-01T00:00:00Z', subresource: 'status' }),
    entry({ manager: 'kubectl', operation: 'Apply', time: '2026-01-01T00:00:00Z' }),
  ];
  const out = encodeManagedFields(decodeManagedFields(input))!;
  assert.deepEqual(
    out.map((e) => e.manager),
    ['kubectl', 'a', 'b', 'z'],
  );
  assert.deepEqual(out[1], {
    manager: 'a',
    operation: 'Update',
    apiVersion: 'v1',
    time: '2024-01-01T00:00:00Z',
    fieldsType: 'FieldsV1',
    fieldsV1: { 'f:data': { 'f:a': {} } },
    subresource: 'status',
  });
  assert.deepEqual(Object.keys(out[1]!), [
    'manager',
    'operation',
    'apiVersion',
    'time',
    'fieldsType',
    'fieldsV1',
    'subresource',
  ]);
});

test('invalid entries are rejected with upstream’s wording', () => {
  assert.throws(
    () => decodeManagedFields([entry({ operation: 'Patch' })]),
    /operation must be `Apply` or `Update`/,
  );
  assert.throws(
    () => decodeManagedFields([entry({ operation: 'Apply', apiVersion: '' })]),
    /apiVersion must not be empty/,
  );
  assert.throws(
    () => decodeManagedFields([entry({ operation: 'Apply', fieldsType: '' })]),
    /missing fieldsType in managed fields entry 0/,
  );
  assert.throws(
    () => decodeManagedFields([entry({ operation: 'Apply', fieldsType: 'FieldsV2' })]),
    /invalid fieldsType "FieldsV2"/,
  );
});

test('nobody owning anything encodes as no managedFields at all', () => {
  assert.equal(encodeManagedFields(decodeManagedFields([])), undefined);
});

test('[] and [{}] reset managedFields; absence does not', () => {
  assert.equal(isResetManagedFields([]), true);
  assert.equal(isResetManagedFields([{}]), true);
  assert.equal(isResetManagedFields(undefined), false);
  assert.equal(isResetManagedFields([entry({ operation: 'Apply' })]), false);
});

test('the manager of a request without ?fieldManager comes from its user agent', () => {
  assert.equal(managerFromUserAgent('kubectl/v1.32.0 (linux/amd64) kubernetes/abcdef'), 'kubectl');
  assert.equal(managerFromUserAgent('curl/8.0'), 'curl');
  assert.equal(managerFromUserAgent(`${'x'.repeat(200)}/1`).length, 128);
});
