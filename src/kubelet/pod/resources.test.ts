import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  calculateLinuxResources,
  containerLinuxResources,
  milliCpuToQuota,
  milliCpuToShares,
  podResourceTotal,
  sandboxLinuxResources,
} from './resources.ts';
import { container, pod } from './test-fixtures.ts';

test('cpu shares and quota as upstream computes them', () => {
  assert.equal(milliCpuToShares(0), 2);
  assert.equal(milliCpuToShares(1), 2);
  assert.equal(milliCpuToShares(100), 102);
  assert.equal(milliCpuToShares(1000), 1024);
  assert.equal(milliCpuToShares(1_000_000), 262_144);
  assert.equal(milliCpuToQuota(0, 100_000), 0);
  assert.equal(milliCpuToQuota(5, 100_000), 1000);
  assert.equal(milliCpuToQuota(250, 100_000), 25_000);
});

test('a missing CPU request defaults to the limit; memory limit in bytes', () => {
  assert.deepEqual(calculateLinuxResources(undefined, '500m', '64Mi'), {
    cpuShares: 512,
    memoryLimitInBytes: 64 * 1024 * 1024,
    cpuQuota: 50_000,
    cpuPeriod: 100_000,
  });
  assert.deepEqual(calculateLinuxResources('100m', undefined, undefined), {
    cpuShares: 102,
    cpuQuota: 0,
    cpuPeriod: 100_000,
  });
  assert.deepEqual(calculateLinuxResources('100m', '1', undefined, { cpuCFSQuota: false }), {
    cpuShares: 102,
  });
});

test('container resources carry the OOM score adjustment', () => {
  const c = container('a', {
    resources: { requests: { cpu: '250m', memory: '1Gi' }, limits: { memory: '2Gi' } },
  });
  const p = pod({ containers: [c] });
  const r = containerLinuxResources(p, c, { memoryCapacity: 4 * 1024 ** 3 });
  assert.equal(r.cpuShares, 256);
  assert.equal(r.memoryLimitInBytes, 2 * 1024 ** 3);
  assert.equal(r.oomScoreAdj, 750);
});

test('pod totals: regular containers add up, init containers take the peak', () => {
  const p = pod({
    containers: [
      container('a', { resources: { requests: { cpu: '100m' }, limits: { memory: '100Mi' } } }),
      container('b', { resources: { limits: { cpu: '200m', memory: '50Mi' } } }),
    ],
    initContainers: [
      container('init', { resources: { requests: { cpu: '1' }, limits: { memory: '10Mi' } } }),
    ],
  });
  assert.equal(podResourceTotal(p, 'cpu', 'requests'), 1000);
  assert.equal(podResourceTotal(p, 'memory', 'limits'), 150 * 1024 * 1024);
  const sandbox = sandboxLinuxResources(p);
  assert.equal(sandbox.cpuShares, 1024);
  assert.equal(sandbox.cpuQuota, 20_000);
  assert.equal(sandbox.memoryLimitInBytes, 150 * 1024 * 1024);
});
