import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeYaml, YamlSyntaxError } from './yaml.ts';

test('YAML 1.1 scalars as sigs.k8s.io/yaml resolves them', () => {
  const { value } = decodeYaml(
    'a: yes\nb: Off\nc: 0755\nd: 22:22\ne: 2024-01-01\nf: 1_000\ng: 0x1F\nh: "yes"\ni: ~\nj: 1.5\nk: 1e3\nl: "0755"\n',
  );
  assert.deepEqual(value, {
    a: true,
    b: false,
    c: 493,
    d: '22:22',
    e: '2024-01-01',
    f: 1000,
    g: 31,
    h: 'yes',
    i: null,
    j: 1.5,
    k: 1000,
    l: '0755',
  });
});

test('a manifest with anchors and merge keys; only the first document; empty body', () => {
  const { value } = decodeYaml('base: &b {x: 1}\nm:\n  <<: *b\n  z: 2\n---\nother: 1\n');
  assert.deepEqual(value, { base: { x: 1 }, m: { x: 1, z: 2 } });
  assert.deepEqual(decodeYaml(''), { value: null, duplicateKeys: [] });
});

test('duplicate keys: go-yaml lines in strict mode, last value wins', () => {
  const text =
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\ndata:\n  k: v\nkind: ConfigMap\n';
  assert.deepEqual(decodeYaml(text, { strict: true }), {
    value: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' }, data: { k: 'v' } },
    duplicateKeys: ['line 5: key "name" already set in map', 'line 8: key "kind" already set in map'],
  });
  assert.deepEqual(decodeYaml(text).duplicateKeys, []);
  // 1 and "1" are different keys to go-yaml.
  assert.deepEqual(decodeYaml('1: a\n"1": b\n', { strict: true }).duplicateKeys, []);
});

test('syntax errors name the line', () => {
  assert.throws(
    () => decodeYaml('a: 1\nb: [1, 2\n'),
    (e: unknown) => e instanceof YamlSyntaxError && e.message.startsWith('yaml: line ') && e.line >= 2,
  );
  assert.throws(
    () => decodeYaml('a: b: c\n'),
    (e: unknown) => e instanceof YamlSyntaxError && /^yaml: line 1: /.test(e.message),
  );
  assert.throws(() => decodeYaml('a: .inf\n'), /json: unsupported value: \+Inf/);
});
