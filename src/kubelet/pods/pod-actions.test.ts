import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Container } from 'kubernetes-types/core/v1.js';
import { containerHash } from '../pod/labels.ts';
import { type RuntimeContainer, runtimePodStatus } from '../pod/runtime-status.ts';
import { container, pod } from '../pod/test-fixtures.ts';
import { computePodActions } from './pod-actions.ts';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const sandbox = { id: 's1', ready: true, createdAt: T0, ips: ['10.42.0.5'], attempt: 0 };

function ctr(c: Container, extra: Partial<RuntimeContainer> = {}): RuntimeContainer {
  return {
    id: `${c.name}-${extra.restartCount ?? 0}`,
    name: c.name,
    state: 'running',
    createdAt: T0 + 1000 + (extra.restartCount ?? 0),
    startedAt: T0 + 2000,
    finishedAt: 0,
    exitCode: 0,
    reason: '',
    message: '',
    image: 'kts.local/busybox:1',
    imageRef: 'sha256:abc',
    restartCount: 0,
    hash: containerHash(c),
    ...extra,
  };
}

const names = (cs: Container[]) => cs.map((c) => c.name);
const app = container('app');

test('a new pod gets a sandbox and all its containers', () => {
  const p = pod({ containers: [app, container('side')] });
  const a = computePodActions(p, runtimePodStatus([], []));
  assert.equal(a.createSandbox, true);
  assert.equal(a.attempt, 0);
  assert.deepEqual(names(a.containersToStart), ['app', 'side']);
});

test('a new pod with init containers starts only the first init container', () => {
  const p = pod({ initContainers: [container('i1'), container('i2')] });
  const a = computePodActions(p, runtimePodStatus([], []));
  assert.equal(a.createSandbox, true);
  assert.deepEqual(names(a.initContainersToStart), ['i1']);
  assert.deepEqual(a.containersToStart, []);
});

test('init containers run in order, then the regular containers', () => {
  const i1 = container('i1');
  const i2 = container('i2');
  const p = pod({ initContainers: [i1, i2] });
  let a = computePodActions(p, runtimePodStatus([sandbox], [ctr(i1)]));
  assert.deepEqual(a.initContainersToStart, []);
  assert.deepEqual(a.containersToStart, []);
  a = computePodActions(p, runtimePodStatus([sandbox], [ctr(i1, { state: 'exited' })]));
  assert.deepEqual(names(a.initContainersToStart), ['i2']);
  a = computePodActions(
    p,
    runtimePodStatus([sandbox], [ctr(i1, { state: 'exited' }), ctr(i2, { state: 'exited' })]),
  );
  assert.deepEqual(names(a.containersToStart), ['app']);
  assert.equal(a.killPod, false);
});

test('a failed init container is retried, or fails the pod under restartPolicy Never', () => {
  const i1 = container('i1');
  const failed = runtimePodStatus([sandbox], [ctr(i1, { state: 'exited', exitCode: 1 })]);
  assert.deepEqual(names(computePodActions(pod({ initContainers: [i1] }), failed).initContainersToStart), [
    'i1',
  ]);
  const never = computePodActions(pod({ initContainers: [i1], restartPolicy: 'Never' }), failed);
  assert.equal(never.killPod, true);
  assert.deepEqual(never.initContainersToStart, []);
});

test('a sidecar starts first and must be started before the next init container', () => {
  const side = container('side', { restartPolicy: 'Always' } as Partial<Container>);
  const i2 = container('i2');
  const p = pod({ initContainers: [side, i2] });
  let a = computePodActions(p, runtimePodStatus([sandbox], []));
  assert.deepEqual(names(a.initContainersToStart), ['side']);
  const running = runtimePodStatus([sandbox], [ctr(side)]);
  a = computePodActions(p, running, {
    livenessFailed: new Set(),
    startupFailed: new Set(),
    started: () => false,
  });
  assert.deepEqual(a.initContainersToStart, []);
  a = computePodActions(p, running);
  assert.deepEqual(names(a.initContainersToStart), ['i2']);
  a = computePodActions(p, runtimePodStatus([sandbox], [ctr(side), ctr(i2, { state: 'exited' })]));
  assert.deepEqual(names(a.containersToStart), ['app']);
});

test('running containers are kept; a changed spec or a failed liveness probe restarts them', () => {
  const running = runtimePodStatus([sandbox], [ctr(app)]);
  const keep = computePodActions(pod(), running);
  assert.deepEqual(keep.containersToStart, []);
  assert.deepEqual(keep.containersToKill, []);
  assert.equal(keep.killPod, false);
  assert.equal(keep.sandboxId, 's1');

  const changed = computePodActions(pod({ containers: [{ ...app, args: ['x'] }] }), running);
  assert.deepEqual(changed.containersToKill, [
    { id: 'app-0', name: 'app', message: 'Container app definition changed, will be restarted' },
  ]);
  assert.deepEqual(names(changed.containersToStart), ['app']);

  const probes = {
    livenessFailed: new Set(['app-0']),
    startupFailed: new Set<string>(),
    started: () => true,
  };
  const liveness = computePodActions(pod(), running, probes);
  assert.equal(
    liveness.containersToKill[0]?.message,
    'Container app failed liveness probe, will be restarted',
  );
  const never = computePodActions(pod({ restartPolicy: 'Never' }), running, probes);
  assert.equal(never.containersToKill[0]?.message, 'Container app failed liveness probe');
  assert.deepEqual(never.containersToStart, []);
});

test('exited containers restart by policy; a pod with nothing left to run is killed', () => {
  const exited = runtimePodStatus([sandbox], [ctr(app, { state: 'exited', exitCode: 0 })]);
  assert.deepEqual(names(computePodActions(pod(), exited).containersToStart), ['app']);
  const onFailure = computePodActions(pod({ restartPolicy: 'OnFailure' }), exited);
  assert.deepEqual(onFailure.containersToStart, []);
  assert.equal(onFailure.killPod, true);
  const failed = runtimePodStatus([sandbox], [ctr(app, { state: 'exited', exitCode: 2 })]);
  assert.deepEqual(names(computePodActions(pod({ restartPolicy: 'OnFailure' }), failed).containersToStart), [
    'app',
  ]);
  assert.equal(computePodActions(pod({ restartPolicy: 'Never' }), failed).killPod, true);
});

test('a dead sandbox is replaced, except for a pod that never restarts', () => {
  const dead = runtimePodStatus(
    [{ ...sandbox, ready: false }],
    [ctr(app, { state: 'exited', exitCode: 137 })],
  );
  const again = computePodActions(pod(), dead);
  assert.equal(again.createSandbox, true);
  assert.equal(again.attempt, 1);
  assert.equal(again.killPod, true);
  const never = computePodActions(pod({ restartPolicy: 'Never' }), dead);
  assert.equal(never.createSandbox, false);
  assert.equal(never.killPod, true);
});
