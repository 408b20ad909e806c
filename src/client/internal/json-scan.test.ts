import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memberValueStart, scalarMetadata, skipValue } from './json-scan.ts';

/** What scalarMetadata must equal: metadata's string and number fields, from a full parse. */
function expected(text: string): Record<string, unknown> {
  const metadata = (JSON.parse(text) as { metadata: Record<string, unknown> }).metadata;
  return Object.fromEntries(
    Object.entries(metadata).filter(([, v]) => typeof v === 'string' || typeof v === 'number'),
  );
}

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    generateName: 'web-',
    labels: { app: 'web', 'odd"key': 'v}]', resourceVersion: '999' },
    annotations: { note: 'a "quoted" \\ value with ] and } and \\"' },
    ownerReferences: [
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'u1', controller: true },
    ],
    namespace: 'ns',
    name: 'web-x1',
    uid: 'u-2',
    generation: 3,
    creationTimestamp: '2026-11-23T17:52:09Z',
    deletionGracePeriodSeconds: 0,
    finalizers: ['a/b'],
    managedFields: [
      {
        manager: 'm"}]',
        operation: 'Update',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'k:{"name":"a]}"}': {} },
      },
    ],
    resourceVersion: '12',
  },
  spec: { containers: [{ name: 'app', image: 'pause', args: ['--x=[1]', '{'] }], priority: -5 },
  status: { phase: 'Running' },
};

test('scalarMetadata reads metadata scalars past labels, annotations, owners and managedFields', () => {
  const text = JSON.stringify(pod);
  assert.deepEqual(scalarMetadata(text), expected(text));
  assert.equal(scalarMetadata(text)?.resourceVersion, '12');
  assert.equal(scalarMetadata(text)?.generation, 3);
  // Spaces and newlines between tokens (an indented answer) change nothing.
  const indented = JSON.stringify(pod, null, 2);
  assert.deepEqual(scalarMetadata(indented), expected(indented));
  assert.deepEqual(scalarMetadata(` \n${text}`), expected(text));
});

test('scalarMetadata finds metadata wherever it is among the members, and decodes escapes', () => {
  const late = JSON.stringify({
    spec: pod.spec,
    status: pod.status,
    metadata: { name: 'a\\"b\u00e9', uid: 'u' },
  });
  assert.deepEqual(scalarMetadata(late), { name: 'a\\"b\u00e9', uid: 'u' });
  assert.deepEqual(scalarMetadata('{"metadata":{}}'), {});
  assert.deepEqual(scalarMetadata('{"metadata":{"name":"x","labels":{}}}'), { name: 'x' });
  assert.deepEqual(scalarMetadata('{"metadata":{"n":null,"b":true,"e":1.5e3}}'), { e: 1500 });
});

test('scalarMetadata answers undefined for text it cannot follow, never a wrong value', () => {
  for (const text of [
    '',
    '[]',
    '"metadata"',
    '{"kind":"Status","status":"Success"}',
    '{"metadata":"x"}',
    '{"metadata":[1]}',
    '{"metadata":{"name":"x"',
    '{"metadata":{"name":"x}',
    '{"kind":"Pod"',
  ])
    assert.equal(scalarMetadata(text), undefined, text);
});

test('skipValue and memberValueStart step over whole values only at the object own level', () => {
  const text = '{"a":{"metadata":1},"b":[1,"]",{"c":"\\""}],"metadata":{"x":-2},"z":true}';
  assert.equal(text.slice(memberValueStart(text, 0, 'metadata'), -10), '{"x":-2}');
  assert.equal(memberValueStart(text, 0, 'c'), -1);
  assert.equal(memberValueStart('{}', 0, 'a'), -1);
  const b = text.indexOf('[');
  assert.equal(text.slice(b, skipValue(text, b)), '[1,"]",{"c":"\\""}]');
  assert.equal(skipValue('12.5,', 0), 4);
  assert.equal(skipValue('null}', 0), 4);
  assert.equal(skipValue('"abc', 0), -1);
  assert.equal(skipValue('{"a":[1}', 0), -1);
});
