import assert from 'node:assert/strict';
import { test } from 'node:test';
import { status } from '@grpc/grpc-js';
import { CriError } from '../cri/cri-error.ts';
import {
  defaultPullPolicy,
  ImagePullBackoff,
  imageDecision,
  pullFailure,
  shouldPullImage,
} from './image-pull.ts';
import { container, pod } from './test-fixtures.ts';

test('default pull policy follows the tag', () => {
  assert.equal(defaultPullPolicy('busybox'), 'Always');
  assert.equal(defaultPullPolicy('busybox:latest'), 'Always');
  assert.equal(defaultPullPolicy('localhost:5000/busybox'), 'Always');
  assert.equal(defaultPullPolicy('kts.local/busybox:1'), 'IfNotPresent');
  assert.equal(
    defaultPullPolicy('busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'),
    'IfNotPresent',
  );
  assert.equal(shouldPullImage(container('a', { imagePullPolicy: 'IfNotPresent' }), true), false);
  assert.equal(shouldPullImage(container('a', { imagePullPolicy: 'IfNotPresent' }), false), true);
  assert.equal(shouldPullImage(container('a', { imagePullPolicy: 'Always' }), true), true);
  assert.equal(shouldPullImage(container('a', { imagePullPolicy: 'Never' }), false), false);
});

test('present, never-pull, invalid and back-off decisions with upstream messages', () => {
  const p = pod();
  const b = new ImagePullBackoff();
  assert.deepEqual(imageDecision(p, container('a'), 'sha256:1', b, 0), {
    action: 'use',
    imageRef: 'sha256:1',
  });
  assert.deepEqual(
    imageDecision(p, container('a', { image: 'x:1', imagePullPolicy: 'Never' }), undefined, b, 0),
    {
      action: 'fail',
      reason: 'ErrImageNeverPull',
      message: 'Container image "x:1" is not present with pull policy of Never',
    },
  );
  assert.equal(
    (imageDecision(p, container('a', { image: 'Bad Image!' }), undefined, b, 0) as { reason: string }).reason,
    'InvalidImageName',
  );
  const c = container('a', { image: 'registry.example/app:2' });
  assert.deepEqual(imageDecision(p, c, undefined, b, 0), { action: 'pull' });
  const failure = pullFailure(
    p,
    c,
    new CriError('PullImage', status.UNKNOWN, 'failed to pull and unpack image: connection refused'),
    b,
    1000,
  );
  assert.deepEqual(failure, {
    reason: 'ErrImagePull',
    message: 'rpc error: code = Unknown desc = failed to pull and unpack image: connection refused',
    event:
      'Failed to pull image "registry.example/app:2": rpc error: code = Unknown desc = failed to pull and unpack image: connection refused',
  });
  assert.deepEqual(imageDecision(p, c, undefined, b, 5000), {
    action: 'fail',
    reason: 'ImagePullBackOff',
    message: 'Back-off pulling image "registry.example/app:2"',
  });
  assert.deepEqual(imageDecision(p, c, undefined, b, 11_001), { action: 'pull' });
  pullFailure(p, c, new Error('again'), b, 11_001);
  assert.equal(imageDecision(p, c, undefined, b, 11_001 + 15_000).action, 'fail');
  assert.equal(imageDecision(p, c, undefined, b, 11_001 + 20_001).action, 'pull');
});
