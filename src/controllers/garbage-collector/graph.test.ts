import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OwnerReference } from 'kubernetes-types/meta/v1.d.ts';
import { DependencyGraph, type ObservedObject, referenceDiff } from './graph.ts';

const rs = (uid: string, extra: Partial<ObservedObject> = {}): ObservedObject => ({
  identity: { apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: 'ns', name: `rs-${uid}`, uid },
  ownerReferences: [],
  ...extra,
});
const ref = (uid: string, block = false): OwnerReference => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  name: `rs-${uid}`,
  uid,
  blockOwnerDeletion: block,
});
const pod = (uid: string, owners: OwnerReference[], extra: Partial<ObservedObject> = {}): ObservedObject => ({
  identity: { apiVersion: 'v1', kind: 'Pod', namespace: 'ns', name: `pod-${uid}`, uid },
  ownerReferences: owners,
  ...extra,
});

test('a dependent seen before its owner makes a virtual owner to verify; the owner seen later is real', () => {
  const g = new DependencyGraph();
  assert.deepEqual(g.observe(pod('p1', [ref('o1')])), { attemptToDelete: ['o1'], attemptToOrphan: [] });
  assert.equal(g.node('o1')!.virtual, true);
  assert.equal(g.node('o1')!.identity.namespace, 'ns');
  assert.deepEqual(g.observe(rs('o1')), { attemptToDelete: [], attemptToOrphan: [] });
  assert.equal(g.node('o1')!.virtual, false);
  assert.deepEqual(
    [...g.node('o1')!.dependents].map((d) => d.identity.uid),
    ['p1'],
  );
  // A second dependent of a known owner needs nothing.
  assert.deepEqual(g.observe(pod('p2', [ref('o1')])).attemptToDelete, []);
});

test('an owner deleted: its dependents are checked; a verified-absent virtual owner likewise', () => {
  const g = new DependencyGraph();
  g.observe(rs('o1'));
  g.observe(pod('p1', [ref('o1')]));
  g.observe(pod('p2', [ref('o1')]));
  assert.deepEqual(g.remove('o1').attemptToDelete.sort(), ['p1', 'p2']);
  assert.equal(g.node('o1'), undefined);

  g.observe(pod('p3', [ref('gone')]));
  const work = g.verifiedAbsent(g.node('gone')!.identity);
  assert.deepEqual(work.attemptToDelete, ['p3']);
  assert.equal(g.node('gone'), undefined);
  assert.deepEqual(g.remove('unknown'), { attemptToDelete: [], attemptToOrphan: [] });
});

test('foreground deletion starts: dependents and the owner itself are looked at, once', () => {
  const g = new DependencyGraph();
  g.observe(rs('o1'));
  g.observe(pod('p1', [ref('o1', true)]));
  g.observe(pod('p2', [ref('o1', false)]));
  const deleting = rs('o1', {
    deletionTimestamp: '2024-01-01T00:00:00Z',
    finalizers: ['foregroundDeletion'],
  });
  assert.deepEqual(g.observe(deleting).attemptToDelete.sort(), ['o1', 'p1', 'p2']);
  assert.equal(g.node('o1')!.deletingDependents, true);
  assert.deepEqual(g.observe(deleting).attemptToDelete, []);
  assert.deepEqual(
    g
      .node('o1')!
      .blockingDependents()
      .map((d) => d.identity.uid),
    ['p1'],
  );
  // A blocking dependent going away, or dropping its block, wakes the owner.
  assert.deepEqual(g.remove('p1').attemptToDelete, ['o1']);
  assert.deepEqual(g.observe(pod('p2', [ref('o1', false)])).attemptToDelete, []);
  g.observe(pod('p4', [ref('o1', true)]));
  assert.deepEqual(g.observe(pod('p4', [ref('o1', false)])).attemptToDelete, ['o1']);
  assert.deepEqual(g.observe(pod('p4', [])).attemptToDelete, []);
});

test('orphan deletion starts: the owner goes to the orphan queue (also when first seen so)', () => {
  const g = new DependencyGraph();
  g.observe(rs('o1'));
  const orphaning = rs('o1', { deletionTimestamp: '2024-01-01T00:00:00Z', finalizers: ['orphan'] });
  assert.deepEqual(g.observe(orphaning), { attemptToDelete: [], attemptToOrphan: ['o1'] });
  assert.deepEqual(g.observe(orphaning).attemptToOrphan, []);
  const fresh = new DependencyGraph();
  assert.deepEqual(fresh.observe(orphaning).attemptToOrphan, ['o1']);
});

test('a reference naming an observed owner with other coordinates is re-checked on verification', () => {
  const g = new DependencyGraph();
  g.observe(rs('o1'));
  g.observe(pod('p1', [{ apiVersion: 'v1', kind: 'ReplicationController', name: 'x', uid: 'o1' }]));
  g.observe(pod('p2', [ref('o1')]));
  assert.deepEqual(g.verifiedAbsent(g.node('o1')!.identity).attemptToDelete, ['p1']);
  assert.ok(g.node('o1'));
});

test('referenceDiff: added, removed, and blockOwnerDeletion flips', () => {
  const d = referenceDiff([ref('a'), ref('b', true)], [ref('b', false), ref('c')]);
  assert.deepEqual(
    d.added.map((r) => r.uid),
    ['c'],
  );
  assert.deepEqual(
    d.removed.map((r) => r.uid),
    ['a'],
  );
  assert.deepEqual(
    d.changed.map((c) => c.next.uid),
    ['b'],
  );
});
