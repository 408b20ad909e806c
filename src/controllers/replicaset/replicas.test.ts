import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { at, pod, T0 } from '../workload-common/testing.ts';
import { calculateReplicaStatus, replicaAction, replicaStatusUnchanged } from './replicas.ts';

const NOW = T0 + 3600_000;

describe('replicaAction', () => {
  const pods = [
    pod({ name: 'a', node: 'n1', ready: true }),
    pod({ name: 'b', phase: 'Pending' }),
    pod({ name: 'c', node: 'n1', ready: true }),
  ];
  it('creates the missing pods, at most a burst', () => {
    assert.deepEqual(replicaAction(5, pods, [], NOW), { create: 2 });
    assert.deepEqual(replicaAction(1000, [], [], NOW), { create: 500 });
  });
  it('deletes the least valuable extra pods', () => {
    const action = replicaAction(2, pods, [], NOW);
    assert.ok('delete' in action);
    assert.deepEqual(
      action.delete.map((p) => p.metadata?.name),
      ['b'],
    );
  });
  it('does nothing when the count is right', () => {
    assert.deepEqual(replicaAction(3, pods, [], NOW), { none: true });
  });
  it('gathers the related pods only to delete, where they rank doubled-up nodes first', () => {
    let gathered = 0;
    const related = () => {
      gathered++;
      // Another ReplicaSet of the Deployment has a pod on n1: a and c are doubled up there.
      return [
        ...pods,
        pod({ name: 'x', node: 'n1', ready: true }),
        pod({ name: 'y', node: 'n2', ready: true }),
      ];
    };
    assert.deepEqual(replicaAction(5, pods, related, NOW), { create: 2 });
    assert.deepEqual(replicaAction(3, pods, related, NOW), { none: true });
    assert.equal(gathered, 0);
    const withD = [...pods, pod({ name: 'd', node: 'n2', ready: true })];
    const action = replicaAction(2, withD, related, NOW);
    assert.equal(gathered, 1);
    assert.ok('delete' in action);
    // b is unscheduled; then a or c: n1 holds 3 related pods, n2 (where d runs) 1.
    assert.equal(action.delete[0]!.metadata?.name, 'b');
    assert.ok(['a', 'c'].includes(action.delete[1]!.metadata?.name ?? ''));
  });
});

describe('calculateReplicaStatus', () => {
  const template = { metadata: { labels: { app: 'web', tier: 'fe' } } };
  const pods = [
    pod({ name: 'a', ready: true, readySince: 0, labels: { app: 'web', tier: 'fe' } }),
    pod({ name: 'b', ready: true, readySince: 3590, labels: { app: 'web', tier: 'fe' } }),
    pod({ name: 'c', labels: { app: 'web' } }),
  ];

  it('counts replicas, fully labeled, ready and available (minReadySeconds)', () => {
    const s = calculateReplicaStatus(
      undefined,
      { replicas: 3, minReadySeconds: 30, template },
      pods,
      undefined,
      NOW,
    );
    assert.deepEqual(s, { replicas: 3, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 1 });
  });

  it('sets ReplicaFailure while creating fails, and drops it when it works', () => {
    const failing = calculateReplicaStatus(
      undefined,
      { replicas: 5, minReadySeconds: 0, template },
      pods,
      'pods "x" is forbidden: exceeded quota',
      NOW,
    );
    assert.deepEqual(failing.conditions, [
      {
        type: 'ReplicaFailure',
        status: 'True',
        lastTransitionTime: at(3600),
        reason: 'FailedCreate',
        message: 'pods "x" is forbidden: exceeded quota',
      },
    ]);
    const deleting = calculateReplicaStatus(
      undefined,
      { replicas: 1, minReadySeconds: 0, template },
      pods,
      'boom',
      NOW,
    );
    assert.equal(deleting.conditions?.[0]?.reason, 'FailedDelete');
    const healed = calculateReplicaStatus(
      failing,
      { replicas: 5, minReadySeconds: 0, template },
      pods,
      undefined,
      NOW,
    );
    assert.equal(healed.conditions, undefined);
  });

  it('needs no write when nothing changed', () => {
    const s = calculateReplicaStatus(
      undefined,
      { replicas: 3, minReadySeconds: 0, template },
      pods,
      undefined,
      NOW,
    );
    assert.equal(replicaStatusUnchanged({ ...s, observedGeneration: 2 }, s, 2), true);
    assert.equal(replicaStatusUnchanged({ ...s, observedGeneration: 1 }, s, 2), false);
    assert.equal(replicaStatusUnchanged({ ...s, readyReplicas: 0, observedGeneration: 2 }, s, 2), false);
  });
});
