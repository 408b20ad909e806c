import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/strategy.ts';
import { aggregate, applyDefaults, claimViolations, defaultedItem, podViolations } from './limit-ranger.ts';

const pod = (
  containers: { name: string; requests?: Record<string, string>; limits?: Record<string, string> }[],
): KubeObject => ({
  metadata: { name: 'p' },
  spec: {
    containers: containers.map((c) => ({
      name: c.name,
      resources: {
        ...(c.requests ? { requests: c.requests } : {}),
        ...(c.limits ? { limits: c.limits } : {}),
      },
    })),
  },
});

test('defaultedItem: default from max, defaultRequest from default then min', () => {
  const d = defaultedItem({ type: 'Container', max: { cpu: '2' }, min: { memory: '64Mi' } });
  assert.deepEqual([d.default, d.defaultRequest], [{ cpu: '2' }, { cpu: '2', memory: '64Mi' }]);
});

test('applyDefaults: missing requests and limits set, the annotation says which', () => {
  const p = pod([{ name: 'nginx' }, { name: 'sidecar', requests: { cpu: '50m' } }]);
  const note = applyDefaults(p, [
    { type: 'Container', default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '100m' } },
  ]);
  assert.equal(
    note,
    'LimitRanger plugin set: cpu, memory request for container nginx; cpu, memory limit for container nginx; memory request for container sidecar; cpu, memory limit for container sidecar',
  );
  const [nginx, sidecar] = (p.spec as { containers: { resources: unknown }[] }).containers;
  assert.deepEqual(nginx!.resources, {
    limits: { cpu: '500m', memory: '256Mi' },
    requests: { cpu: '100m', memory: '256Mi' },
  });
  assert.deepEqual(sidecar!.resources, {
    requests: { cpu: '50m', memory: '256Mi' },
    limits: { cpu: '500m', memory: '256Mi' },
  });
  assert.equal(applyDefaults(pod([{ name: 'x' }]), [{ type: 'Pod', max: { cpu: '1' } }]), undefined);
});

test('podViolations: upstream messages for min, max and ratio, per container and per pod', () => {
  const items = [
    { type: 'Container', min: { cpu: '100m' }, max: { cpu: '1' }, maxLimitRequestRatio: { cpu: '2' } },
  ];
  assert.deepEqual(
    podViolations(pod([{ name: 'a', requests: { cpu: '50m' }, limits: { cpu: '2' } }]), items),
    [
      'minimum cpu usage per Container is 100m, but request is 50m',
      'maximum cpu usage per Container is 1, but limit is 2',
      'cpu max limit to request ratio per Container is 2, but provided ratio is 40.000000',
    ],
  );
  assert.deepEqual(
    podViolations(pod([{ name: 'a', requests: { cpu: '200m' }, limits: { cpu: '300m' } }]), items),
    [],
  );
  // Defaulted limits make "No limit is specified" rare, but a max without default still says it.
  assert.deepEqual(
    podViolations(pod([{ name: 'a', requests: { memory: '1Gi' } }]), [
      { type: 'Container', max: { memory: '512Mi' } },
    ]),
    ['maximum memory usage per Container is 512Mi.  No limit is specified'],
  );
  const podItems = [{ type: 'Pod', max: { memory: '1Gi' } }];
  assert.deepEqual(
    podViolations(
      pod([
        { name: 'a', limits: { memory: '768Mi' } },
        { name: 'b', limits: { memory: '512Mi' } },
      ]),
      podItems,
    ),
    ['maximum memory usage per Pod is 1Gi, but limit is 1280Mi'],
  );
});

test('claimViolations and aggregate', () => {
  const pvc: KubeObject = { metadata: { name: 'c' }, spec: { resources: { requests: { storage: '20Gi' } } } };
  assert.deepEqual(
    claimViolations(pvc, [
      { type: 'PersistentVolumeClaim', min: { storage: '1Gi' }, max: { storage: '10Gi' } },
    ]),
    ['maximum storage usage per PersistentVolumeClaim is 10Gi, but request is 20Gi'],
  );
  assert.equal(aggregate(['a']), 'a');
  assert.equal(aggregate(['a', 'b', 'a']), '[a, b]');
});
