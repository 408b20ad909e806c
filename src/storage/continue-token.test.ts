import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeContinue, encodeContinue } from './continue-token.ts';
import { InvalidContinueError } from './store.ts';

test('a continue token carries the list revision and the next key, relative to the prefix', () => {
  const token = encodeContinue('/registry/pods/', '/registry/pods/default/web-1', 42);
  const json = JSON.parse(Buffer.from(token, 'base64url').toString());
  assert.deepEqual(json, { v: 'meta.k8s.io/v1', rv: 42, start: 'default/web-1\u0000' });
  assert.deepEqual(decodeContinue('/registry/pods/', token), {
    revision: 42,
    startKey: '/registry/pods/default/web-1\u0000',
  });
});

test('malformed continue tokens are refused', () => {
  const bad = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  for (const token of [
    '!!!',
    bad('string'),
    bad({ v: 'other/v1', rv: 1, start: 'x' }),
    bad({ v: 'meta.k8s.io/v1', rv: 0, start: 'x' }),
    bad({ v: 'meta.k8s.io/v1', rv: 1.5, start: 'x' }),
    bad({ v: 'meta.k8s.io/v1', rv: 1, start: '' }),
  ]) {
    assert.throws(() => decodeContinue('/p/', token), InvalidContinueError, token);
  }
});
