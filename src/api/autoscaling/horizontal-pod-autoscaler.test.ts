import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CTX, checkStrategy, NOW, prepared } from '../strategy-conformance.ts';
import {
  BEHAVIOR_ANNOTATION,
  CONDITIONS_ANNOTATION,
  type HpaV2,
  METRIC_SPECS_ANNOTATION,
  toV1,
  toV2,
} from './conversion.ts';
import { horizontalPodAutoscalerStrategy as s } from './horizontal-pod-autoscaler.ts';

const meta = { name: 'web', namespace: 'default', creationTimestamp: '2025-06-01T11:00:00Z' };
const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
const v2 = (spec: object): HpaV2 => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { ...meta },
  spec: { scaleTargetRef: ref, maxReplicas: 5, ...spec } as any,
});

checkStrategy(s, {
  valid: v2({
    minReplicas: 2,
    metrics: [
      {
        type: 'Resource',
        resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '500Mi' } },
      },
      {
        type: 'Pods',
        pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '100' } },
      },
      {
        type: 'External',
        external: {
          metric: { name: 'queue', selector: { matchLabels: { q: 'a' } } },
          target: { type: 'Value', value: '30' },
        },
      },
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } },
      },
    ],
    behavior: {
      scaleDown: {
        stabilizationWindowSeconds: 120,
        policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }],
      },
    },
  }),
  alsoValid: [v2({})],
  status: { currentReplicas: 3, desiredReplicas: 3 },
});

test('hpa: v2 defaults (minReplicas, CPU 80%, behavior)', () => {
  const h = prepared(s, v2({ behavior: { scaleUp: { selectPolicy: 'Min' } } })) as HpaV2;
  assert.equal(h.spec?.minReplicas, 1);
  assert.deepEqual(h.spec?.metrics, [
    { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
  ]);
  assert.deepEqual(h.spec?.behavior, {
    scaleUp: {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Min',
      policies: [
        { type: 'Pods', value: 4, periodSeconds: 15 },
        { type: 'Percent', value: 100, periodSeconds: 15 },
      ],
    },
    scaleDown: { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
  });
});

test('hpa: v1 → v2 maps the CPU target and defaults to 80% without one', () => {
  const v1 = {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta,
    spec: { scaleTargetRef: ref, maxReplicas: 3, targetCPUUtilizationPercentage: 50 },
  };
  assert.deepEqual(toV2(v1 as any).spec?.metrics, [
    { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
  ]);
  const bare = toV2({ ...v1, spec: { scaleTargetRef: ref, maxReplicas: 3 } } as any);
  assert.equal(bare.spec?.metrics?.[0]?.resource?.target?.averageUtilization, 80);
  // A v1 create goes through the same validation (on the v2 shape).
  assert.deepEqual(
    s.validate!(prepared(s, { ...v1, spec: { ...v1.spec, minReplicas: 0 } } as any)).map((e) => e.field),
    [
      'spec.minReplicas',
      'spec.metrics', // scaling to zero needs an Object or External metric
    ],
  );
});

test('hpa: v2 → v1 → v2 keeps every v2-only field in annotations', () => {
  const stored = prepared(
    s,
    v2({
      minReplicas: 1,
      metrics: [
        {
          type: 'Pods',
          pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '100' } },
        },
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } },
        },
      ],
      behavior: {
        scaleUp: {
          stabilizationWindowSeconds: 30,
          policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }],
        },
      },
    }),
  ) as HpaV2;
  (stored as any).status = {
    currentReplicas: 2,
    desiredReplicas: 3,
    currentMetrics: [
      { type: 'Pods', pods: { metric: { name: 'rps' }, current: { averageValue: '120' } } },
      {
        type: 'Resource',
        resource: { name: 'cpu', current: { averageValue: '250m', averageUtilization: 70 } },
      },
    ],
    conditions: [
      {
        type: 'AbleToScale',
        status: 'True',
        lastTransitionTime: '2025-06-01T11:30:00Z',
        reason: 'ReadyForNewScale',
        message: 'ok',
      },
    ],
  };
  const v1 = toV1(stored) as any;
  assert.equal(v1.apiVersion, 'autoscaling/v1');
  assert.equal(v1.spec.targetCPUUtilizationPercentage, 60);
  assert.equal(v1.status.currentCPUUtilizationPercentage, 70);
  assert.deepEqual(JSON.parse(v1.metadata.annotations[METRIC_SPECS_ANNOTATION]), [
    { type: 'Pods', pods: { metricName: 'rps', targetAverageValue: '100' } },
  ]);
  assert.equal(
    v1.metadata.annotations[BEHAVIOR_ANNOTATION],
    '{"ScaleUp":{"StabilizationWindowSeconds":30,"SelectPolicy":"Max","Policies":[{"Type":"Percent","Value":50,"PeriodSeconds":60}]},"ScaleDown":{"StabilizationWindowSeconds":null,"SelectPolicy":"Max","Policies":[{"Type":"Percent","Value":100,"PeriodSeconds":15}]}}',
  );
  assert.ok(v1.metadata.annotations[CONDITIONS_ANNOTATION]);
  const back = toV2(v1);
  // The CPU target comes back after the other metrics, as upstream orders it.
  assert.deepEqual(
    back.spec?.metrics?.map((m) => m.type),
    ['Pods', 'Resource'],
  );
  assert.deepEqual(back, stored);
  assert.deepEqual(s.convert!(structuredClone(v1), 'v2'), stored);
});

