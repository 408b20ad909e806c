import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adoptPatch, type ClaimOwner, classifyClaims, releasePatch } from './controller-ref.ts';
import { pod } from './testing.ts';

const owner: ClaimOwner = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'rs', namespace: 'default', uid: 'rs-uid' },
};
const match = (p: { metadata?: { labels?: Record<string, string> } }) => p.metadata?.labels?.app === 'web';
const names = (ps: { metadata?: { name?: string } }[]) => ps.map((p) => p.metadata?.name);

describe('classifyClaims', () => {
  const pods = [
    pod({ name: 'mine', owner: { kind: 'ReplicaSet', name: 'rs', uid: 'rs-uid' } }),
    pod({
      name: 'mine-unmatched',
      labels: { app: 'other' },
      owner: { kind: 'ReplicaSet', name: 'rs', uid: 'rs-uid' },
    }),
    pod({ name: 'orphan' }),
    pod({ name: 'orphan-unmatched', labels: { app: 'other' } }),
    pod({ name: 'orphan-deleting', deleting: true }),
    pod({ name: 'orphan-elsewhere', namespace: 'other' }),
    pod({ name: 'someone-elses', owner: { kind: 'ReplicaSet', name: 'x', uid: 'x-uid' } }),
  ];

  it('keeps, adopts and releases as upstream', () => {
    const d = classifyClaims(owner, pods, match);
    assert.deepEqual(names(d.owned), ['mine']);
    assert.deepEqual(names(d.adopt), ['orphan']);
    assert.deepEqual(names(d.release), ['mine-unmatched']);
  });

  it('neither adopts nor releases while the owner is being deleted', () => {
    const deleting = { ...owner, metadata: { ...owner.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' } };
    const d = classifyClaims(deleting, pods, match);
    assert.deepEqual(names(d.owned), ['mine']);
    assert.deepEqual(d.adopt, []);
    assert.deepEqual(d.release, []);
  });

  it('writes upstream-shaped patches', () => {
    assert.deepEqual(adoptPatch(owner, 'pod-uid'), {
      metadata: {
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: 'rs',
            uid: 'rs-uid',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
        uid: 'pod-uid',
      },
    });
    assert.deepEqual(releasePatch('rs-uid', 'pod-uid', ['f']), {
      metadata: {
        ownerReferences: [{ $patch: 'delete', uid: 'rs-uid' }],
        uid: 'pod-uid',
        '$deleteFromPrimitiveList/finalizers': ['f'],
      },
    });
  });
});
