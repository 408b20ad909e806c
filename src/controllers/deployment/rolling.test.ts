import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replicaSet } from '../workload-common/testing.ts';
import { cleanupUnhealthyReplicas, reconcileNewReplicaSet, reconcileOldReplicaSets } from './rolling.ts';
import { deployment } from './testing.ts';

const steps = (s: { rs: { metadata?: { name?: string } }; replicas: number }[]) =>
  s.map((x) => [x.rs.metadata?.name, x.replicas]);

describe('a rolling update step', () => {
  const d = deployment({ replicas: 10, maxSurge: 3, maxUnavailable: 2 });

  it('scales the new ReplicaSet up within maxSurge, and down when too big', () => {
    const old = replicaSet({ name: 'old', replicas: 10 });
    const fresh = replicaSet({ name: 'new', replicas: 0, available: 0 });
    assert.equal(reconcileNewReplicaSet(d, [old, fresh], fresh), 3);
    const full = replicaSet({ name: 'new', replicas: 3, available: 0 });
    assert.equal(reconcileNewReplicaSet(d, [old, full], full), undefined);
    const big = replicaSet({ name: 'new', replicas: 12 });
    assert.equal(reconcileNewReplicaSet(d, [big], big), 10);
  });

  it('scales old ReplicaSets down while keeping replicas - maxUnavailable available', () => {
    const old = replicaSet({ name: 'old', replicas: 10 });
    const fresh = replicaSet({ name: 'new', replicas: 3, available: 0 });
    assert.deepEqual(steps(reconcileOldReplicaSets(d, [old, fresh], [old], fresh)), [['old', 8]]);
  });

  it('removes unhealthy old replicas first', () => {
    const old = replicaSet({ name: 'old', replicas: 10, available: 7 });
    const fresh = replicaSet({ name: 'new', replicas: 3, available: 0 });
    assert.deepEqual(steps(reconcileOldReplicaSets(d, [old, fresh], [old], fresh)), [['old', 8]]);
    assert.deepEqual(
      steps(
        cleanupUnhealthyReplicas([replicaSet({ name: 'o2', replicas: 4, available: 1, created: 2 }), old], 5),
      ),
      [
        ['old', 7],
        ['o2', 2],
      ],
    );
  });

  it('waits while the new ReplicaSet is not available enough', () => {
    const old = replicaSet({ name: 'old', replicas: 8 });
    const fresh = replicaSet({ name: 'new', replicas: 5, available: 0 });
    // 13 pods, 8 must stay available, 5 new ones unavailable: nothing may go.
    assert.deepEqual(reconcileOldReplicaSets(d, [old, fresh], [old], fresh), []);
  });

  it('takes the oldest ReplicaSets down first', () => {
    const older = replicaSet({ name: 'older', replicas: 2, created: 1 });
    const old = replicaSet({ name: 'old', replicas: 8, created: 2 });
    const fresh = replicaSet({ name: 'new', replicas: 3, available: 3, created: 3 });
    // 13 available, 8 must stay: 5 may go, 2 from the older and 3 from the old.
    assert.deepEqual(steps(reconcileOldReplicaSets(d, [older, old, fresh], [older, old], fresh)), [
      ['older', 0],
      ['old', 5],
    ]);
  });
});