test('hpa: invalid specs with upstream paths', () => {
  const errs = (spec: object) =>
    s.validate!(prepared(s, v2(spec))).map((e) => `${e.field}: ${e.detail ?? e.type}`);
  assert.deepEqual(errs({ minReplicas: 6, scaleTargetRef: { kind: 'Deployment' } }), [
    'spec.maxReplicas: must be greater than or equal to `minReplicas`',
    'spec.scaleTargetRef.name: FieldValueRequired',
  ]);
  assert.deepEqual(
    errs({
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 0 } },
        },
      ],
    }),
    ['spec.metrics[0].resource.target.averageUtilization: must be greater than 0'],
  );
  const cpu = { name: 'cpu', target: { type: 'Utilization', averageUtilization: 5 } };
  assert.deepEqual(errs({ metrics: [{ type: 'Pods', resource: cpu }] }), [
    'spec.metrics[0].pods: must populate information for the given metric source',
  ]);
  assert.deepEqual(
    errs({
      metrics: [
        {
          type: 'Resource',
          resource: cpu,
          pods: { metric: { name: 'x' }, target: { type: 'AverageValue', averageValue: '1' } },
        },
      ],
    }),
    ['spec.metrics[0].pods: must populate the given metric source only'],
  );
  assert.deepEqual(
    errs({
      behavior: {
        scaleUp: {
          stabilizationWindowSeconds: 4000,
          policies: [{ type: 'Pods', value: 0, periodSeconds: 2000 }],
        },
      },
    }),
    [
      'spec.behavior.scaleUp.stabilizationWindowSeconds: must be less than or equal to 3600',
      'spec.behavior.scaleUp.policies[0].value: must be greater than zero',
      'spec.behavior.scaleUp.policies[0].periodSeconds: must be less than or equal to 1800',
    ],
  );
});

test('hpa: status is kept on update, in either version', () => {
  const old = prepared(s, v2({}));
  (old as any).status = { currentReplicas: 2, desiredReplicas: 2 };
  const next = toV1(old as HpaV2) as any;
  next.status = { currentReplicas: 9, desiredReplicas: 9 };
  s.prepareForUpdate!(next, old, CTX);
  assert.deepEqual(next.status, { currentReplicas: 2, desiredReplicas: 2 });
});

test('hpa: table', () => {
  const h = prepared(
    s,
    v2({
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
        },
      ],
    }),
  ) as HpaV2;
  assert.deepEqual(s.table!.row(h, NOW), ['web', 'Deployment/web', 'cpu: <unknown>/50%', '1', 5, 0, '60m']);
  (h as any).status = {
    currentReplicas: 2,
    currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 35 } } }],
  };
  assert.equal(s.table!.row(h, NOW)[2], 'cpu: 35%/50%');
  const many = prepared(
    s,
    v2({
      metrics: [
        {
          type: 'Pods',
          pods: { metric: { name: 'a' }, target: { type: 'AverageValue', averageValue: '1k' } },
        },
        {
          type: 'Object',
          object: {
            describedObject: ref,
            metric: { name: 'b' },
            target: { type: 'AverageValue', averageValue: '2' },
          },
        },
        {
          type: 'Resource',
          resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '1Gi' } },
        },
      ],
    }),
  ) as HpaV2;
  assert.equal(s.table!.row(many, NOW)[2], '<unknown>/1k, <unknown>/2 (avg) + 1 more...');
  assert.deepEqual(s.categories, ['all']);
});
