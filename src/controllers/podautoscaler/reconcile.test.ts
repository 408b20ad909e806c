// The autoscaler's decisions over a recorded world (the I/O interface is faked here; the real
// one is driven end to end in test/kts-server.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2.d.ts';
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import { type AutoscalerIO, type AutoscalerMemory, type PodUsage, reconcileAutoscaler } from './reconcile.ts';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const settings = {
  tolerance: 0.1,
  cpuInitializationPeriodMs: 300_000,
  delayOfInitialReadinessStatusMs: 30_000,
  downscaleStabilizationMs: 300_000,
};

const hpa = (
  min: number,
  max: number,
  extra: Partial<HorizontalPodAutoscaler['spec']> = {},
): HorizontalPodAutoscaler => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web', namespace: 'ns', generation: 1 },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    minReplicas: min,
    maxReplicas: max,
    metrics: [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
      },
    ],
    ...extra,
  },
});

const runningPod = (name: string): Pod => ({
  metadata: { name, namespace: 'ns' },
  spec: { containers: [{ name: 'app', resources: { requests: { cpu: '100m' } } }] },
  status: {
    phase: 'Running',
    startTime: new Date(NOW - 600_000).toISOString(),
    conditions: [
      { type: 'Ready', status: 'True', lastTransitionTime: new Date(NOW - 590_000).toISOString() },
    ],
  },
});

/** A recorded world: the target's scale, its pods and their CPU in millicores. */
function world(replicas: number, cpuMillis: Record<string, number> | Error) {
  const events: string[] = [];
  const scales: number[] = [];
  let status: HorizontalPodAutoscaler['status'];
  const io: AutoscalerIO = {
    getScale: async () => ({ replicas, selector: 'app=web' }),
    setScale: async (_, n) => {
      scales.push(n);
    },
    pods: () => (cpuMillis instanceof Error ? [runningPod('a')] : Object.keys(cpuMillis).map(runningPod)),
    podUsage: async () => {
      if (cpuMillis instanceof Error) throw cpuMillis;
      const out = new Map<string, PodUsage>();
      for (const [name, cpu] of Object.entries(cpuMillis))
        out.set(name, { timestamp: NOW - 5_000, windowMs: 15_000, containers: new Map([['app', { cpu }]]) });
      return out;
    },
    event: (_, type, reason, message) => events.push(`${type} ${reason} ${message}`),
    writeStatus: async (_, s) => {
      status = structuredClone(s);
    },
  };
  const memory: AutoscalerMemory = { recommendations: [], scaleUpEvents: [], scaleDownEvents: [] };
  return { io, memory, events, scales, status: () => status! };
}

const condition = (status: HorizontalPodAutoscaler['status'], type: string) =>
  status?.conditions?.find((c) => c.type === type);

test('below minReplicas: scaled to the minimum without asking for metrics', async () => {
  const w = world(1, new Error('must not be asked'));
  assert.equal(await reconcileAutoscaler(hpa(2, 5), w.io, w.memory, settings, NOW), 2);
  assert.deepEqual(w.scales, [2]);
  assert.deepEqual(w.events, [
    'Normal SuccessfulRescale New size: 2; reason: Current number of replicas below Spec.MinReplicas',
  ]);
  assert.equal(w.status().desiredReplicas, 2);
  assert.equal(w.status().currentReplicas, 1);
  assert.equal(w.status().lastScaleTime, '2026-11-24T12:00:00Z');
});

test('above maxReplicas: scaled to the maximum', async () => {
  const w = world(8, new Error('must not be asked'));
  await reconcileAutoscaler(hpa(1, 5), w.io, w.memory, settings, NOW);
  assert.deepEqual(w.scales, [5]);
  assert.match(w.events[0]!, /New size: 5; reason: Current number of replicas above Spec.MaxReplicas/);
});

