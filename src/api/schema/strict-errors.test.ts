import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  documentOrder,
  orderStrictErrors,
  strictDecodingRejection,
  strictErrorText,
  strictPatchRejection,
  strictWarnings,
  yamlDuplicateText,
} from './strict-errors.ts';

test('strict errors are worded as sigs.k8s.io/json and the create handler word them', () => {
  const errors = [
    strictErrorText({ type: 'unknown', path: 'spec.template.spec.containers[0].imagee' }),
    strictErrorText({ type: 'duplicate', path: 'metadata.name' }),
  ];
  const status = strictDecodingRejection('Deployment', 'v1', 'Deployment', errors).toStatus();
  assert.equal(status.code, 400);
  assert.equal(status.reason, 'BadRequest');
  assert.equal(
    status.message,
    'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: ' +
      'unknown field "spec.template.spec.containers[0].imagee", duplicate field "metadata.name"',
  );
});

test('patch rejections are 422 on the field "patch"', () => {
  const status = strictPatchRejection('{"spec":{"foo":1}}', ['unknown field "spec.foo"']).toStatus();
  assert.equal(status.code, 422);
  assert.equal(
    status.message,
    ' "" is invalid: patch: Invalid value: "{\\"spec\\":{\\"foo\\":1}}": strict decoding error: unknown field "spec.foo"',
  );
  assert.deepEqual(status.details?.causes, [
    {
      reason: 'FieldValueInvalid',
      message: 'Invalid value: "{\\"spec\\":{\\"foo\\":1}}": strict decoding error: unknown field "spec.foo"',
      field: 'patch',
    },
  ]);
});

test('warnings: one per error, YAML duplicate lines split', () => {
  const yaml = yamlDuplicateText([
    'line 3: key "a" already set in map',
    'line 7: key "b" already set in map',
  ]);
  assert.equal(
    yaml,
    'yaml: unmarshal errors:\n  line 3: key "a" already set in map\n  line 7: key "b" already set in map',
  );
  assert.deepEqual(strictWarnings([yaml, 'unknown field "spec.x"']), [
    'line 3: key "a" already set in map',
    'line 7: key "b" already set in map',
    'unknown field "spec.x"',
  ]);
});

test('unknown and duplicate fields are ordered as one pass over the document meets them', () => {
  const doc = { zz: 1, a: 2, spec: { b: 1, x: 2 } };
  const ordered = orderStrictErrors(
    [
      { type: 'duplicate', path: 'a' },
      { type: 'unknown', path: 'spec.x' },
      { type: 'unknown', path: 'zz' },
    ],
    documentOrder(doc),
  );
  assert.deepEqual(ordered.map(strictErrorText), [
    'unknown field "zz"',
    'duplicate field "a"',
    'unknown field "spec.x"',
  ]);
});
