import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  binaryQuantity,
  nanoCoresQuantity,
  type SummaryStats,
  summaryToMetrics,
} from './summary-to-metrics.ts';

const T = '2026-11-24T02:41:26.512Z';

const summary = (): SummaryStats => ({
  node: {
    nodeName: 'n1',
    cpu: { time: T, usageNanoCores: 1_086_142_322 },
    memory: { time: T, workingSetBytes: 676_421_632 },
  },
  pods: [
    {
      podRef: { name: 'burn', namespace: 'default', uid: 'u1' },
      containers: [
        {
          name: 'burn',
          cpu: { time: T, usageNanoCores: 996_147_258 },
          memory: { time: '2026-11-24T02:41:27.100Z', workingSetBytes: 458_752 },
        },
      ],
    },
    {
      // A container without a CPU rate yet: the whole pod is left out.
      podRef: { name: 'new', namespace: 'default', uid: 'u2' },
      containers: [
        { name: 'a', cpu: { time: T, usageNanoCores: 5 }, memory: { time: T, workingSetBytes: 1024 } },
        { name: 'b', cpu: { time: T }, memory: { time: T, workingSetBytes: 1024 } },
      ],
    },
    { podRef: { name: 'empty', namespace: 'default', uid: 'u3' }, containers: [] },
  ],
});

test('quantities are printed as metrics-server prints them', () => {
  assert.equal(nanoCoresQuantity(996_147_258), '996147258n');
  assert.equal(nanoCoresQuantity(0), '0');
  assert.equal(binaryQuantity(458_752), '448Ki');
  assert.equal(binaryQuantity(676_421_632), '660568Ki');
  assert.equal(binaryQuantity(1024 * 1024 * 3), '3Mi');
  assert.equal(binaryQuantity(1000), '1000');
  assert.equal(binaryQuantity(0), '0');
});

test('a summary becomes one NodeMetrics and the PodMetrics of pods with every number', () => {
  const now = new Date('2026-11-24T02:41:30.900Z');
  const sample = summaryToMetrics(summary(), { window: '15s', now, nodeLabels: { zone: 'a' } });
  assert.deepEqual(sample.node, {
    kind: 'NodeMetrics',
    apiVersion: 'metrics.k8s.io/v1beta1',
    metadata: { name: 'n1', creationTimestamp: '2026-11-24T02:41:30Z', labels: { zone: 'a' } },
    timestamp: '2026-11-24T02:41:26Z',
    window: '15s',
    usage: { cpu: '1086142322n', memory: '660568Ki' },
  });
  assert.deepEqual(sample.pods, [
    {
      kind: 'PodMetrics',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: { name: 'burn', namespace: 'default', creationTimestamp: '2026-11-24T02:41:30Z' },
      // The newest of the container's samples.
      timestamp: '2026-11-24T02:41:27Z',
      window: '15s',
      containers: [{ name: 'burn', usage: { cpu: '996147258n', memory: '448Ki' } }],
    },
  ]);
});

test('a node without a CPU rate is left out, its complete pods are not', () => {
  const s = summary();
  delete s.node.cpu!.usageNanoCores;
  const sample = summaryToMetrics(s, { window: '15s', now: new Date(T) });
  assert.equal(sample.node, undefined);
  assert.deepEqual(
    sample.pods.map((p) => p.metadata.name),
    ['burn'],
  );
});
