import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Secret } from 'kubernetes-types/core/v1.js';
import { pullAuth, registryOf } from './image-puller.ts';

const b64 = (s: string) => Buffer.from(s).toString('base64');

function dockerConfigJson(auths: Record<string, Record<string, string>>): Secret {
  return {
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': b64(JSON.stringify({ auths })) },
  };
}

test('registryOf: the first path segment when it names a host, else docker.io', () => {
  assert.equal(registryOf('127.0.0.1:5000/test/busybox:1'), '127.0.0.1:5000');
  assert.equal(registryOf('localhost/busybox'), 'localhost');
  assert.equal(registryOf('registry.example.com/a/b'), 'registry.example.com');
  assert.equal(registryOf('library/busybox'), 'docker.io');
  assert.equal(registryOf('busybox'), 'docker.io');
});

test('pullAuth: the entry for the image registry, without a server address', () => {
  const secret = dockerConfigJson({
    'other.example.com': { username: 'x', password: 'y' },
    '127.0.0.1:5000': { username: 'kts', password: 'pw', auth: b64('kts:pw') },
  });
  // containerd url-parses server_address and drops the credentials when it does not match: unset.
  assert.deepEqual(pullAuth('127.0.0.1:5000/test/busybox:1', [secret]), {
    username: 'kts',
    password: 'pw',
    auth: b64('kts:pw'),
  });
});

test('pullAuth: https:// keys and paths, docker.io aliases, legacy .dockercfg', () => {
  const https = dockerConfigJson({ 'https://registry.example.com/v1/': { auth: b64('a:b') } });
  assert.deepEqual(pullAuth('registry.example.com/x:1', [https]), { auth: b64('a:b') });
  const hub = dockerConfigJson({ 'https://index.docker.io/v1/': { username: 'u', password: 'p' } });
  assert.deepEqual(pullAuth('busybox', [hub]), { username: 'u', password: 'p' });
  const legacy: Secret = {
    type: 'kubernetes.io/dockercfg',
    data: { '.dockercfg': b64(JSON.stringify({ 'registry.example.com': { auth: b64('c:d') } })) },
  };
  assert.deepEqual(pullAuth('registry.example.com/x:1', [legacy]), { auth: b64('c:d') });
});

test('pullAuth: nothing for another registry or an unreadable secret', () => {
  const other = dockerConfigJson({ 'other.example.com': { username: 'x', password: 'y' } });
  const broken: Secret = { data: { '.dockerconfigjson': b64('{not json') } };
  assert.equal(pullAuth('127.0.0.1:5000/a:1', [broken, other]), undefined);
});
