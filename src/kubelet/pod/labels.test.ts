import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  containerAnnotations,
  containerFromLabels,
  containerHash,
  containerLabels,
  containerLogPath,
  isManagedByKubelet,
  podFromLabels,
  podLogDirectory,
  podSandboxLabels,
} from './labels.ts';
import { container, pod } from './test-fixtures.ts';

test('sandbox and container labels round-trip the pod identity', () => {
  const p = pod(
    { terminationGracePeriodSeconds: 30 },
    { labels: { app: 'web' }, deletionGracePeriodSeconds: 5 },
  );
  const labels = podSandboxLabels(p);
  assert.equal(labels.app, 'web');
  assert.deepEqual(podFromLabels(labels), { name: 'web', namespace: 'default', uid: '1111-2222' });
  assert.ok(isManagedByKubelet(labels));
  assert.ok(!isManagedByKubelet({ app: 'x' }));

  const c = container('app', {
    ports: [{ containerPort: 80 }],
    lifecycle: { preStop: { exec: { command: ['sleep', '1'] } } },
  });
  const annotations = containerAnnotations(p, c, 3);
  const back = containerFromLabels(containerLabels(p, c), annotations);
  assert.equal(back.containerName, 'app');
  assert.equal(back.uid, '1111-2222');
  assert.equal(back.restartCount, 3);
  assert.equal(back.hash, containerHash(c));
  assert.equal(back.podTerminationGracePeriod, 30);
  assert.equal(back.podDeletionGracePeriod, 5);
  assert.deepEqual(back.preStopHandler, { exec: { command: ['sleep', '1'] } });
  assert.deepEqual(back.ports, [{ containerPort: 80 }]);
  assert.equal(back.type, 'container');
  assert.equal(back.terminationMessagePath, '/dev/termination-log');
});

test('the spec hash ignores key order and changes with the spec', () => {
  const a = container('app', { command: ['sh'], args: ['-c', 'x'] });
  const b = { args: ['-c', 'x'], command: ['sh'], image: a.image, name: 'app' };
  assert.equal(containerHash(a), containerHash(b));
  assert.notEqual(containerHash(a), containerHash({ ...a, args: ['-c', 'y'] }));
  assert.match(containerHash(a), /^[0-9a-f]{1,8}$/);
});

test('log locations', () => {
  assert.equal(podLogDirectory(pod()), '/var/log/pods/default_web_1111-2222');
  assert.equal(podLogDirectory(pod(), '/tmp/logs/'), '/tmp/logs/default_web_1111-2222');
  assert.equal(containerLogPath('app', 2), 'app/2.log');
});
