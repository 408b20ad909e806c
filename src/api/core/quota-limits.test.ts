import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkStrategy, NOW, prepared } from '../strategy-conformance.ts';
import { limitRangeStrategy as lr } from './limit-range.ts';
import { resourceQuotaStrategy as rq } from './resource-quota.ts';

const meta = { name: 'compute', namespace: 'default', creationTimestamp: '2025-06-01T11:00:00Z' };

checkStrategy(rq, {
  valid: {
    metadata: meta,
    spec: {
      hard: { 'requests.cpu': '1', 'limits.memory': '2Gi', pods: '10', 'count/deployments.apps': '5' },
    },
  },
  alsoValid: [
    { metadata: meta, spec: { hard: { pods: '5' }, scopes: ['BestEffort'] } },
    {
      metadata: meta,
      spec: {
        hard: { pods: '5' },
        scopeSelector: {
          matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }],
        },
      },
    },
  ],
  status: { hard: { pods: '10' }, used: { pods: '3' } },
});
checkStrategy(lr, {
  valid: {
    metadata: meta,
    spec: {
      limits: [{ type: 'Container', max: { cpu: '2' }, min: { cpu: '100m' }, default: { memory: '512Mi' } }],
    },
  },
  alsoValid: [
    {
      metadata: meta,
      spec: {
        limits: [
          { type: 'PersistentVolumeClaim', max: { storage: '10Gi' } },
          { type: 'Pod', max: { cpu: '4' } },
        ],
      },
    },
  ],
});

test('resourcequotas: names, integers, scopes', () => {
  const errs = (spec: object) =>
    rq.validate!(prepared(rq, { metadata: meta, spec } as any)).map((e) => `${e.field}: ${e.detail}`);
  assert.deepEqual(errs({ hard: { bananas: '1', pods: '1.5', cpu: '-1' } }), [
    'spec.hard[bananas]: must be a standard resource type or fully qualified',
    'spec.hard[bananas]: must be a standard resource for quota',
    'spec.hard[pods]: must be an integer',
    'spec.hard[cpu]: must be greater than or equal to 0',
  ]);
  assert.deepEqual(errs({ hard: { cpu: '1' }, scopes: ['BestEffort', 'NotBestEffort'] }), [
    'spec.scopes: unsupported scope applied to resource',
    'spec.scopes: conflicting scopes',
  ]);
  const old = prepared(rq, { metadata: meta, spec: { hard: { pods: '1' }, scopes: ['Terminating'] } });
  assert.deepEqual(
    rq.validateUpdate!({ ...old, spec: { hard: { pods: '1' } } }, old).map((e) => `${e.field}: ${e.detail}`),
    ['spec.scopes: field is immutable'],
  );
});

test('resourcequotas: table as kubectl 1.32 prints it', () => {
  const q = prepared(rq, {
    metadata: meta,
    spec: { hard: { 'requests.cpu': '1', 'limits.cpu': '2', pods: '10' } },
  });
  (q as any).status = {
    hard: { 'requests.cpu': '1', 'limits.cpu': '2', pods: '10' },
    used: { 'requests.cpu': '500m', pods: '3' },
  };
  assert.deepEqual(
    rq.table!.columns.map((c) => c.name),
    ['Name', 'Age', 'Request', 'Limit'],
  );
  assert.deepEqual(rq.table!.row(q, NOW), [
    'compute',
    '60m',
    'pods: 3/10, requests.cpu: 500m/1',
    'limits.cpu: 0/2',
  ]);
});

test('limitranges: defaults for containers', () => {
  const l = prepared(lr, {
    metadata: meta,
    spec: { limits: [{ type: 'Container', max: { cpu: '2' }, min: { memory: '64Mi' } }] },
  });
  assert.deepEqual(l.spec?.limits?.[0]?.default, { cpu: '2' });
  assert.deepEqual(l.spec?.limits?.[0]?.defaultRequest, { cpu: '2', memory: '64Mi' });
});

test('limitranges: consistency of min, max and defaults', () => {
  const errs = lr.validate!(
    prepared(lr, {
      metadata: meta,
      spec: {
        limits: [
          {
            type: 'Container',
            min: { cpu: '2' },
            max: { cpu: '1' },
            maxLimitRequestRatio: { memory: '500m' },
          },
          { type: 'Pod', default: { cpu: '1' } },
          { type: 'PersistentVolumeClaim' },
          { type: 'Pod' },
        ],
      },
    }),
  );
  assert.deepEqual(
    errs.map((e) => `${e.field}: ${e.detail ?? e.type}`),
    [
      'spec.limits[0].min[cpu]: min value 2 is greater than max value 1',
      'spec.limits[0].defaultRequest[cpu]: min value 2 is greater than default request value 1',
      // max defaulted the default limit, which is then below min too.
      'spec.limits[0].default[cpu]: min value 2 is greater than default value 1',
      'spec.limits[0].maxLimitRequestRatio[memory]: ratio 500m is less than 1',
      "spec.limits[1].default: may not be specified when `type` is 'Pod'",
      'spec.limits[2].limits: either minimum or maximum storage value is required, but neither was provided',
      'spec.limits[3].type: FieldValueDuplicate',
    ],
  );
  assert.deepEqual(
    lr.table!.columns.map((c) => c.name),
    ['Name', 'Created At'],
  );
});
