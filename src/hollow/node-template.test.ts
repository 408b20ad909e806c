import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import {
  DEFAULT_SHAPE,
  HOLLOW_KUBELET_VERSION,
  hollowNode,
  needsRunningStatus,
  podCIDR,
  podIP,
  runningPodStatus,
} from './node-template.ts';

test('hollow node object: capacity, zone labels, kubelet version, Ready', () => {
  const n = hollowNode({ ...DEFAULT_SHAPE, zones: 3 }, 4, '2024-01-01T00:00:00Z');
  assert.equal(n.metadata?.name, 'hollow-node-4');
  assert.equal(n.metadata?.labels?.['kubernetes.io/hostname'], 'hollow-node-4');
  assert.equal(n.metadata?.labels?.['kubernetes.io/os'], 'linux');
  assert.equal(n.metadata?.labels?.['topology.kubernetes.io/zone'], 'zone-1');
  assert.deepEqual(n.status?.capacity, {
    cpu: '4',
    memory: '32Gi',
    pods: '110',
    'ephemeral-storage': '100Gi',
  });
  assert.deepEqual(n.status?.allocatable, n.status?.capacity);
  assert.equal(n.status?.nodeInfo?.kubeletVersion, HOLLOW_KUBELET_VERSION);
  assert.equal(n.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
  assert.equal(n.spec?.podCIDR, '10.128.4.0/24');
});

test('pod addresses come from the node subnet', () => {
  assert.equal(podCIDR(300), '10.129.44.0/24');
  assert.equal(podIP(300, 0), '10.129.44.1');
  assert.equal(podIP(300, 253), '10.129.44.254');
  assert.equal(podIP(300, 254), '10.129.44.1');
});

test('a started pod is Running and Ready, with container statuses', () => {
  const pod: Pod = {
    metadata: { name: 'p', uid: 'u1' },
    spec: {
      nodeName: 'hollow-node-1',
      containers: [{ name: 'app', image: 'nginx' }],
      initContainers: [{ name: 'init', image: 'busybox' }],
    },
    status: {
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: '2024-01-01T00:00:00Z' }],
    },
  };
  assert.ok(needsRunningStatus(pod));
  const s = runningPodStatus(pod, '100.64.0.1', '10.128.1.1', '2024-01-01T00:00:05Z') as Record<string, any>;
  assert.equal(s.phase, 'Running');
  assert.equal(s.podIP, '10.128.1.1');
  assert.deepEqual(
    s.conditions.map((c: { type: string; status: string }) => `${c.type}=${c.status}`),
    [
      'PodReadyToStartContainers=True',
      'Initialized=True',
      'Ready=True',
      'ContainersReady=True',
      'PodScheduled=True',
    ],
  );
  // The PodScheduled transition time is kept.
  assert.equal(s.conditions[4].lastTransitionTime, '2024-01-01T00:00:00Z');
  assert.equal(s.containerStatuses[0].state.running.startedAt, '2024-01-01T00:00:05Z');
  assert.equal(s.initContainerStatuses[0].state.terminated.reason, 'Completed');
  const running: Pod = { ...pod, status: { ...s, conditions: s.conditions } as Pod['status'] };
  assert.ok(!needsRunningStatus(running));
});
