import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OwnerReference } from 'kubernetes-types/meta/v1.d.ts';
import {
  classifyReferences,
  decideItem,
  type ItemFacts,
  type OwnerState,
  removeFinalizerPatch,
  removeReferencesPatch,
  unblockReferencesPatch,
} from './decide.ts';

const ref = (uid: string, block?: boolean): OwnerReference => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  name: uid,
  uid,
  blockOwnerDeletion: block,
});
const PRESENT: OwnerState = { present: true, deletingDependents: false };
const WAITING: OwnerState = { present: true, deletingDependents: true };
const ABSENT: OwnerState = { present: false };

test('decideItem follows upstream attemptToDeleteItem', () => {
  const base: ItemFacts = {
    ownerReferences: [],
    finalizers: [],
    dependents: 0,
    aDependentIsDeletingDependents: false,
  };
  const cases: {
    name: string;
    owners: [OwnerReference, OwnerState][];
    item?: Partial<ItemFacts>;
    want: unknown;
  }[] = [
    { name: 'no owners', owners: [], want: { action: 'none' } },
    { name: 'a solid owner', owners: [[ref('a'), PRESENT]], want: { action: 'none' } },
    {
      name: 'solid + dangling + waiting: drop the two',
      owners: [
        [ref('a'), PRESENT],
        [ref('b'), ABSENT],
        [ref('c'), WAITING],
      ],
      want: { action: 'removeReferences', uids: ['b', 'c'] },
    },
    {
      name: 'only dangling: background',
      owners: [[ref('b'), ABSENT]],
      want: { action: 'delete', policy: 'Background', unblockFirst: false },
    },
    {
      name: 'only dangling, item has orphan finalizer',
      owners: [[ref('b'), ABSENT]],
      item: { finalizers: ['orphan'] },
      want: { action: 'delete', policy: 'Orphan', unblockFirst: false },
    },
    {
      name: 'only dangling, item has foreground finalizer',
      owners: [[ref('b'), ABSENT]],
      item: { finalizers: ['foregroundDeletion'] },
      want: { action: 'delete', policy: 'Foreground', unblockFirst: false },
    },
    {
      name: 'owner waiting, item has dependents: foreground',
      owners: [[ref('c'), WAITING]],
      item: { dependents: 2 },
      want: { action: 'delete', policy: 'Foreground', unblockFirst: false },
    },
    {
      name: 'owner waiting, a dependent also deleting in foreground: unblock first',
      owners: [[ref('c'), WAITING]],
      item: { dependents: 1, aDependentIsDeletingDependents: true },
      want: { action: 'delete', policy: 'Foreground', unblockFirst: true },
    },
    {
      name: 'owner waiting, no dependents: background',
      owners: [[ref('c'), WAITING]],
      want: { action: 'delete', policy: 'Background', unblockFirst: false },
    },
  ];
  for (const c of cases) {
    const states = new Map(c.owners.map(([r, s]) => [r.uid, s]));
    const refs = c.owners.map(([r]) => r);
    const classification = classifyReferences(refs, (r) => states.get(r.uid)!);
    assert.deepEqual(
      decideItem({ ...base, ownerReferences: refs, ...c.item }, classification),
      c.want,
      c.name,
    );
  }
});

test('patches carry the resourceVersion precondition and drop empty lists', () => {
  const meta = {
    uid: 'u',
    resourceVersion: '7',
    ownerReferences: [ref('a', true), ref('b')],
    finalizers: ['orphan', 'x'],
  };
  assert.deepEqual(removeReferencesPatch(meta, ['a']), {
    metadata: { uid: 'u', resourceVersion: '7', ownerReferences: [ref('b')] },
  });
  assert.deepEqual(removeReferencesPatch(meta, ['a', 'b']).metadata.ownerReferences, null);
  assert.deepEqual(unblockReferencesPatch(meta)?.metadata.ownerReferences, [ref('a', false), ref('b')]);
  assert.equal(unblockReferencesPatch({ ownerReferences: [ref('b')] }), undefined);
  assert.deepEqual(removeFinalizerPatch(meta, 'orphan'), {
    metadata: { uid: 'u', resourceVersion: '7', finalizers: ['x'] },
  });
  assert.deepEqual(removeFinalizerPatch({ finalizers: ['orphan'] }, 'orphan')?.metadata.finalizers, null);
  assert.equal(removeFinalizerPatch(meta, 'foregroundDeletion'), undefined);
});
