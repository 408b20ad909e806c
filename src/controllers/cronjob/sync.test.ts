// The CronJob sync with an injected clock and an in-memory API: no waiting for real minutes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatusError } from '../../machinery/status.ts';
import type { CronJob, Job } from '../workload-common/types.ts';
import { type CronJobOps, syncCronJob } from './sync.ts';

const T = (iso: string) => Date.parse(iso);

class FakeCluster {
  now: number;
  cronJob: CronJob;
  jobs = new Map<string, Job>();
  events: string[] = [];
  #uid = 0;

  constructor(now: string, spec: Partial<NonNullable<CronJob['spec']>>, created = '2024-01-01T00:00:00Z') {
    this.now = T(now);
    this.cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'hello', namespace: 'default', uid: 'cj-uid', creationTimestamp: created },
      spec: {
        schedule: '*/1 * * * *',
        concurrencyPolicy: 'Allow',
        suspend: false,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 1,
        jobTemplate: {
          metadata: { labels: { app: 'hello' } },
          spec: {
            template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox' }] } },
          },
        },
        ...spec,
      },
      status: {},
    };
  }

  ops(): CronJobOps {
    return {
      now: () => this.now,
      zone: 'UTC',
      getCronJob: async () => structuredClone(this.cronJob),
      getJob: async (_ns, name) => this.jobs.get(name),
      createJob: async (_ns, job) => {
        const name = job.metadata!.name!;
        if (this.jobs.has(name))
          throw new StatusError(409, 'AlreadyExists', `jobs.batch "${name}" already exists`);
        const created = {
          ...job,
          metadata: {
            ...job.metadata,
            uid: `job-${++this.#uid}`,
            creationTimestamp: new Date(this.now).toISOString(),
          },
        };
        this.jobs.set(name, created);
        return created;
      },
      deleteJob: async (_ns, name) => {
        this.jobs.delete(name);
      },
      updateStatus: async (cj) => {
        this.cronJob = structuredClone(cj);
      },
      event: (_cj, type, reason, message) => this.events.push(`${type} ${reason} ${message}`),
    };
  }

  sync() {
    return syncCronJob(this.cronJob, [...this.jobs.values()], this.ops());
  }

  finish(name: string, type: 'Complete' | 'Failed', at: string) {
    const j = this.jobs.get(name)!;
    j.status = {
      startTime: at,
      ...(type === 'Complete' ? { completionTime: at } : {}),
      conditions: [{ type, status: 'True', lastTransitionTime: at }],
    };
  }
}

