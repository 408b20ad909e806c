import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import { filterAll, node, pod, scoreAll, snapshot } from '../../testing/builders.ts';
import { newNodeResourcesFit } from './index.ts';

const withInit = (p: Pod, cpu: string): Pod => ({
  ...p,
  spec: { ...p.spec!, initContainers: [{ name: 'init', image: 'x', resources: { requests: { cpu } } }] },
});

test('NodeResourcesFit filter', async (t) => {
  const fit = newNodeResourcesFit();
  const cases: {
    name: string;
    nodes: ReturnType<typeof node>[];
    pods?: Pod[];
    incoming: Pod;
    want: Record<string, string>;
  }[] = [
    { name: 'fits an empty node', nodes: [node('n1')], incoming: pod('p', { cpu: '1' }), want: { n1: '' } },
    {
      name: 'not enough cpu left: resolvable by preemption',
      nodes: [node('n1')],
      pods: [pod('a', { node: 'n1', cpu: '3500m' })],
      incoming: pod('p', { cpu: '1' }),
      want: { n1: 'Unschedulable: Insufficient cpu' },
    },
    {
      name: 'more cpu than the node has at all: unresolvable',
      nodes: [node('n1')],
      incoming: pod('p', { cpu: '5' }),
      want: { n1: 'UnschedulableAndUnresolvable: Insufficient cpu' },
    },
    {
      name: 'cpu and memory both lacking: both reasons',
      nodes: [node('n1', { cpu: '1', memory: '1Gi' })],
      pods: [pod('a', { node: 'n1', cpu: '900m', memory: '1000Mi' })],
      incoming: pod('p', { cpu: '200m', memory: '100Mi' }),
      want: { n1: 'Unschedulable: Insufficient cpu, Insufficient memory' },
    },
    {
      name: 'pod count limit',
      nodes: [node('n1', { pods: 1 })],
      pods: [pod('a', { node: 'n1' })],
      incoming: pod('p'),
      want: { n1: 'Unschedulable: Too many pods' },
    },
    {
      name: 'init container needs more than the containers',
      nodes: [node('n1')],
      pods: [pod('a', { node: 'n1', cpu: '2500m' })],
      incoming: withInit(pod('p', { cpu: '1' }), '3'),
      want: { n1: 'Unschedulable: Insufficient cpu' },
    },
    {
      name: 'extended resources',
      nodes: [node('n1', { extended: { 'example.com/gpu': '2' } }), node('n2')],
      incoming: pod('p', { requests: { 'example.com/gpu': '1' } }),
      want: { n1: '', n2: 'UnschedulableAndUnresolvable: Insufficient example.com/gpu' },
    },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      assert.deepEqual(filterAll(fit, c.incoming, snapshot(c.nodes, c.pods)), c.want);
    });
  }
});

test('NodeResourcesFit: pod overhead counts', () => {
  const fit = newNodeResourcesFit();
  const p = pod('p', { cpu: '1' });
  p.spec!.overhead = { cpu: '500m' };
  const snap = snapshot([node('n1')], [pod('a', { node: 'n1', cpu: '2600m' })]);
  assert.deepEqual(filterAll(fit, p, snap), { n1: 'Unschedulable: Insufficient cpu' });
});

test('NodeResourcesFit: ignored extended resources and resource groups', () => {
  const p = pod('p', { requests: { 'example.com/gpu': '1', 'vendor.io/fpga': '1' } });
  const snap = snapshot([node('n1')]);
  assert.deepEqual(filterAll(newNodeResourcesFit({ ignoredResources: ['example.com/gpu'] }), p, snap), {
    n1: 'UnschedulableAndUnresolvable: Insufficient vendor.io/fpga',
  });
  assert.deepEqual(
    filterAll(
      newNodeResourcesFit({ ignoredResources: ['example.com/gpu'], ignoredResourceGroups: ['vendor.io'] }),
      p,
      snap,
    ),
    { n1: '' },
  );
});

// Node 1 already has 2000m / 4000 bytes requested, node 2 is empty; the pod asks 1000m / 2000 bytes.
const scoringNodes = () =>
  snapshot(
    [node('n1', { cpu: '4', memory: '10000' }), node('n2', { cpu: '4', memory: '10000' })],
    [pod('a', { node: 'n1', cpu: '2', memory: '4000' })],
  );
const incoming = () => pod('p', { cpu: '1', memory: '2000' });

test('NodeResourcesFit scoring: LeastAllocated (default)', () => {
  // n1: cpu (4000-3000)*100/4000=25, memory (10000-6000)*100/10000=40 → 32; n2: 75, 80 → 77.
  assert.deepEqual(scoreAll(newNodeResourcesFit(), incoming(), scoringNodes()), { n1: 32, n2: 77 });
});

test('NodeResourcesFit scoring: MostAllocated', () => {
  const fit = newNodeResourcesFit({ scoringStrategy: { type: 'MostAllocated' } });
  assert.deepEqual(scoreAll(fit, incoming(), scoringNodes()), { n1: 67, n2: 22 });
});

test('NodeResourcesFit scoring: RequestedToCapacityRatio', () => {
  const fit = newNodeResourcesFit({
    scoringStrategy: {
      type: 'RequestedToCapacityRatio',
      requestedToCapacityRatio: {
        shape: [
          { utilization: 0, score: 0 },
          { utilization: 100, score: 10 },
        ],
      },
    },
  });
  // Utilization as score: n1 cpu 75, memory 60 → round(67.5)=68; n2 25, 20 → round(22.5)=23.
  assert.deepEqual(scoreAll(fit, incoming(), scoringNodes()), { n1: 68, n2: 23 });
});

test('NodeResourcesFit scoring: pods without requests count the defaults (100m, 200Mi)', () => {
  const snap = snapshot([node('n1', { cpu: '1', memory: '1Gi' })], [pod('a', { node: 'n1' })]);
  // cpu: (1000 - 200) * 100 / 1000 = 80; memory: (1024 - 400) * 100 / 1024 = 60 → 70.
  assert.deepEqual(scoreAll(newNodeResourcesFit(), pod('p'), snap), { n1: 70 });
});

test('NodeResourcesFit args are validated', () => {
  assert.throws(
    () => newNodeResourcesFit({ scoringStrategy: { type: 'Random' } }),
    /Unsupported value: "Random"/,
  );
  assert.throws(
    () => newNodeResourcesFit({ scoringStrategy: { resources: [{ name: 'cpu', weight: 0 }] } }),
    /not in valid range \[1, 100\]/,
  );
  assert.throws(
    () =>
      newNodeResourcesFit({
        scoringStrategy: {
          type: 'RequestedToCapacityRatio',
          requestedToCapacityRatio: { shape: [{ utilization: 50, score: 11 }] },
        },
      }),
    /not in valid range \[0, 10\]/,
  );
});
