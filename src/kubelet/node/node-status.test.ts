import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MachineInfo } from './machine-info.ts';
import { parseMemAvailable, parseMemTotal, parseOsImage } from './machine-info.ts';
import {
  initialNode,
  type NodeFacts,
  nodeConditions,
  nodeImages,
  nodeResources,
  nodeStatus,
  nodeStatusChanged,
  pressures,
} from './node-status.ts';

const machine: MachineInfo = {
  cpus: 2,
  memoryBytes: 16 * 1024 ** 3,
  fsCapacityBytes: 100 * 1024 ** 3,
  bootID: 'boot',
  machineID: 'machine',
  systemUUID: '',
  kernelVersion: '6.1.0',
  osImage: 'Debian GNU/Linux 12 (bookworm)',
  architecture: 'amd64',
  hostname: 'host-a',
};
const facts: NodeFacts = {
  nodeName: 'host-a',
  nodeIP: '192.0.2.10',
  machine,
  containerRuntimeVersion: 'containerd://1.6.20',
  kubeletPort: 10250,
};

test('capacity and allocatable: eviction thresholds subtracted, pods 110', () => {
  const { capacity, allocatable } = nodeResources(facts);
  assert.deepEqual(capacity, {
    cpu: '2',
    'ephemeral-storage': '100Gi',
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: '16Gi',
    pods: '110',
  });
  assert.equal(allocatable?.memory, '16284Mi');
  assert.equal(allocatable?.['ephemeral-storage'], '90Gi');
  assert.equal(allocatable?.cpu, '2');
});

test('the hostname label follows --node-name (as --hostname-override upstream)', () => {
  const node = initialNode({ ...facts, nodeName: 'named' });
  assert.equal(node.metadata?.labels?.['kubernetes.io/hostname'], 'named');
});

test('the registered node: labels, addresses, node info, daemon endpoint', () => {
  const node = initialNode({ ...facts, controlPlane: true, podCIDR: '10.42.3.0/24' });
  assert.deepEqual(node.metadata?.labels, {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': 'host-a',
    'kubernetes.io/os': 'linux',
    'node-role.kubernetes.io/control-plane': 'true',
    'node-role.kubernetes.io/master': 'true',
  });
  assert.deepEqual(node.status?.addresses, [
    { type: 'InternalIP', address: '192.0.2.10' },
    { type: 'Hostname', address: 'host-a' },
  ]);
  assert.equal(node.status?.nodeInfo?.kubeletVersion, 'v1.32.4-kts.1');
  assert.equal(node.status?.nodeInfo?.containerRuntimeVersion, 'containerd://1.6.20');
  assert.deepEqual(node.status?.daemonEndpoints, { kubeletEndpoint: { Port: 10250 } });
  assert.deepEqual(node.spec, { podCIDR: '10.42.3.0/24', podCIDRs: ['10.42.3.0/24'] });
  assert.equal(initialNode(facts).metadata?.labels?.['node-role.kubernetes.io/control-plane'], undefined);
});

test('conditions: upstream reasons, heartbeat now, transition kept while unchanged', () => {
  const first = nodeConditions(undefined, { errors: ['container runtime is down'] }, 'T1');
  const ready = first.find((c) => c.type === 'Ready')!;
  assert.deepEqual(ready, {
    type: 'Ready',
    status: 'False',
    lastHeartbeatTime: 'T1',
    lastTransitionTime: 'T1',
    reason: 'KubeletNotReady',
    message: 'container runtime is down',
  });
  const memory = first.find((c) => c.type === 'MemoryPressure')!;
  assert.equal(memory.reason, 'KubeletHasSufficientMemory');
  assert.equal(memory.message, 'kubelet has sufficient memory available');
  const second = nodeConditions(first, { errors: [] }, 'T2');
  assert.equal(second.find((c) => c.type === 'Ready')?.reason, 'KubeletReady');
  assert.equal(second.find((c) => c.type === 'Ready')?.message, 'kubelet is posting ready status');
  assert.equal(second.find((c) => c.type === 'Ready')?.lastTransitionTime, 'T2');
  assert.equal(second.find((c) => c.type === 'MemoryPressure')?.lastTransitionTime, 'T1');
  assert.equal(second.find((c) => c.type === 'MemoryPressure')?.lastHeartbeatTime, 'T2');
  const several = nodeConditions(undefined, { errors: ['a', 'b'] }, 'T');
  assert.equal(several.find((c) => c.type === 'Ready')?.message, '[a, b]');
  const kept = nodeConditions([{ type: 'NetworkUnavailable', status: 'False' }], { errors: [] }, 'T');
  assert.ok(kept.some((c) => c.type === 'NetworkUnavailable'));
});

test('pressure from usage against the default hard eviction thresholds', () => {
  const usage = {
    memoryAvailableBytes: 50 * 1024 * 1024,
    fsAvailableBytes: 5,
    fsCapacityBytes: 100,
    inodesFree: 50,
    inodes: 100,
    pids: 10,
    pidMax: 100,
  };
  assert.deepEqual(pressures(usage), { memory: true, disk: true, pid: false });
  assert.deepEqual(pressures({ ...usage, memoryAvailableBytes: 2 ** 30, fsAvailableBytes: 50 }), {
    memory: false,
    disk: false,
    pid: false,
  });
  const conditions = nodeConditions(undefined, { errors: [], usage }, 'T');
  assert.equal(conditions.find((c) => c.type === 'DiskPressure')?.reason, 'KubeletHasDiskPressure');
});

test('a status that differs only in heartbeats has not changed', () => {
  const a = nodeStatus(undefined, facts, { errors: [] }, [], 'T1');
  const b = nodeStatus(a, facts, { errors: [] }, [], 'T2');
  assert.equal(nodeStatusChanged(a, b), false);
  const c = nodeStatus(b, facts, { errors: ['down'] }, [], 'T3');
  assert.equal(nodeStatusChanged(b, c), true);
  assert.equal(
    nodeStatusChanged(b, nodeStatus(b, { ...facts, kubeletPort: 1 }, { errors: [] }, [], 'T4')),
    true,
  );
});

test('images: biggest first, at most five names each', () => {
  const images = nodeImages([
    { repoTags: ['small:1'], repoDigests: [], size: 10 },
    { repoTags: ['big:1', 'big:2'], repoDigests: ['big@sha256:1'], size: 100 },
  ]);
  assert.deepEqual(images, [
    { names: ['big@sha256:1', 'big:1', 'big:2'], sizeBytes: 100 },
    { names: ['small:1'], sizeBytes: 10 },
  ]);
});

test('host facts parsed from /proc and /etc text', () => {
  assert.equal(parseMemTotal('MemTotal:       16384000 kB\nMemFree: 1 kB\n'), 16384000 * 1024);
  assert.equal(parseMemAvailable('MemTotal: 1 kB\nMemAvailable:   2048 kB\n'), 2048 * 1024);
  assert.equal(
    parseOsImage('NAME="Debian"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n'),
    'Debian GNU/Linux 12 (bookworm)',
  );
  assert.equal(parseOsImage(''), 'Linux');
});
