import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Job, Pod, PodTemplateSpec } from '../workload-common/types.ts';
import { finishedTime, nextBackoffRecord, remainingBackoff } from './backoff.ts';
import {
  failJobMessage,
  isPodFailed,
  matchPodFailurePolicy,
  pastBackoffLimitOnFailure,
} from './failure-policy.ts';
import {
  duplicatedIndexPods,
  firstPendingIndexes,
  OrderedIntervals,
  podGenerateNameWithIndex,
} from './indexes.ts';
import { hasTrackingFinalizer, indexedPodTemplate, jobPodTemplate } from './pod-template.ts';
import { matchSuccessPolicy } from './success-policy.ts';
import { type JobOps, syncJob } from './sync.ts';

const NOW = Date.parse('2024-01-01T00:10:00Z');
const iso = (s: number) => new Date(NOW + s * 1000).toISOString().replace('.000Z', 'Z');

function job(spec: Partial<NonNullable<Job['spec']>> = {}, status: Job['status'] = {}): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', namespace: 'default', uid: 'job-uid' },
    spec: {
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'job-uid' } },
      template: {
        metadata: { labels: { 'batch.kubernetes.io/controller-uid': 'job-uid' } },
        spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'perl' }] },
      },
      ...spec,
    },
    status,
  };
}

