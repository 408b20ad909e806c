import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import { milliOf, type PodMetric, resourceReplicas } from './replica-calculator.ts';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const settings = {
  tolerance: 0.1,
  cpuInitializationPeriodMs: 300_000,
  delayOfInitialReadinessStatusMs: 30_000,
};
const ago = (s: number) => new Date(NOW - s * 1000).toISOString();

/** A running pod started 10 minutes ago, Ready since then, with one container per request. */
function pod(
  name: string,
  requests: Record<string, string>[] = [{ cpu: '1' }],
  o: { ready?: 'True' | 'False'; startedSecondsAgo?: number; readySecondsAgo?: number; phase?: string } = {},
): Pod {
  const started = o.startedSecondsAgo ?? 600;
  return {
    metadata: { name, namespace: 'ns' },
    spec: {
      containers: requests.map((r, i) => ({
        name: i === 0 ? 'app' : `side${i}`,
        resources: { requests: r },
      })),
    },
    status: {
      phase: o.phase ?? 'Running',
      startTime: ago(started),
      conditions: [
        {
          type: 'Ready',
          status: o.ready ?? 'True',
          lastTransitionTime: ago(o.readySecondsAgo ?? started - 5),
        },
      ],
    },
  };
}

const metrics = (values: Record<string, number>, sampledSecondsAgo = 5): Map<string, PodMetric> =>
  new Map(
    Object.entries(values).map(([name, value]) => [
      name,
      { value, timestamp: NOW - sampledSecondsAgo * 1000, windowMs: 15_000 },
    ]),
  );

const cpu = (utilization: number) => ({ resource: 'cpu', utilization });

test('quantities in milli-units', () => {
  assert.equal(milliOf('250m'), 250);
  assert.equal(milliOf('1'), 1000);
  assert.equal(milliOf('996147258n'), 997);
  assert.equal(milliOf('64Mi'), 64 * 1024 * 1024 * 1000);
  assert.equal(milliOf('1.5'), 1500);
});

test('scale-up: usage over the target in proportion', () => {
  const pods = [pod('a'), pod('b'), pod('c')];
  const r = resourceReplicas(3, cpu(30), pods, metrics({ a: 900, b: 900, c: 900 }), settings, NOW);
  assert.deepEqual(r, { replicas: 9, utilization: 90, averageValueMilli: 900 });
});

test('within the tolerance nothing changes; scale-down below it', () => {
  const pods = [pod('a'), pod('b'), pod('c')];
  assert.equal(
    resourceReplicas(3, cpu(30), pods, metrics({ a: 320, b: 320, c: 320 }), settings, NOW).replicas,
    3,
  );
  assert.equal(
    resourceReplicas(3, cpu(50), pods, metrics({ a: 100, b: 100, c: 100 }), settings, NOW).replicas,
    1,
  );
});

test('on a scale-down a pod without a number counts at its full request', () => {
  const pods = [pod('a'), pod('b'), pod('c'), pod('d')];
  // Alone: 10% of 50% would give 1 replica; with d at 100%: (10+10+10+100)/4 = 32% → 3.
  const r = resourceReplicas(4, cpu(50), pods, metrics({ a: 100, b: 100, c: 100 }), settings, NOW);
  assert.equal(r.replicas, 3);
  assert.equal(r.utilization, 10, 'the reported utilization is the measured one');
});

test('on a scale-up a pod without a number counts as idle', () => {
  const pods = [pod('a'), pod('b'), pod('c'), pod('d')];
  // 100% of 50%: 2× on 3 pods; with d at 0: 75% → 1.5 × 4 = 6.
  const r = resourceReplicas(4, cpu(50), pods, metrics({ a: 1000, b: 1000, c: 1000 }), settings, NOW);
  assert.equal(r.replicas, 6);
});

test('a pod still starting is not trusted on a CPU scale-up', () => {
  const pods = [pod('a'), pod('b'), pod('new', [{ cpu: '1' }], { ready: 'False', startedSecondsAgo: 20 })];
  // Ready pods at 100% of 50%; the starting one counted at 0: (100+100+0)/3 = 66% → 1.32 × 3 = 4.
  const r = resourceReplicas(3, cpu(50), pods, metrics({ a: 1000, b: 1000, new: 1000 }), settings, NOW);
  assert.equal(r.replicas, 4);
});

test('a sample taken before the pod became ready is not trusted while it initializes', () => {
  const pods = [pod('a'), pod('b', [{ cpu: '1' }], { startedSecondsAgo: 60, readySecondsAgo: 2 })];
  // b's sample (5 s ago, 15 s window) predates its readiness: b is unready, a alone counts, then b at 0.
  const r = resourceReplicas(2, cpu(50), pods, metrics({ a: 1000, b: 1000 }), settings, NOW);
  assert.equal(r.replicas, 2, '(100 + 0) / 2 = 50%: on target');
});

test('pods deleted or failed are ignored; pending ones are unready', () => {
  const deleted: Pod = {
    ...pod('gone'),
    metadata: { name: 'gone', namespace: 'ns', deletionTimestamp: ago(1) },
  };
  const pods = [
    pod('a'),
    deleted,
    pod('failed', [{ cpu: '1' }], { phase: 'Failed' }),
    pod('pending', [{ cpu: '1' }], { phase: 'Pending' }),
  ];
  const r = resourceReplicas(
    4,
    cpu(50),
    pods,
    metrics({ a: 250, gone: 1000, failed: 1000, pending: 1000 }),
    settings,
    NOW,
  );
  assert.equal(r.replicas, 1);
});

test('memory ignores readiness', () => {
  const pods = [pod('a', [{ memory: '100Mi' }], { ready: 'False', startedSecondsAgo: 10 })];
  const mib = 1024 * 1024 * 1000;
  const r = resourceReplicas(
    1,
    { resource: 'memory', utilization: 50 },
    pods,
    metrics({ a: 100 * mib }),
    settings,
    NOW,
  );
  assert.equal(r.replicas, 2);
});

test('AverageValue targets compare the average usage per pod', () => {
  const pods = [pod('a'), pod('b')];
  const r = resourceReplicas(
    2,
    { resource: 'cpu', averageValueMilli: 300 },
    pods,
    metrics({ a: 500, b: 700 }),
    settings,
    NOW,
  );
  assert.deepEqual(r, { replicas: 4, averageValueMilli: 600 });
});

test('ContainerResource counts only the named container’s requests', () => {
  const pods = [pod('a', [{ cpu: '500m' }, { cpu: '500m' }])];
  const r = resourceReplicas(
    1,
    { resource: 'cpu', utilization: 50, container: 'app' },
    pods,
    metrics({ a: 500 }),
    settings,
    NOW,
  );
  assert.equal(r.utilization, 100);
  assert.equal(r.replicas, 2);
});

test("upstream's errors: no pods, no metrics, a missing request", () => {
  assert.throws(
    () => resourceReplicas(1, cpu(50), [], new Map(), settings, NOW),
    /no pods returned by selector while calculating replica count/,
  );
  assert.throws(
    () => resourceReplicas(1, cpu(50), [pod('a')], new Map(), settings, NOW),
    /did not receive metrics for targeted pods \(pods might be unready\)/,
  );
  assert.throws(
    () => resourceReplicas(1, cpu(50), [pod('a', [{ memory: '1Mi' }])], metrics({ a: 5 }), settings, NOW),
    /missing request for cpu of Pod a/,
  );
});
