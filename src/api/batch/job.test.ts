import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Job } from 'kubernetes-types/batch/v1.js';
import { fieldErrorMessage } from '../../machinery/status.ts';
import type { KubeObject } from '../strategy.ts';
import { CTX, checkStrategy, NOW, prepared } from '../strategy-conformance.ts';
import { jobStrategy } from './job.ts';

type Obj = Record<string, any>;
type J = KubeObject & Job;

const UID = '0b2f6a8e-4c1d-4e9b-9a0f-6f3c2d1e5a7b';

/** The pi Job of the Kubernetes docs (controllers/job.yaml); the store has set its uid. */
const pi = (): J => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'pi', namespace: 'default', uid: UID, creationTimestamp: '2025-06-01T11:50:00Z' },
  spec: {
    template: {
      spec: {
        containers: [
          { name: 'pi', image: 'perl:5.34.0', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] },
        ],
        restartPolicy: 'Never',
      },
    },
    backoffLimit: 4,
  },
});

checkStrategy(jobStrategy, {
  valid: pi(),
  alsoValid: [
    {
      ...pi(),
      metadata: { name: 'indexed', namespace: 'default', uid: UID },
      spec: { ...pi().spec!, completionMode: 'Indexed', completions: 5, parallelism: 2 },
    },
  ],
  status: { active: 1, startTime: '2025-06-01T11:50:01Z' },
});

const generated = {
  'batch.kubernetes.io/controller-uid': UID,
  'batch.kubernetes.io/job-name': 'pi',
  'controller-uid': UID,
  'job-name': 'pi',
};

test('the docs pi Job gets the defaults, selector and labels a v1.32 server returns', () => {
  const job = prepared(jobStrategy, pi()) as Obj;
  assert.deepEqual(job.metadata.labels, generated);
  const { template, ...spec } = job.spec;
  assert.deepEqual(spec, {
    backoffLimit: 4,
    completionMode: 'NonIndexed',
    completions: 1,
    manualSelector: false,
    parallelism: 1,
    podReplacementPolicy: 'TerminatingOrFailed',
    selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': UID } },
    suspend: false,
  });
  assert.deepEqual(template.metadata, { creationTimestamp: null, labels: generated });
  assert.deepEqual(job.status, {});
  assert.deepEqual(jobStrategy.validate!(job as J), []);
});

test('user labels on the template stay, and on the job only those', () => {
  const job = pi() as Obj;
  job.spec.template.metadata = { labels: { app: 'pi' } };
  const created = prepared(jobStrategy, job as J) as Obj;
  assert.deepEqual(created.metadata.labels, { app: 'pi' });
  assert.deepEqual(created.spec.template.metadata.labels, { app: 'pi', ...generated });
});

test('parallelism alone leaves completions unset; backoffLimitPerIndex raises backoffLimit', () => {
  const job = pi() as Obj;
  job.spec.parallelism = 3;
  delete job.spec.backoffLimit;
  jobStrategy.defaults!(job as J);
  assert.equal(job.spec.completions, undefined);
  assert.equal(job.spec.backoffLimit, 6);
  const perIndex = pi() as Obj;
  delete perIndex.spec.backoffLimit;
  perIndex.spec.backoffLimitPerIndex = 1;
  perIndex.spec.podFailurePolicy = {
    rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }],
  };
  jobStrategy.defaults!(perIndex as J);
  assert.equal(perIndex.spec.backoffLimit, 2147483647);
  assert.equal(perIndex.spec.podReplacementPolicy, 'Failed');
  assert.deepEqual(perIndex.spec.podFailurePolicy.rules[0].onPodConditions, [
    { type: 'DisruptionTarget', status: 'True' },
  ]);
});

