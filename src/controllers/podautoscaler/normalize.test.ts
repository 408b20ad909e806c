import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HPAScalingRules } from 'kubernetes-types/autoscaling/v2.d.ts';
import {
  normalizeDesired,
  normalizeWithBehavior,
  type ScaleEvent,
  scaleDownLimit,
  scaleUpLimit,
  type Timestamped,
} from './normalize.ts';

const NOW = 1_000_000_000;
const base = { min: 1, max: 50, now: NOW, downscaleStabilizationMs: 300_000 };

/** The API's defaults for behavior (autoscaling/v2 SetDefaults), with the flag's down window. */
const UP: HPAScalingRules = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
};
const DOWN: HPAScalingRules = {
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
};

test('without behavior: a scale-down waits for the highest recommendation of the window', () => {
  const recommendations: Timestamped[] = [
    { timestamp: NOW - 400_000, replicas: 20 },
    { timestamp: NOW - 60_000, replicas: 10 },
  ];
  const r = normalizeDesired({ ...base, current: 10, desired: 3, recommendations });
  assert.equal(r.replicas, 10);
  assert.equal(r.ableToScale.reason, 'ScaleDownStabilized');
  assert.deepEqual(
    recommendations.map((x) => x.replicas),
    [10, 3],
    'the expired one is dropped, this one kept',
  );
  const later = normalizeDesired({ ...base, now: NOW + 301_000, current: 10, desired: 3, recommendations });
  assert.equal(later.replicas, 3);
  assert.equal(later.ableToScale.reason, 'ReadyForNewScale');
  assert.deepEqual(later.scalingLimited, {
    status: 'False',
    reason: 'DesiredWithinRange',
    message: 'the desired count is within the acceptable range',
  });
});

test('without behavior: bounds and the max(2×, 4) scale-up rate', () => {
  const limited = (current: number, desired: number, max = 50) =>
    normalizeDesired({ ...base, max, current, desired, recommendations: [] });
  assert.deepEqual([limited(2, 20).replicas, limited(2, 20).scalingLimited.reason], [4, 'ScaleUpLimit']);
  assert.deepEqual([limited(10, 30).replicas, limited(10, 30).scalingLimited.reason], [20, 'ScaleUpLimit']);
  assert.deepEqual(
    [limited(10, 30, 15).replicas, limited(10, 30, 15).scalingLimited.reason],
    [15, 'TooManyReplicas'],
  );
  const few = normalizeDesired({ ...base, min: 2, current: 3, desired: 1, recommendations: [] });
  assert.deepEqual([few.replicas, few.scalingLimited.reason], [2, 'TooFewReplicas']);
});

test('behavior: the default scale-up allows the larger of +4 pods and +100% per 15 s', () => {
  const input = (current: number, events: ScaleEvent[] = []) => ({
    ...base,
    current,
    desired: 100,
    recommendations: [],
    scaleUp: UP,
    scaleDown: DOWN,
    scaleUpEvents: events,
    scaleDownEvents: [],
  });
  assert.equal(normalizeWithBehavior(input(1)).replicas, 5);
  const r = normalizeWithBehavior(input(10));
  assert.deepEqual([r.replicas, r.scalingLimited.reason], [20, 'ScaleUpLimit']);
  // 10 were added 5 s ago: the period started at 10, so 20 is the limit and nothing more is allowed.
  assert.equal(normalizeWithBehavior(input(20, [{ timestamp: NOW - 5_000, change: 10 }])).replicas, 20);
  assert.equal(normalizeWithBehavior({ ...input(40), max: 45 }).scalingLimited.reason, 'TooManyReplicas');
});

test('behavior: policies, selectPolicy and Disabled', () => {
  const rules = (selectPolicy: HPAScalingRules['selectPolicy']): HPAScalingRules => ({
    selectPolicy,
    policies: [
      { type: 'Pods', value: 2, periodSeconds: 60 },
      { type: 'Percent', value: 50, periodSeconds: 60 },
    ],
  });
  assert.equal(scaleUpLimit(10, [], rules('Max'), NOW), 15);
  assert.equal(scaleUpLimit(10, [], rules('Min'), NOW), 12);
  assert.equal(scaleUpLimit(10, [], rules('Disabled'), NOW), 10);
  assert.equal(scaleDownLimit(10, [], rules('Max'), NOW), 5);
  assert.equal(scaleDownLimit(10, [], rules('Min'), NOW), 8);
  // 4 removed 30 s ago: the period started at 10, whatever the current count.
  assert.equal(scaleDownLimit(6, [{ timestamp: NOW - 30_000, change: 4 }], rules('Max'), NOW), 5);
  assert.equal(scaleDownLimit(6, [{ timestamp: NOW - 90_000, change: 4 }], rules('Max'), NOW), 3);
});

test('behavior: stabilization windows in both directions', () => {
  const recommendations: Timestamped[] = [{ timestamp: NOW - 30_000, replicas: 4 }];
  const common = { ...base, recommendations, scaleUpEvents: [], scaleDownEvents: [] };
  const up = normalizeWithBehavior({
    ...common,
    current: 4,
    desired: 8,
    scaleUp: { ...UP, stabilizationWindowSeconds: 60 },
    scaleDown: DOWN,
  });
  assert.deepEqual([up.replicas, up.ableToScale.reason], [4, 'ScaleUpStabilized']);
  const down = normalizeWithBehavior({
    ...common,
    recommendations: [{ timestamp: NOW - 30_000, replicas: 9 }],
    current: 9,
    desired: 2,
    scaleUp: UP,
    scaleDown: { ...DOWN, stabilizationWindowSeconds: 60 },
  });
  assert.deepEqual([down.replicas, down.ableToScale.reason], [9, 'ScaleDownStabilized']);
  const free = normalizeWithBehavior({
    ...common,
    recommendations: [{ timestamp: NOW - 30_000, replicas: 9 }],
    current: 9,
    desired: 2,
    scaleUp: UP,
    scaleDown: { ...DOWN, stabilizationWindowSeconds: 0 },
  });
  assert.deepEqual([free.replicas, free.scalingLimited.reason], [2, 'DesiredWithinRange']);
});
