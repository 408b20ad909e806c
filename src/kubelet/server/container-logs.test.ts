import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import { logContainerId, logOptionsFromQuery } from './container-logs.ts';

const pod = (s: Partial<ContainerStatus>): Pod => ({
  metadata: { name: 'web' },
  status: {
    containerStatuses: [{ name: 'c', image: 'x', imageID: '', ready: false, restartCount: 0, ...s }],
  },
});

test('which container instance a log request reads', () => {
  const running = pod({ containerID: 'containerd://abc', state: { running: {} } });
  assert.equal(logContainerId(running, 'c', false), 'abc');
  const restarted = pod({
    containerID: 'containerd://new',
    state: { running: {} },
    lastState: { terminated: { exitCode: 1, containerID: 'containerd://old' } },
  });
  assert.equal(logContainerId(restarted, 'c', true), 'old');
  assert.throws(
    () => logContainerId(running, 'c', true),
    /^Error: previous terminated container "c" in pod "web" not found$/,
  );
  assert.throws(
    () => logContainerId(pod({ state: { waiting: { reason: 'ContainerCreating' } } }), 'c', false),
    /^Error: container "c" in pod "web" is waiting to start: ContainerCreating$/,
  );
  assert.throws(
    () => logContainerId(pod({ state: { waiting: { reason: 'ImagePullBackOff' } } }), 'c', false),
    /is waiting to start: trying and failing to pull image/,
  );
  assert.throws(
    () => logContainerId(running, 'other', false),
    /container "other" in pod "web" is not available/,
  );
  const crashLooping = pod({
    state: { waiting: { reason: 'CrashLoopBackOff' } },
    lastState: { terminated: { exitCode: 2, containerID: 'containerd://dead' } },
  });
  assert.equal(logContainerId(crashLooping, 'c', false), 'dead');
});

test('log options from the query', () => {
  const now = Date.parse('2026-01-01T00:01:00Z');
  const o = logOptionsFromQuery(
    new URLSearchParams('follow=true&tailLines=5&timestamps=true&sinceSeconds=60&limitBytes=10'),
    now,
  );
  assert.deepEqual(o, {
    follow: true,
    previous: false,
    timestamps: true,
    tailLines: 5,
    limitBytes: 10,
    sinceNs: BigInt(Date.parse('2026-01-01T00:00:00Z')) * 1_000_000n,
  });
  assert.equal(
    logOptionsFromQuery(new URLSearchParams('sinceTime=2026-01-01T00:00:00Z')).sinceNs,
    1767225600000000000n,
  );
});
