import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkStrategy, NOW, prepared } from '../strategy-conformance.ts';
import { configMapStrategy as cm } from './configmap.ts';
import { secretStrategy as sec } from './secret.ts';
import { serviceAccountStrategy as sa } from './service-account.ts';

const meta = { name: 'x', namespace: 'default', creationTimestamp: '2025-06-01T11:00:00Z' };

checkStrategy(cm, {
  valid: { metadata: meta, data: { 'a.txt': 'hello' }, binaryData: { b: 'aGk=' } },
  alsoValid: [{ metadata: meta }],
});
checkStrategy(sec, {
  valid: { metadata: meta, data: { password: 'cw==' } },
  alsoValid: [
    { metadata: meta, type: 'kubernetes.io/tls', data: { 'tls.crt': '', 'tls.key': '' } },
    {
      metadata: meta,
      type: 'kubernetes.io/dockerconfigjson',
      stringData: { '.dockerconfigjson': '{"auths":{}}' },
    },
    { metadata: meta, type: 'kubernetes.io/basic-auth', data: { username: '' } },
  ],
});
checkStrategy(sa, { valid: { metadata: meta, secrets: [{ name: 's', namespace: 'other' }] } });

test('configmaps: bad keys, duplicate keys, size', () => {
  const errs = cm.validate!({ metadata: meta, data: { 'a b': '1', k: '2' }, binaryData: { k: '' } });
  assert.deepEqual(
    errs.map((e) => [e.field, e.type]),
    [
      ['data[a b]', 'FieldValueInvalid'],
      ['data[k]', 'FieldValueInvalid'],
    ],
  );
  assert.equal(
    errs[0]!.detail,
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
  );
  assert.equal(errs[1]!.detail, 'duplicate of key present in binaryData');
  const big = cm.validate!({ metadata: meta, data: { a: 'x'.repeat(1024 * 1024), b: 'y' } });
  assert.deepEqual(big, [
    { type: 'FieldValueTooLong', field: '', detail: 'may not be more than 1048576 bytes' },
  ]);
});

test('configmaps: immutable', () => {
  const old = { metadata: meta, immutable: true, data: { a: '1' } };
  const errs = cm.validateUpdate!({ metadata: meta, data: { a: '2' } }, old);
  assert.deepEqual(
    errs.map((e) => `${e.field}: ${e.detail}`),
    [
      'immutable: field is immutable when `immutable` is set',
      'data: field is immutable when `immutable` is set',
    ],
  );
  assert.deepEqual(cm.validateUpdate!({ metadata: meta, immutable: true, data: { a: '1' } }, old), []);
});

test('configmaps: table counts data and binaryData', () => {
  assert.deepEqual(cm.table!.row({ metadata: meta, data: { a: '1' }, binaryData: { b: '' } }, NOW), [
    'x',
    2,
    '60m',
  ]);
});

test('secrets: defaults type Opaque and merges stringData', () => {
  const s = prepared(sec, {
    metadata: meta,
    data: { a: 'MQ==', b: 'Mg==' },
    stringData: { b: 'two', c: 'ü' },
  });
  assert.equal(s.type, 'Opaque');
  assert.deepEqual(s.data, { a: 'MQ==', b: 'dHdv', c: 'w7w=' });
  assert.equal(s.stringData, undefined);
});

test('secrets: type-specific required keys', () => {
  const fields = (obj: object) =>
    sec.validate!(prepared(sec, { metadata: meta, ...obj })).map((e) => `${e.field}: ${e.type}`);
  assert.deepEqual(fields({ type: 'kubernetes.io/tls', data: {} }), [
    'data[tls.crt]: FieldValueRequired',
    'data[tls.key]: FieldValueRequired',
  ]);
  assert.deepEqual(fields({ type: 'kubernetes.io/basic-auth' }), [
    'data[username]: FieldValueRequired',
    'data[password]: FieldValueRequired',
  ]);
  assert.deepEqual(fields({ type: 'kubernetes.io/ssh-auth', data: { 'ssh-privatekey': '' } }), [
    'data[ssh-privatekey]: FieldValueRequired',
  ]);
  assert.deepEqual(fields({ type: 'kubernetes.io/service-account-token' }), [
    'metadata.annotations[kubernetes.io/service-account.name]: FieldValueRequired',
  ]);
  const bad = sec.validate!(
    prepared(sec, {
      metadata: meta,
      type: 'kubernetes.io/dockerconfigjson',
      stringData: { '.dockerconfigjson': 'nope' },
    }),
  );
  assert.deepEqual(bad, [
    {
      type: 'FieldValueInvalid',
      field: 'data[.dockerconfigjson]',
      value: '<secret contents redacted>',
      detail: "invalid character 'o' in literal null (expecting 'u')",
    },
  ]);
});

test('secrets: type is immutable; immutable secrets keep data', () => {
  const old = prepared(sec, { metadata: meta, immutable: true, data: { a: 'MQ==' } });
  const next = prepared(sec, { metadata: meta, type: 'Other', data: { a: 'Mg==' } });
  assert.deepEqual(
    sec.validateUpdate!(next, old).map((e) => `${e.field}: ${e.detail}`),
    [
      'type: field is immutable',
      'immutable: field is immutable when `immutable` is set',
      'data: field is immutable when `immutable` is set',
    ],
  );
});

test('secrets: table and field selector', () => {
  const s = prepared(sec, { metadata: meta, data: { a: 'MQ==' } });
  assert.deepEqual(sec.table!.row(s, NOW), ['x', 'Opaque', 1, '60m']);
  assert.deepEqual(sec.selectableFields!(s), { type: 'Opaque' });
});

test('serviceaccounts: secret references keep their name only', () => {
  const s = prepared(sa, { metadata: meta, secrets: [{ name: 'a', namespace: 'b', uid: 'c' }] });
  assert.deepEqual(s.secrets, [{ name: 'a' }]);
  assert.deepEqual(sa.table!.row(s, NOW), ['x', 1, '60m']);
  assert.equal(
    sa.warnings!({ metadata: { annotations: { 'kubernetes.io/enforce-mountable-secrets': 'true' } } }).length,
    1,
  );
});
