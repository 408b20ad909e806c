import assert from 'node:assert/strict';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pod } from '../pod/test-fixtures.ts';
import { checkHostPath } from './host-path.ts';
import { configMapPayload, downwardAPIPayload, projectedPayload, secretPayload } from './payloads.ts';

const text = (p: Map<string, { data: Buffer; mode: number }>) =>
  Object.fromEntries([...p].map(([k, v]) => [k, [v.data.toString('utf8'), v.mode.toString(8)]]));

test('configMap: all keys or items, modes, missing objects and keys', () => {
  const cm = { data: { a: '1', b: '2' }, binaryData: { bin: Buffer.from([1, 2]).toString('base64') } };
  assert.deepEqual(text(configMapPayload('cm', cm, {}, 0o644)), {
    a: ['1', '644'],
    b: ['2', '644'],
    bin: ['\u0001\u0002', '644'],
  });
  assert.deepEqual(
    text(configMapPayload('cm', cm, { items: [{ key: 'a', path: 'dir/a.txt', mode: 0o600 }] }, 0o644)),
    {
      'dir/a.txt': ['1', '600'],
    },
  );
  assert.throws(() => configMapPayload('cm', undefined, {}, 0o644), /^Error: configmap "cm" not found$/);
  assert.equal(configMapPayload('cm', undefined, { optional: true }, 0o644).size, 0);
  assert.throws(
    () => configMapPayload('cm', cm, { items: [{ key: 'x', path: 'x' }] }, 0o644),
    /configmap references non-existent config key: x/,
  );
});

test('secret: data decoded, defaultMode, missing key', () => {
  const s = { data: { password: Buffer.from('s3cret').toString('base64') } };
  assert.deepEqual(text(secretPayload('s', s, {}, 0o400)), { password: ['s3cret', '400'] });
  assert.throws(() => secretPayload('s', undefined, {}, 0o644), /secret "s" not found/);
  assert.throws(
    () => secretPayload('s', s, { items: [{ key: 'nope', path: 'p' }] }, 0o644),
    /references non-existent secret key: nope/,
  );
});

test('downwardAPI: pod fields and container resources', () => {
  const p = pod(
    { containers: [{ name: 'app', image: 'x', resources: { limits: { memory: '64Mi' } } }] },
    { labels: { a: 'b' } },
  );
  const payload = downwardAPIPayload(
    p,
    [
      { path: 'name', fieldRef: { fieldPath: 'metadata.name' } },
      { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
      { path: 'mem', resourceFieldRef: { containerName: 'app', resource: 'limits.memory', divisor: '1Mi' } },
    ],
    0o644,
    {},
  );
  assert.deepEqual(text(payload), { name: ['web', '644'], labels: ['a="b"', '644'], mem: ['64', '644'] });
});

test('projected: sources merged; a token that could not be fetched is a warning', () => {
  const p = pod();
  const source = {
    defaultMode: 0o644,
    sources: [
      { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] } },
    ],
  };
  const inputs = {
    configMaps: new Map([['kube-root-ca.crt', { data: { 'ca.crt': 'CA' } }]]),
    secrets: new Map(),
    allocatable: {},
  };
  const withToken = projectedPayload(p, source, { ...inputs, tokens: new Map([[0, { token: 'jwt' }]]) });
  assert.deepEqual(text(withToken.payload), {
    token: ['jwt', '644'],
    'ca.crt': ['CA', '644'],
    namespace: ['default', '644'],
  });
  assert.deepEqual(withToken.warnings, []);
  const without = projectedPayload(p, source, {
    ...inputs,
    tokens: new Map([[0, { error: 'failed to fetch token: 404' }]]),
  });
  assert.deepEqual(Object.keys(text(without.payload)), ['ca.crt', 'namespace']);
  assert.deepEqual(without.warnings, ['failed to fetch token: 404']);
});

const dir = mkdtempSync(join(tmpdir(), 'kts-hostpath-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('hostPath types are checked, *OrCreate creates', () => {
  const newDir = join(dir, 'made');
  checkHostPath(newDir, 'DirectoryOrCreate');
  assert.ok(statSync(newDir).isDirectory());
  const newFile = join(dir, 'made.txt');
  checkHostPath(newFile, 'FileOrCreate');
  assert.ok(statSync(newFile).isFile());
  assert.throws(
    () => checkHostPath(newFile, 'Directory'),
    new RegExp(`hostPath type check failed: ${newFile} is not a directory`),
  );
  assert.throws(() => checkHostPath(join(dir, 'absent'), 'File'), /is not a file/);
  assert.throws(() => checkHostPath(newDir, 'FileOrCreate'), /is not a file/);
  assert.throws(() => checkHostPath(newFile, 'Socket'), /is not a socket file/);
  mkdirSync(join(dir, 'x'));
  closeSync(openSync(join(dir, 'x', 'f'), 'w'));
  checkHostPath(join(dir, 'x', 'anything-goes'), '');
});
