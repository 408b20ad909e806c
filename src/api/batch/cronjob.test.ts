import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CronJob } from 'kubernetes-types/batch/v1.js';
import { fieldErrorMessage } from '../../machinery/status.ts';
import type { KubeObject } from '../strategy.ts';
import { checkStrategy, NOW, prepared } from '../strategy-conformance.ts';
import { cronJobStrategy } from './cronjob.ts';

type Obj = Record<string, any>;
type CJ = KubeObject & CronJob;

/** The hello CronJob of the Kubernetes docs (application/job/cronjob.yaml). */
const hello = (): CJ => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'hello', namespace: 'default', creationTimestamp: '2025-06-01T10:00:00Z' },
  spec: {
    schedule: '* * * * *',
    jobTemplate: {
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'hello',
                image: 'busybox:1.28',
                imagePullPolicy: 'IfNotPresent',
                command: ['/bin/sh', '-c', 'date; echo Hello from the Kubernetes cluster'],
              },
            ],
            restartPolicy: 'OnFailure',
          },
        },
      },
    },
  },
});

checkStrategy(cronJobStrategy, {
  valid: hello(),
  alsoValid: [
    {
      ...hello(),
      spec: { ...hello().spec!, schedule: '@hourly', timeZone: 'Europe/Berlin', concurrencyPolicy: 'Forbid' },
    },
    { ...hello(), spec: { ...hello().spec!, schedule: '0 0 13 * 5' } },
  ],
  status: {
    lastScheduleTime: '2025-06-01T11:59:00Z',
    active: [{ name: 'hello-29145839', namespace: 'default' }],
  },
});

test('the docs hello CronJob gets upstream defaults', () => {
  const cj = prepared(cronJobStrategy, hello()) as Obj;
  const { jobTemplate, ...spec } = cj.spec;
  assert.deepEqual(spec, {
    schedule: '* * * * *',
    concurrencyPolicy: 'Allow',
    suspend: false,
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: 1,
  });
  assert.deepEqual(jobTemplate.metadata, { creationTimestamp: null });
  assert.equal(jobTemplate.spec.backoffLimit, undefined, 'job defaults apply to Jobs, not to templates');
  assert.equal(jobTemplate.spec.template.spec.terminationGracePeriodSeconds, 30);
  assert.deepEqual(cj.status, {});
});

const invalidCases: [string, (c: Obj) => void, string[]][] = [
  ['no schedule', (c) => delete c.spec.schedule, ['spec.schedule: Required value']],
  [
    'a malformed schedule',
    (c) => (c.spec.schedule = '*/5 * * *'),
    ['spec.schedule: Invalid value: "*/5 * * *": expected exactly 5 fields, found 4: [*/5 * * *]'],
  ],
  [
    'TZ in the schedule',
    (c) => (c.spec.schedule = 'TZ=UTC 0 * * * *'),
    [
      'spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ],
  ],
  [
    'TZ and a timeZone',
    (c) => {
      c.spec.schedule = 'CRON_TZ=UTC 0 * * * *';
      c.spec.timeZone = 'UTC';
    },
    [
      'spec.schedule: Invalid value: "CRON_TZ=UTC 0 * * * *": cannot use both timeZone field and TZ or CRON_TZ in schedule',
    ],
  ],
  [
    'an unknown time zone',
    (c) => (c.spec.timeZone = 'Mars/Olympus'),
    ['spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus'],
  ],
  [
    'an empty time zone',
    (c) => (c.spec.timeZone = ''),
    ['spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string'],
  ],
  [
    'the Local time zone',
    (c) => (c.spec.timeZone = 'Local'),
    [
      'spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
    ],
  ],
  [
    'an unknown concurrency policy',
    (c) => (c.spec.concurrencyPolicy = 'Sometimes'),
    [
      'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
    ],
  ],
  [
    'a selector in the job template',
    (c) => {
      c.spec.jobTemplate.spec.selector = { matchLabels: { a: 'b' } };
    },
    [
      'spec.jobTemplate.spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"a":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated',
    ],
  ],
  [
    'template pods restarting Always',
    (c) => (c.spec.jobTemplate.spec.template.spec.restartPolicy = 'Always'),
    ['spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'],
  ],
  [
    'a name too long for its jobs',
    (c) => (c.metadata.name = 'a'.repeat(53)),
    [`metadata.name: Invalid value: "${'a'.repeat(53)}": must be no more than 52 characters`],
  ],
];

for (const [name, mutate, expected] of invalidCases) {
  test(`invalid cronjob: ${name}`, () => {
    const cj = hello() as Obj;
    mutate(cj);
    assert.deepEqual(
      cronJobStrategy.validate!(prepared(cronJobStrategy, cj as CJ)).map(fieldErrorMessage),
      expected,
    );
  });
}

test('a CronJob created with TZ before the rule may keep it on update', () => {
  const old = prepared(cronJobStrategy, hello()) as Obj;
  old.spec.schedule = 'TZ=UTC 0 * * * *';
  const next = structuredClone(old);
  next.spec.suspend = true;
  assert.deepEqual(cronJobStrategy.validateUpdate!(next as CJ, old as CJ), []);
});

test('cronjob table: kubectl get cronjobs -o wide', () => {
  const cj = prepared(cronJobStrategy, hello()) as Obj;
  assert.deepEqual(cronJobStrategy.table!.row(cj as CJ, NOW), [
    'hello',
    '* * * * *',
    '<none>',
    'False',
    0,
    '<none>',
    '120m',
    'hello',
    'busybox:1.28',
    '<none>',
  ]);
  cj.spec.timeZone = 'Etc/UTC';
  cj.status = { lastScheduleTime: '2025-06-01T11:59:00Z', active: [{ name: 'hello-1' }] };
  assert.deepEqual(cronJobStrategy.table!.row(cj as CJ, NOW).slice(2, 6), ['Etc/UTC', 'False', 1, '60s']);
  assert.deepEqual(
    cronJobStrategy.table!.columns.map((c) => c.name),
    [
      'Name',
      'Schedule',
      'Timezone',
      'Suspend',
      'Active',
      'Last Schedule',
      'Age',
      'Containers',
      'Images',
      'Selector',
    ],
  );
  assert.deepEqual(cronJobStrategy.shortNames, ['cj']);
});
