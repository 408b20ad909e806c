import assert from 'node:assert/strict';
import { test } from 'node:test';
import { managedFieldsRange } from './managed-fields-bytes.ts';

/** The event decoded without the range managedFieldsRange answers, or undefined. */
function without(text: string, pad = ''): unknown {
  const bytes = new TextEncoder().encode(`${pad}${text}${pad}`);
  const range = managedFieldsRange(bytes, pad.length, bytes.length - pad.length);
  if (!range) return undefined;
  const dec = new TextDecoder();
  return JSON.parse(
    dec.decode(bytes.subarray(pad.length, range.from)) +
      dec.decode(bytes.subarray(range.to, bytes.length - pad.length)),
  );
}

/** What it must equal: the event parsed whole, managedFields deleted. */
function stripped(text: string): unknown {
  const ev = JSON.parse(text) as { object: { metadata: Record<string, unknown> } };
  delete ev.object.metadata.managedFields;
  return ev;
}

const managedFields = [
  {
    manager: 'm"}]',
    operation: 'Update',
    fieldsType: 'FieldsV1',
    fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'k:{"name":"a]}\\"x"}': {} },
  },
  { manager: 'kubelet', subresource: 'status', fieldsV1: { 'f:status': { 'k:{"ip":"10.1.2.3"}': {} } } },
];
const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    generateName: 'web-',
    labels: { app: 'web', 'odd"key': 'v}]', managedFields: 'label' },
    annotations: { note: 'a "quoted" \\ value with ] and } and \\" and é', '"managedFields"': '[' },
    ownerReferences: [
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'u1', controller: true },
    ],
    namespace: 'ns',
    name: 'web-x1',
    managedFields,
    resourceVersion: '12',
  },
  spec: { containers: [{ name: 'app', args: ['--x=[1]', '{'] }], managedFields: 1 },
  status: { phase: 'Running' },
};

test('managedFieldsRange covers exactly metadata.managedFields, wherever it sits', () => {
  const cases = [
    { type: 'MODIFIED', object: pod },
    // First, last and only member; metadata before apiVersion; object before type.
    { type: 'ADDED', object: { ...pod, metadata: { managedFields, name: 'a' } } },
    { type: 'ADDED', object: { metadata: { name: 'a', managedFields } } },
    { object: { metadata: { managedFields: [] }, kind: 'Pod' }, type: 'DELETED' },
  ];
  for (const ev of cases)
    for (const text of [JSON.stringify(ev), JSON.stringify(ev, null, 2)])
      for (const pad of ['', ' \r']) assert.deepEqual(without(text, pad), stripped(text), text);
});

test('managedFieldsRange answers undefined when there is nothing to leave out or the text is odd', () => {
  for (const text of [
    '{"type":"BOOKMARK","object":{"kind":"Pod","metadata":{"resourceVersion":"7"}}}',
    '{"type":"ERROR","object":{"kind":"Status","code":410}}',
    '{"type":"ADDED","object":{"spec":{"managedFields":[]}}}',
    '{"type":"ADDED","object":{"metadata":{"managedFields":[{"a":"]"}',
    '{"type":"ADDED","object":{"metadata":"managedFields"}}',
    '[]',
    '',
  ])
    assert.equal(without(text), undefined, text);
});