describe('CronJob sync (injected clock)', () => {
  it('does nothing before the first schedule time and asks to come back just after it', async () => {
    const c = new FakeCluster('2024-01-01T00:00:30Z', {});
    const r = await c.sync();
    assert.equal(c.jobs.size, 0);
    assert.equal(r.requeueAfter, 30_100);
  });

  it('starts the Job of the schedule time, named by minutes since the epoch, once', async () => {
    const c = new FakeCluster('2024-01-01T00:01:05Z', {});
    await c.sync();
    const minutes = T('2024-01-01T00:01:00Z') / 60_000;
    const job = c.jobs.get(`hello-${minutes}`)!;
    assert.ok(job);
    assert.equal(
      job.metadata?.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'],
      '2024-01-01T00:01:00Z',
    );
    assert.deepEqual(job.metadata?.labels, { app: 'hello' });
    assert.equal(job.metadata?.ownerReferences?.[0]?.kind, 'CronJob');
    assert.equal(c.cronJob.status?.lastScheduleTime, '2024-01-01T00:01:00Z');
    assert.deepEqual(
      c.cronJob.status?.active?.map((r) => r.name),
      [`hello-${minutes}`],
    );
    assert.deepEqual(c.events, [`Normal SuccessfulCreate Created job hello-${minutes}`]);
    await c.sync();
    assert.equal(c.jobs.size, 1);
  });

  it('notices finished Jobs, records lastSuccessfulTime and keeps the history limits', async () => {
    const c = new FakeCluster('2024-01-01T00:01:01Z', { successfulJobsHistoryLimit: 1 });
    for (let m = 1; m <= 3; m++) {
      c.now = T(`2024-01-01T00:0${m}:01Z`);
      await c.sync();
      const name = `hello-${T(`2024-01-01T00:0${m}:00Z`) / 60_000}`;
      c.finish(name, 'Complete', `2024-01-01T00:0${m}:30Z`);
      c.now = T(`2024-01-01T00:0${m}:31Z`);
      await c.sync();
    }
    assert.equal(c.jobs.size, 1);
    assert.equal(c.cronJob.status?.active, undefined);
    // As upstream: a Job's success is recorded once it has left the active list.
    assert.equal(c.cronJob.status?.lastSuccessfulTime, '2024-01-01T00:02:30Z');
    await c.sync();
    assert.equal(c.cronJob.status?.lastSuccessfulTime, '2024-01-01T00:03:30Z');
    assert.ok(
      c.events.some((e) =>
        /^Normal SawCompletedJob Saw completed job: hello-\d+, condition: Complete$/.test(e),
      ),
    );
    assert.ok(c.events.some((e) => /^Normal SuccessfulDelete Deleted job hello-\d+$/.test(e)));
  });

  it('Forbid skips while a Job runs; Replace deletes it first; Allow runs both', async () => {
    const forbid = new FakeCluster('2024-01-01T00:01:01Z', { concurrencyPolicy: 'Forbid' });
    await forbid.sync();
    forbid.now = T('2024-01-01T00:02:01Z');
    await forbid.sync();
    assert.equal(forbid.jobs.size, 1);
    assert.ok(
      forbid.events.includes(
        'Normal JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid',
      ),
    );

    const replace = new FakeCluster('2024-01-01T00:01:01Z', { concurrencyPolicy: 'Replace' });
    await replace.sync();
    replace.now = T('2024-01-01T00:02:01Z');
    await replace.sync();
    assert.deepEqual([...replace.jobs.keys()], [`hello-${T('2024-01-01T00:02:00Z') / 60_000}`]);
    assert.equal(replace.cronJob.status?.active?.length, 1);

    const allow = new FakeCluster('2024-01-01T00:01:01Z', {});
    await allow.sync();
    allow.now = T('2024-01-01T00:02:01Z');
    await allow.sync();
    assert.equal(allow.jobs.size, 2);
    assert.equal(allow.cronJob.status?.active?.length, 2);
  });

  it('misses a start beyond startingDeadlineSeconds', async () => {
    const c = new FakeCluster('2024-01-01T00:01:20Z', { startingDeadlineSeconds: 10 });
    await c.sync();
    assert.equal(c.jobs.size, 0);
    assert.deepEqual(c.events, []);
    const late = new FakeCluster('2024-01-01T00:05:00Z', {
      schedule: '0 * * * *',
      startingDeadlineSeconds: 3600,
    });
    (late.cronJob.metadata as { creationTimestamp?: string }).creationTimestamp = '2023-12-31T23:30:00Z';
    await late.sync();
    assert.equal(late.jobs.size, 1, 'the 00:00 run is still within the deadline');
  });

  it('reports too many missed start times, then starts only the latest', async () => {
    const c = new FakeCluster('2024-01-01T03:00:30Z', {});
    await c.sync();
    assert.ok(
      c.events.includes(
        'Warning TooManyMissedTimes too many missed start times: 180. Set or decrease .spec.startingDeadlineSeconds or check clock skew',
      ),
    );
    assert.deepEqual([...c.jobs.keys()], [`hello-${T('2024-01-01T03:00:00Z') / 60_000}`]);
  });

  it('does not start Jobs while suspended, and follows timeZone', async () => {
    const suspended = new FakeCluster('2024-01-01T00:01:05Z', { suspend: true });
    await suspended.sync();
    assert.equal(suspended.jobs.size, 0);
    const tz = new FakeCluster('2024-01-01T14:00:05Z', {
      schedule: '0 9 * * *',
      timeZone: 'America/New_York',
    });
    await tz.sync();
    const job = [...tz.jobs.values()][0]!;
    assert.equal(
      job.metadata?.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'],
      '2024-01-01T09:00:00-05:00',
    );
  });

  it('forgets active Jobs that went missing', async () => {
    const c = new FakeCluster('2024-01-01T00:01:05Z', {});
    await c.sync();
    c.jobs.clear();
    c.now = T('2024-01-01T00:01:10Z');
    await c.sync();
    assert.equal(c.cronJob.status?.active, undefined);
    assert.ok(c.events.some((e) => /^Normal MissingJob Active job went missing: hello-\d+$/.test(e)));
  });
});
