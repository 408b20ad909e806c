import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { at, replicaSet, T0 } from '../workload-common/testing.ts';
import { calculateStatus, pausedConditionStatus, rolloutStatus, stuckRequeueAfter } from './progress.ts';
import { deployment } from './testing.ts';

const cond = (s: { conditions?: { type: string }[] }, type: string): any =>
  s.conditions?.find((c) => c.type === type);

describe('Deployment status', () => {
  it('sums its ReplicaSets and reports minimum availability', () => {
    const d = deployment({ replicas: 4, maxSurge: 1, maxUnavailable: 1 });
    const old = replicaSet({ name: 'old', replicas: 2, available: 2 });
    const fresh = replicaSet({ name: 'new', replicas: 3, available: 1, ready: 2 });
    const s = calculateStatus([old, fresh], fresh, d, T0);
    assert.equal(s.replicas, 5);
    assert.equal(s.updatedReplicas, 3);
    assert.equal(s.readyReplicas, 4);
    assert.equal(s.availableReplicas, 3);
    assert.equal(s.unavailableReplicas, 2);
    assert.deepEqual(cond(s, 'Available'), {
      type: 'Available',
      status: 'True',
      lastUpdateTime: at(0),
      lastTransitionTime: at(0),
      reason: 'MinimumReplicasAvailable',
      message: 'Deployment has minimum availability.',
    });
    const short = calculateStatus([replicaSet({ name: 'new', replicas: 4, available: 2 })], undefined, d, T0);
    assert.equal(cond(short, 'Available')?.reason, 'MinimumReplicasUnavailable');
  });

  it('reports NewReplicaSetAvailable once complete', () => {
    const d = deployment({ replicas: 3 });
    const fresh = replicaSet({ name: 'web-abc', replicas: 3 });
    const s = rolloutStatus([fresh], fresh, d, T0);
    assert.deepEqual(cond(s, 'Progressing'), {
      type: 'Progressing',
      status: 'True',
      lastUpdateTime: at(0),
      lastTransitionTime: at(0),
      reason: 'NewReplicaSetAvailable',
      message: 'ReplicaSet "web-abc" has successfully progressed.',
    });
  });

  it('reports ReplicaSetUpdated on progress, keeping the transition time', () => {
    const d = deployment({
      replicas: 3,
      status: {
        replicas: 3,
        updatedReplicas: 1,
        conditions: [
          {
            type: 'Progressing',
            status: 'True',
            reason: 'NewReplicaSetCreated',
            lastUpdateTime: at(0),
            lastTransitionTime: at(0),
          },
        ],
      },
    });
    const old = replicaSet({ name: 'old', replicas: 1 });
    const fresh = replicaSet({ name: 'web-abc', replicas: 2, available: 1 });
    const s = rolloutStatus([old, fresh], fresh, d, T0 + 10_000);
    const p = cond(s, 'Progressing') as {
      reason: string;
      lastTransitionTime: string;
      lastUpdateTime: string;
      message: string;
    };
    assert.equal(p.reason, 'ReplicaSetUpdated');
    assert.equal(p.message, 'ReplicaSet "web-abc" is progressing.');
    assert.equal(p.lastTransitionTime, at(0));
    assert.equal(p.lastUpdateTime, at(10));
  });

  it('reports ProgressDeadlineExceeded after progressDeadlineSeconds without progress', () => {
    const status = {
      replicas: 4,
      updatedReplicas: 1,
      readyReplicas: 3,
      availableReplicas: 3,
      conditions: [
        {
          type: 'Progressing',
          status: 'True',
          reason: 'ReplicaSetUpdated',
          lastUpdateTime: at(0),
          lastTransitionTime: at(0),
        },
      ],
    };
    const d = deployment({ replicas: 3, progressDeadlineSeconds: 60, status });
    const old = replicaSet({ name: 'old', replicas: 3 });
    const fresh = replicaSet({ name: 'web-abc', replicas: 1, available: 0 });
    const early = rolloutStatus([old, fresh], fresh, d, T0 + 30_000);
    assert.equal(cond(early, 'Progressing')?.reason, 'ReplicaSetUpdated');
    assert.equal(stuckRequeueAfter(d, early, T0 + 30_000), 30_000);
    const late = rolloutStatus([old, fresh], fresh, d, T0 + 61_000);
    const p = cond(late, 'Progressing') as { status: string; reason: string; message: string };
    assert.deepEqual(
      [p.status, p.reason, p.message],
      ['False', 'ProgressDeadlineExceeded', 'ReplicaSet "web-abc" has timed out progressing.'],
    );
  });

  it('marks pause and resume on Progressing', () => {
    const d = deployment({ replicas: 1 });
    d.spec!.paused = true;
    const paused = pausedConditionStatus(d, T0)!;
    assert.deepEqual(
      [cond(paused, 'Progressing')].map((c: any) => [c.status, c.reason, c.message]),
      [['Unknown', 'DeploymentPaused', 'Deployment is paused']],
    );
    d.status = paused;
    assert.equal(pausedConditionStatus(d, T0), undefined);
    d.spec!.paused = false;
    assert.equal((cond(pausedConditionStatus(d, T0)!, 'Progressing') as any).reason, 'DeploymentResumed');
  });
});