let seq = 0;
function jpod(
  phase: string,
  o: {
    index?: number;
    exitCode?: number;
    finished?: number;
    finalizer?: boolean;
    ready?: boolean;
    deleting?: boolean;
  } = {},
): Pod {
  const name = `pi-${++seq}`;
  const p: Pod = {
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${seq}`,
      creationTimestamp: iso(-100),
      finalizers: o.finalizer === false ? [] : ['batch.kubernetes.io/job-tracking'],
      ...(o.index !== undefined
        ? { annotations: { 'batch.kubernetes.io/job-completion-index': String(o.index) } }
        : {}),
    },
    spec: { containers: [{ name: 'c' }] },
    status: {
      phase,
      conditions: [
        { type: 'Ready', status: o.ready ? 'True' : 'False', lastTransitionTime: iso(o.finished ?? -10) },
      ],
      ...(o.exitCode !== undefined
        ? {
            containerStatuses: [
              {
                name: 'c',
                image: 'perl',
                imageID: '',
                ready: false,
                restartCount: 0,
                state: { terminated: { exitCode: o.exitCode } },
              },
            ],
          }
        : {}),
    },
  };
  if (o.deleting) (p.metadata as { deletionTimestamp?: string }).deletionTimestamp = iso(-1);
  return p;
}

class FakeJobOps implements JobOps {
  created: { template: PodTemplateSpec; generateName?: string }[] = [];
  deleted: string[] = [];
  finalizersRemoved: string[] = [];
  events: string[] = [];
  statuses: Job[] = [];
  now = () => NOW;
  async createPod(_job: Job, template: PodTemplateSpec, generateName?: string) {
    this.created.push(generateName ? { template, generateName } : { template });
  }
  async deletePod(_job: Job, pod: Pod) {
    this.deleted.push(pod.metadata!.name!);
  }
  async removeFinalizer(pod: Pod) {
    this.finalizersRemoved.push(pod.metadata!.name!);
  }
  async updateStatus(j: Job) {
    this.statuses.push(structuredClone(j));
    return j;
  }
  event(_j: Job, type: string, reason: string, message: string) {
    this.events.push(`${type} ${reason} ${message}`);
  }
  expectCreations() {}
  creationFailed() {}
  expectDeletions() {}
  deletionFailed() {}
  expectFinalizerRemovals() {}
  finalizerRemovalFailed() {}
  get last(): Job {
    return this.statuses[this.statuses.length - 1]!;
  }
}

const run = (
  j: Job,
  pods: Pod[],
  ops: FakeJobOps,
  backoff?: { failuresAfterLastSuccess: number; lastFailureTime?: number },
) =>
  syncJob({ job: j, pods, expectationsSatisfied: true, pendingFinalizerRemovals: new Set(), backoff }, ops);
const types = (j: Job) => (j.status?.conditions ?? []).map((c) => `${c.type}/${c.reason}`);

describe('Job sync', () => {
  it('starts parallelism pods with the tracking finalizer', async () => {
    const ops = new FakeJobOps();
    await run(job({ completions: 5, parallelism: 2 }), [], ops);
    assert.equal(ops.created.length, 2);
    assert.ok(hasTrackingFinalizer({ metadata: ops.created[0]!.template.metadata! }));
    assert.equal(ops.last.status?.active, 2);
    assert.equal(ops.last.status?.startTime, iso(0));
  });

  it('counts a succeeded pod through uncountedTerminatedPods, removes its finalizer, then completes', async () => {
    const ops = new FakeJobOps();
    const done = jpod('Succeeded');
    await run(job(), [done], ops);
    // First write stages the pod, the finalizer goes, then the counters and the conditions.
    assert.deepEqual(ops.statuses[0]!.status?.uncountedTerminatedPods, { succeeded: [done.metadata!.uid] });
    assert.deepEqual(ops.finalizersRemoved, [done.metadata!.name]);
    const final = ops.last;
    assert.equal(final.status?.succeeded, 1);
    assert.deepEqual(final.status?.uncountedTerminatedPods, {});
    assert.deepEqual(types(final), ['SuccessCriteriaMet/CompletionsReached', 'Complete/CompletionsReached']);
    assert.equal(final.status?.completionTime, iso(0));
    assert.deepEqual(ops.events, ['Normal Completed Job completed']);
  });

  it('fails after backoffLimit failures: FailureTarget, then Failed once nothing is left', async () => {
    const ops = new FakeJobOps();
    const pods = [jpod('Failed', { exitCode: 1 }), jpod('Failed', { exitCode: 1 })];
    await run(job({ backoffLimit: 1 }), pods, ops);
    assert.deepEqual(types(ops.last), ['FailureTarget/BackoffLimitExceeded', 'Failed/BackoffLimitExceeded']);
    assert.equal(ops.last.status?.failed, 2);
    assert.equal(ops.last.status?.conditions?.[1]?.message, 'Job has reached the specified backoff limit');
    assert.deepEqual(ops.events, [
      'Warning BackoffLimitExceeded Job has reached the specified backoff limit',
    ]);
  });

  it('waits out the failure back-off before starting a new pod', async () => {
    const ops = new FakeJobOps();
    const failed = jpod('Failed', { exitCode: 1, finished: -4 });
    const r = await run(job(), [failed], ops);
    assert.equal(ops.created.length, 0);
    assert.equal(r.requeueAfter, 6000);
    assert.deepEqual(r.backoff, { failuresAfterLastSuccess: 1, lastFailureTime: NOW - 4000 });
  });

  it('fails at activeDeadlineSeconds and deletes what runs', async () => {
    const ops = new FakeJobOps();
    const running = jpod('Running', { ready: true });
    await run(job({ activeDeadlineSeconds: 30 }, { startTime: iso(-31) }), [running], ops);
    assert.deepEqual(ops.deleted, [running.metadata!.name]);
    assert.deepEqual(types(ops.last), ['FailureTarget/DeadlineExceeded']);
    const ops2 = new FakeJobOps();
    const r = await run(job({ activeDeadlineSeconds: 30 }, { startTime: iso(-10) }), [jpod('Running')], ops2);
    assert.equal(r.requeueAfter, 20_000);
  });

  it('fails at once on a FailJob podFailurePolicy rule', async () => {
    const ops = new FakeJobOps();
    const policy = { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] };
    const p = jpod('Failed', { exitCode: 42 });
    await run(job({ podFailurePolicy: policy as never }), [p], ops);
    assert.deepEqual(types(ops.last), ['FailureTarget/PodFailurePolicy', 'Failed/PodFailurePolicy']);
    assert.equal(
      ops.last.status?.conditions?.[0]?.message,
      `Container c for pod default/${p.metadata?.name} failed with exit code 42 matching FailJob rule at index 0`,
    );
  });

  it('suspends (deleting active pods) and resumes', async () => {
    const ops = new FakeJobOps();
    const running = jpod('Running');
    await run(job({ suspend: true }), [running], ops);
    assert.deepEqual(ops.deleted, [running.metadata!.name]);
    assert.deepEqual(types(ops.last), ['Suspended/JobSuspended']);
    assert.deepEqual(ops.events, ['Normal Suspended Job suspended']);
    const resumed = new FakeJobOps();
    await run(job({ suspend: false }, ops.last.status), [], resumed);
    assert.deepEqual(types(resumed.last), ['Suspended/JobResumed']);
    assert.equal(resumed.last.status?.conditions?.[0]?.status, 'False');
    assert.equal(resumed.created.length, 1);
  });

  it('Indexed: creates the lowest pending indexes with their names, and records completedIndexes', async () => {
    const ops = new FakeJobOps();
    const j = job({ completionMode: 'Indexed', completions: 5, parallelism: 3 });
    const pods = [jpod('Succeeded', { index: 0 }), jpod('Running', { index: 2 })];
    await run(j, pods, ops);
    assert.deepEqual(
      ops.created.map((c) => c.generateName),
      ['pi-1-', 'pi-3-'],
    );
    assert.equal(
      ops.created[0]!.template.metadata?.annotations?.['batch.kubernetes.io/job-completion-index'],
      '1',
    );
    assert.equal(ops.created[0]!.template.spec?.hostname, 'pi-1');
    assert.equal(ops.last.status?.completedIndexes, '0');
    assert.equal(ops.last.status?.succeeded, 1);
  });
});

describe('Job pure helpers', () => {
  it('ordered intervals', () => {
    const iv = OrderedIntervals.parse('0,2-3,7', 6);
    assert.equal(iv.toString(), '0,2-3');
    assert.equal(iv.withOrderedIndexes([1, 5]).toString(), '0-3,5');
    assert.equal(iv.total(), 3);
    assert.equal(firstPendingIndexes(iv, [jpod('Running', { index: 1 })], 3, 6).join(','), '4,5');
  });

  it('duplicate indexes keep the most valuable pod', () => {
    const a = jpod('Running', { index: 1, ready: true });
    const b = jpod('Pending', { index: 1 });
    const c = jpod('Running', { index: 9 });
    const d = duplicatedIndexPods([a, b, c], 5, NOW);
    assert.deepEqual(
      d.remove.map((p) => p.metadata?.name).sort(),
      [b, c].map((p) => p.metadata!.name).sort(),
    );
    assert.deepEqual(d.keep, [a]);
    assert.equal(podGenerateNameWithIndex('x'.repeat(60), 12), `${'x'.repeat(54)}-12-`);
  });

  it('templates: finalizer, index env from the label, index annotation/label/hostname', () => {
    const j = job({ completionMode: 'Indexed', completions: 3 });
    const base = jobPodTemplate(j);
    assert.deepEqual(base.metadata?.finalizers, ['batch.kubernetes.io/job-tracking']);
    assert.deepEqual(base.spec?.containers[0]?.env, [
      {
        name: 'JOB_COMPLETION_INDEX',
        valueFrom: { fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } },
      },
    ]);
    const t = indexedPodTemplate(j, base, 2);
    assert.equal(t.metadata?.labels?.['batch.kubernetes.io/job-completion-index'], '2');
    assert.equal(t.spec?.hostname, 'pi-2');
  });

  it('failure policy, failed pods and OnFailure restarts', () => {
    const policy = {
      rules: [
        { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] },
        { action: 'Count', onExitCodes: { containerName: 'c', operator: 'NotIn', values: [1] } },
      ],
    };
    const disrupted = jpod('Failed');
    disrupted.status!.conditions = [{ type: 'DisruptionTarget', status: 'True' }];
    assert.deepEqual(matchPodFailurePolicy(policy as never, disrupted), {
      countFailed: false,
      action: 'Ignore',
    });
    assert.deepEqual(matchPodFailurePolicy(policy as never, jpod('Failed', { exitCode: 7 })), {
      countFailed: true,
      action: 'Count',
    });
    assert.equal(failJobMessage(job({ podFailurePolicy: policy as never }), [disrupted]), undefined);
    // An unknown action passes to the next rule; FailJob on a condition names it.
    const onCondition = {
      rules: [
        { action: 'Bogus', onPodConditions: [{ type: 'DisruptionTarget' }] },
        { action: 'FailJob', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
      ],
    };
    assert.deepEqual(matchPodFailurePolicy(onCondition as never, disrupted), {
      countFailed: true,
      action: 'FailJob',
      failJobMessage: `Pod default/${disrupted.metadata?.name} has condition DisruptionTarget matching FailJob rule at index 1`,
    });
    assert.equal(isPodFailed(jpod('Running', { deleting: true }), job()), true);
    assert.equal(
      isPodFailed(jpod('Running', { deleting: true }), job({ podReplacementPolicy: 'Failed' })),
      false,
    );
    const restarting = jpod('Running');
    restarting.status!.containerStatuses = [
      { name: 'c', image: '', imageID: '', ready: false, restartCount: 3 },
    ];
    const onFailure = job({ backoffLimit: 3 });
    onFailure.spec!.template!.spec!.restartPolicy = 'OnFailure';
    assert.equal(pastBackoffLimitOnFailure(onFailure, [restarting]), true);
  });

  it('back-off doubles from 10 s up to 6 min and resets after a success', () => {
    const f = (s: number) => jpod('Failed', { finished: s });
    const r = nextBackoffRecord(undefined, [], [f(-30), f(-5)]);
    assert.deepEqual(r, { failuresAfterLastSuccess: 2, lastFailureTime: NOW - 5000 });
    assert.equal(remainingBackoff(r, NOW), 15_000);
    assert.equal(remainingBackoff({ failuresAfterLastSuccess: 10, lastFailureTime: NOW }, NOW), 360_000);
    assert.deepEqual(nextBackoffRecord(r, [jpod('Succeeded', { finished: 0 })], []), {
      failuresAfterLastSuccess: 0,
    });
    assert.equal(finishedTime(f(-7)), NOW - 7000);
  });

  it('success policy rules', () => {
    const done = new OrderedIntervals([{ first: 0, last: 2 }]);
    assert.equal(
      matchSuccessPolicy({ rules: [{ succeededIndexes: '0-1' }] }, 5, done),
      'Matched rules at index 0',
    );
    assert.equal(
      matchSuccessPolicy({ rules: [{ succeededIndexes: '3-4' }, { succeededCount: 3 }] }, 5, done),
      'Matched rules at index 1',
    );
    assert.equal(
      matchSuccessPolicy({ rules: [{ succeededIndexes: '1-4', succeededCount: 3 }] }, 5, done),
      undefined,
    );
  });
});