const invalidCases: [string, (j: Obj) => void, string[]][] = [
  [
    'pods restarting Always',
    (j) => (j.spec.template.spec.restartPolicy = 'Always'),
    ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'],
  ],
  [
    'negative backoff limit',
    (j) => (j.spec.backoffLimit = -1),
    ['spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0'],
  ],
  [
    'indexed without completions',
    (j) => {
      j.spec.completionMode = 'Indexed';
      j.spec.parallelism = 2;
    },
    ['spec.completions: Required value: when completion mode is Indexed'],
  ],
  [
    'unknown completion mode',
    (j) => (j.spec.completionMode = 'Sometimes'),
    ['spec.completionMode: Unsupported value: "Sometimes": supported values: "NonIndexed", "Indexed"'],
  ],
  [
    'a manual selector that does not match',
    (j) => {
      j.spec.manualSelector = true;
      j.spec.selector = { matchLabels: { app: 'pi' } };
      j.spec.template.metadata = { labels: { app: 'other' } };
    },
    [
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`',
    ],
  ],
  [
    'a foreign controller-uid on the template',
    (j) => (j.spec.template.metadata = { labels: { 'controller-uid': 'someone-else' } }),
    [
      'spec.template.metadata.labels[controller-uid]: Invalid value: map[string]string{"batch.kubernetes.io/controller-uid":"0b2f6a8e-4c1d-4e9b-9a0f-6f3c2d1e5a7b", "batch.kubernetes.io/job-name":"pi", "controller-uid":"someone-else", "job-name":"pi"}: must be \'0b2f6a8e-4c1d-4e9b-9a0f-6f3c2d1e5a7b\'',
    ],
  ],
];

for (const [name, mutate, expected] of invalidCases) {
  test(`invalid job: ${name}`, () => {
    const job = pi() as Obj;
    mutate(job);
    assert.deepEqual(jobStrategy.validate!(prepared(jobStrategy, job as J)).map(fieldErrorMessage), expected);
  });
}

test('job updates: the template and selector are fixed, suspended jobs may move', () => {
  const old = prepared(jobStrategy, pi());
  const retemplated = structuredClone(old) as Obj;
  retemplated.spec.template.spec.containers[0].image = 'perl:5.36';
  jobStrategy.prepareForUpdate!(retemplated as J, old, CTX);
  assert.deepEqual(
    jobStrategy.validateUpdate!(retemplated as J, old).map((e) => `${e.field}: ${e.detail}`),
    ['spec.template: field is immutable'],
  );
  const more = structuredClone(old) as Obj;
  more.spec.completions = 3;
  assert.deepEqual(
    jobStrategy.validateUpdate!(more as J, old).map((e) => `${e.field}: ${e.detail}`),
    ['spec.completions: field is immutable'],
  );

  const suspended = pi() as Obj;
  suspended.spec.suspend = true;
  const oldSuspended = prepared(jobStrategy, suspended as J);
  const moved = structuredClone(oldSuspended) as Obj;
  moved.spec.template.spec.nodeSelector = { zone: 'b' };
  moved.spec.suspend = false;
  assert.deepEqual(jobStrategy.validateUpdate!(moved as J, oldSuspended), []);

  const unchanged = structuredClone(old) as Obj;
  unchanged.spec.suspend = true;
  unchanged.spec.parallelism = 4;
  assert.deepEqual(jobStrategy.validateUpdate!(unchanged as J, old), []);
});

test('job warnings, field selector and table', () => {
  assert.deepEqual(jobStrategy.warnings!({ ...pi(), metadata: { name: 'pi.v2', uid: UID } } as J), [
    'metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]',
  ]);
  const job = prepared(jobStrategy, pi()) as Obj;
  job.status = {
    succeeded: 1,
    startTime: '2025-06-01T11:50:01Z',
    completionTime: '2025-06-01T11:50:41Z',
    conditions: [{ type: 'Complete', status: 'True' }],
  };
  assert.deepEqual(jobStrategy.selectableFields!(job as J), { 'status.successful': '1' });
  assert.deepEqual(jobStrategy.table!.row(job as J, NOW), [
    'pi',
    'Complete',
    '1/1',
    '40s',
    '10m',
    'pi',
    'perl:5.34.0',
    `batch.kubernetes.io/controller-uid=${UID}`,
  ]);
  job.status = { active: 1, startTime: '2025-06-01T11:58:00Z' };
  assert.deepEqual(jobStrategy.table!.row(job as J, NOW).slice(1, 4), ['Running', '0/1', '2m']);
  job.spec.completions = undefined;
  job.spec.parallelism = 3;
  job.status = { conditions: [{ type: 'Suspended', status: 'True' }] };
  assert.deepEqual(jobStrategy.table!.row(job as J, NOW).slice(1, 4), ['Suspended', '0/1 of 3', '']);
  assert.deepEqual(
    jobStrategy.table!.columns.map((c) => c.name),
    ['Name', 'Status', 'Completions', 'Duration', 'Age', 'Containers', 'Images', 'Selector'],
  );
});