test('no metrics API: ScalingActive=False FailedGetResourceMetric, and nothing is scaled', async () => {
  const w = world(2, new Error('the server could not find the requested resource (get pods.metrics.k8s.io)'));
  assert.equal(await reconcileAutoscaler(hpa(1, 5), w.io, w.memory, settings, NOW), 2);
  assert.deepEqual(w.scales, []);
  const active = condition(w.status(), 'ScalingActive')!;
  assert.equal(active.status, 'False');
  assert.equal(active.reason, 'FailedGetResourceMetric');
  assert.equal(
    active.message,
    'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: the server could not find the requested resource (get pods.metrics.k8s.io)',
  );
  assert.deepEqual(
    w.events.map((e) => e.split(' ').slice(0, 2).join(' ')),
    ['Warning FailedGetResourceMetric', 'Warning FailedComputeMetricsReplicas'],
  );
  assert.match(
    w.events[1]!,
    /invalid metrics \(1 invalid out of 1\), first error is: failed to get cpu resource metric value: /,
  );
  assert.equal(condition(w.status(), 'AbleToScale')!.reason, 'SucceededGetScale');
});

test('busy pods: scaled up by the ratio, with the metric in the status and the reason in the event', async () => {
  const w = world(2, { a: 100, b: 100 });
  assert.equal(await reconcileAutoscaler(hpa(1, 10), w.io, w.memory, settings, NOW), 4);
  assert.deepEqual(w.scales, [4]);
  assert.deepEqual(w.events, [
    'Normal SuccessfulRescale New size: 4; reason: cpu resource utilization (percentage of request) above target',
  ]);
  const s = w.status();
  assert.deepEqual(s.currentMetrics, [
    {
      type: 'Resource',
      resource: { name: 'cpu', current: { averageValue: '100m', averageUtilization: 100 } },
    },
  ]);
  assert.equal(condition(s, 'ScalingActive')!.reason, 'ValidMetricFound');
  assert.equal(
    condition(s, 'ScalingActive')!.message,
    'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
  );
  assert.equal(condition(s, 'AbleToScale')!.reason, 'SucceededRescale');
  assert.equal(condition(s, 'ScalingLimited')!.reason, 'DesiredWithinRange');
  assert.deepEqual(w.memory.scaleUpEvents, [{ timestamp: NOW, change: 2 }]);
});

test('idle pods: the scale-down waits for the stabilization window', async () => {
  const w = world(4, { a: 5, b: 5, c: 5, d: 5 });
  w.memory.recommendations.push({ timestamp: NOW - 60_000, replicas: 4 });
  assert.equal(await reconcileAutoscaler(hpa(1, 10), w.io, w.memory, settings, NOW), 4);
  assert.deepEqual(w.scales, []);
  assert.equal(condition(w.status(), 'AbleToScale')!.reason, 'ScaleDownStabilized');
  assert.equal(await reconcileAutoscaler(hpa(1, 10), w.io, w.memory, settings, NOW + 301_000), 1);
  assert.deepEqual(w.scales, [1]);
  assert.match(w.events.at(-1)!, /New size: 1; reason: All metrics below target/);
});

test('a target scaled to zero disables autoscaling', async () => {
  const w = world(0, { a: 100 });
  assert.equal(await reconcileAutoscaler(hpa(1, 10), w.io, w.memory, settings, NOW), 0);
  assert.deepEqual(w.scales, []);
  const active = condition(w.status(), 'ScalingActive')!;
  assert.deepEqual([active.status, active.reason], ['False', 'ScalingDisabled']);
});

test('an unreadable scale: AbleToScale=False FailedGetScale and a warning', async () => {
  const w = world(1, {});
  w.io.getScale = async () => {
    throw new Error('deployments.apps "web" not found');
  };
  await assert.rejects(reconcileAutoscaler(hpa(1, 10), w.io, w.memory, settings, NOW), /not found/);
  const able = condition(w.status(), 'AbleToScale')!;
  assert.deepEqual([able.status, able.reason], ['False', 'FailedGetScale']);
  assert.deepEqual(w.events, ['Warning FailedGetScale deployments.apps "web" not found']);
});
