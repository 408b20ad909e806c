import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import { podRequests } from './resource.ts';

const c = (name: string, cpu?: string, memory?: string, restartPolicy?: string) => ({
  name,
  image: 'x',
  resources: { requests: { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) } },
  ...(restartPolicy ? { restartPolicy } : {}),
});

test('pod requests: containers are summed, init containers raise the maximum, overhead is added', () => {
  const pod: Pod = {
    spec: {
      containers: [c('a', '2', '1G'), c('b', '1', '1G')],
      initContainers: [c('i1', '2', '1G'), c('i2', '2', '3G')],
      overhead: { cpu: '250m' },
    },
  };
  const r = podRequests(pod);
  assert.equal(r.milliCPU, 3250);
  assert.equal(r.memory, 3_000_000_000);
});

test('pod requests: sidecars (restartable init containers) run beside later init containers and the app', () => {
  const pod: Pod = {
    spec: {
      containers: [c('app', '1')],
      initContainers: [c('sidecar', '500m', undefined, 'Always'), c('setup', '2')],
    },
  };
  // max(app 1 + sidecar 0.5, setup 2 + sidecar 0.5) = 2.5
  assert.equal(podRequests(pod).milliCPU, 2500);
});

test('pod requests: scoring defaults only for containers that request nothing', () => {
  const pod: Pod = { spec: { containers: [c('a'), c('b', '300m', '0')] } };
  const plain = podRequests(pod);
  assert.equal(plain.milliCPU, 300);
  assert.equal(plain.memory, 0);
  const nonZero = podRequests(pod, true);
  assert.equal(nonZero.milliCPU, 400);
  // b requests memory "0" explicitly: no default for it.
  assert.equal(nonZero.memory, 200 * 1024 * 1024);
});

test('pod requests: extended resources are scalar resources', () => {
  const pod: Pod = {
    spec: {
      containers: [
        { name: 'a', resources: { requests: { 'example.com/gpu': '2', 'hugepages-2Mi': '4Mi' } } },
      ],
    },
  };
  const r = podRequests(pod);
  assert.equal(r.scalar?.get('example.com/gpu'), 2);
  assert.equal(r.scalar?.get('hugepages-2Mi'), 4 * 1024 * 1024);
});
