import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computePodQOS, containerOOMScoreAdjust, podCgroupParent, podQOSClass } from './qos.ts';
import { container, pod } from './test-fixtures.ts';

const GiB = 1024 ** 3;

test('BestEffort without requests or limits', () => {
  const p = pod();
  assert.equal(computePodQOS(p), 'BestEffort');
  assert.equal(podCgroupParent(p), '/kubepods/besteffort/pod1111-2222');
  assert.equal(containerOOMScoreAdjust(p, p.spec!.containers[0]!, 8 * GiB), 1000);
});

test('Guaranteed when every container has equal cpu and memory limits and requests', () => {
  const res = { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '0.5', memory: '256Mi' } };
  const p = pod({ containers: [container('a', { resources: res }), container('b', { resources: res })] });
  assert.equal(computePodQOS(p), 'Guaranteed');
  assert.equal(podCgroupParent(p, '/kts/kubepods/'), '/kts/kubepods/pod1111-2222');
  assert.equal(containerOOMScoreAdjust(p, p.spec!.containers[0]!, 8 * GiB), -997);
});

test('Burstable when something is set but not all limits match', () => {
  const p = pod({
    containers: [container('a', { resources: { requests: { memory: '1Gi' } } }), container('b')],
  });
  assert.equal(computePodQOS(p), 'Burstable');
  assert.equal(podCgroupParent(p), '/kubepods/burstable/pod1111-2222');
  // 1000 - 1000 * 1Gi / 8Gi = 875
  assert.equal(containerOOMScoreAdjust(p, p.spec!.containers[0]!, 8 * GiB), 875);
  // No request: 1000 becomes 999, below besteffort.
  assert.equal(containerOOMScoreAdjust(p, p.spec!.containers[1]!, 8 * GiB), 999);
  const big = pod({ containers: [container('a', { resources: { requests: { memory: '8Gi' } } })] });
  assert.equal(containerOOMScoreAdjust(big, big.spec!.containers[0]!, 8 * GiB), 3);
});

test('init containers count; status qosClass wins; node-critical pods are protected', () => {
  const res = { limits: { cpu: '1', memory: '1Gi' } };
  const p = pod({ containers: [container('a', { resources: res })], initContainers: [container('i')] });
  assert.equal(computePodQOS(p), 'Burstable');
  assert.equal(podQOSClass({ ...p, status: { qosClass: 'Guaranteed' } }), 'Guaranteed');
  const critical = pod({ priorityClassName: 'system-node-critical' });
  assert.equal(containerOOMScoreAdjust(critical, critical.spec!.containers[0]!, GiB), -997);
});

test('a sidecar gets no higher OOM score than the smallest regular container', () => {
  const p = pod({
    containers: [container('a', { resources: { requests: { memory: '2Gi' } } })],
    initContainers: [{ ...container('side'), restartPolicy: 'Always' } as never],
  });
  assert.equal(containerOOMScoreAdjust(p, p.spec!.initContainers![0]!, 8 * GiB), 750);
});
