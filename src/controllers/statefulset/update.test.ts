import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { podRevision } from './identity.ts';
import { FakeStatefulOps, input, ready, revisionOf, statefulSet } from './testing.ts';
import { completeRollingUpdate, maxUnavailableOf, newVersionedPod, updateStatefulSet } from './update.ts';

describe('StatefulSet sync', () => {
  it('OrderedReady: creates one pod at a time, each after its predecessor is Running and Ready', async () => {
    const set = statefulSet({ replicas: 3 });
    const rev = revisionOf(set, 1);
    const ops = new FakeStatefulOps();
    await updateStatefulSet(input(set, ops, rev), ops);
    assert.deepEqual(ops.log, [`create web-0 ${rev.metadata?.name}`]);
    await updateStatefulSet(input(set, ops, rev), ops);
    assert.equal(ops.log.length, 1, 'waits while web-0 is Pending');
    ops.runAll();
    await updateStatefulSet(input(set, ops, rev), ops);
    assert.deepEqual(ops.log.slice(1), [`create web-1 ${rev.metadata?.name}`]);
  });

  it('Parallel: creates every pod at once', async () => {
    const set = statefulSet({ replicas: 3, policy: 'Parallel' });
    const rev = revisionOf(set, 1);
    const ops = new FakeStatefulOps();
    await updateStatefulSet(input(set, ops, rev), ops);
    assert.deepEqual(ops.log.map((l) => l.split(' ').slice(0, 2).join(' ')).sort(), [
      'create web-0',
      'create web-1',
      'create web-2',
    ]);
  });

  it('recreates a failed pod and counts the status', async () => {
    const set = statefulSet({ replicas: 2 });
    const rev = revisionOf(set, 1);
    const ops = new FakeStatefulOps();
    await updateStatefulSet(input(set, ops, rev), ops);
    ops.runAll();
    await updateStatefulSet(input(set, ops, rev), ops);
    ops.runAll();
    ops.pods.set('web-0', ready(ops.pods.get('web-0')!, 'Failed', false));
    ops.log.length = 0;
    const { status } = await updateStatefulSet(input(set, ops, rev), ops);
    assert.deepEqual(ops.log, [
      'event Warning RecreatingFailedPod',
      'delete web-0',
      `create web-0 ${rev.metadata?.name}`,
    ]);
    // The replacement exists only in memory until the API has it: one replica counts.
    assert.equal(status.replicas, 1);
    assert.equal(status.readyReplicas, 1);
  });

  it('scales down from the highest ordinal, one at a time in order', async () => {
    const set = statefulSet({ replicas: 4 });
    const rev = revisionOf(set, 1);
    const ops = new FakeStatefulOps();
    for (let i = 0; i < 4; i++) {
      await updateStatefulSet(input(set, ops, rev), ops);
      ops.runAll();
    }
    ops.log.length = 0;
    const smaller = statefulSet({ replicas: 1 });
    await updateStatefulSet(input(smaller, ops, rev), ops);
    assert.deepEqual(ops.log, ['delete web-3']);
    await updateStatefulSet(input(smaller, ops, rev), ops);
    assert.deepEqual(ops.log, ['delete web-3', 'delete web-2']);
  });

  it('rolls pods from the highest ordinal down to the partition, waiting for each', async () => {
    const v1 = statefulSet({ replicas: 3 });
    const r1 = revisionOf(v1, 1);
    const ops = new FakeStatefulOps();
    for (let i = 0; i < 3; i++) {
      await updateStatefulSet(input(v1, ops, r1), ops);
      ops.runAll();
    }
    const v2 = statefulSet({ replicas: 3, image: 'v2', partition: 1 });
    const r2 = revisionOf(v2, 2);
    ops.log.length = 0;
    await updateStatefulSet(input(v2, ops, r1, r2), ops);
    assert.deepEqual(ops.log, ['delete web-2']);
    // Recreated at the update revision (ordinals ≥ partition), then the next one.
    await updateStatefulSet(input(v2, ops, r1, r2), ops);
    assert.deepEqual(ops.log.slice(1), [`create web-2 ${r2.metadata?.name}`]);
    ops.runAll();
    await updateStatefulSet(input(v2, ops, r1, r2), ops);
    assert.deepEqual(ops.log.slice(2), ['delete web-1']);
    await updateStatefulSet(input(v2, ops, r1, r2), ops);
    ops.runAll();
    ops.log.length = 0;
    await updateStatefulSet(input(v2, ops, r1, r2), ops);
    assert.deepEqual(ops.log, [], 'web-0 stays below the partition');
    assert.equal(podRevision(ops.pods.get('web-0')!), r1.metadata?.name);
  });

  it('OnDelete changes nothing until a pod is deleted; maxUnavailable rolls several at once', async () => {
    const v1 = statefulSet({ replicas: 3, strategy: 'OnDelete' });
    const r1 = revisionOf(v1, 1);
    const ops = new FakeStatefulOps();
    for (let i = 0; i < 3; i++) {
      await updateStatefulSet(input(v1, ops, r1), ops);
      ops.runAll();
    }
    const v2 = statefulSet({ replicas: 3, image: 'v2', strategy: 'OnDelete' });
    const r2 = revisionOf(v2, 2);
    ops.log.length = 0;
    await updateStatefulSet(input(v2, ops, r1, r2), ops);
    assert.deepEqual(ops.log, []);

    const v3 = statefulSet({ replicas: 3, image: 'v3', maxUnavailable: 2 });
    const r3 = revisionOf(v3, 3);
    assert.equal(maxUnavailableOf(v3), 2);
    await updateStatefulSet(input(v3, ops, r1, r3), ops);
    assert.deepEqual(ops.log, ['delete web-2', 'delete web-1']);
  });

  it('new pods below the partition keep the current revision', () => {
    const set = statefulSet({ replicas: 3, image: 'v2', partition: 2 });
    const ops = new FakeStatefulOps();
    const r1 = revisionOf(statefulSet({ replicas: 3 }), 1);
    const r2 = revisionOf(set, 2);
    const i = input(set, ops, r1, r2);
    assert.equal(podRevision(newVersionedPod(i, 1)), r1.metadata?.name);
    assert.equal(newVersionedPod(i, 1).spec?.containers[0]?.image, 'v1');
    assert.equal(podRevision(newVersionedPod(i, 2)), r2.metadata?.name);
  });

  it('completes a rolling update once every replica is updated and ready', () => {
    const set = statefulSet({ replicas: 2 });
    const status = {
      replicas: 2,
      readyReplicas: 2,
      updatedReplicas: 2,
      currentReplicas: 0,
      currentRevision: 'a',
      updateRevision: 'b',
    };
    completeRollingUpdate(set, status);
    assert.deepEqual([status.currentRevision, status.currentReplicas], ['b', 2]);
  });
});
