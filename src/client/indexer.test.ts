import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Indexer, indexByNodeName, indexByOwnerUid, NODE_NAME_INDEX, OWNER_UID_INDEX } from './indexer.ts';
import type { ObjectLike } from './object.ts';

type Pod = ObjectLike & { spec?: { nodeName?: string }; status?: { phase?: string } };

const pod = (name: string, nodeName: string, phase: string, owners: string[] = []): Pod => ({
  metadata: {
    name,
    namespace: 'ns',
    ownerReferences: owners.map((uid) => ({ apiVersion: 'v1', kind: 'X', name: uid, uid })),
  },
  spec: { nodeName },
  status: { phase },
});

test('byIndex returns the current objects as they are updated, moved between values and deleted', () => {
  const idx = new Indexer<Pod>({
    indexers: { [NODE_NAME_INDEX]: indexByNodeName, [OWNER_UID_INDEX]: indexByOwnerUid },
    freeze: false,
  });
  idx.upsert(pod('a', 'n1', 'Pending', ['o1']));
  idx.upsert(pod('b', 'n1', 'Pending', ['o1', 'o2']));
  const phases = (value: string) =>
    idx.byIndex(NODE_NAME_INDEX, value).map((p) => `${p.metadata?.name}:${p.status?.phase}`);
  // Same index value, new object: byIndex hands out the new one, in the original order.
  idx.upsert(pod('a', 'n1', 'Running', ['o1']));
  assert.deepEqual(phases('n1'), ['a:Running', 'b:Pending']);
  // Another value: gone from the old one.
  idx.upsert(pod('b', 'n2', 'Running', ['o2']));
  assert.deepEqual(phases('n1'), ['a:Running']);
  assert.deepEqual(phases('n2'), ['b:Running']);
  assert.deepEqual(idx.indexKeys(OWNER_UID_INDEX, 'o1'), ['ns/a']);
  assert.deepEqual(
    idx.byIndex(OWNER_UID_INDEX, 'o2').map((p) => p.status?.phase),
    ['Running'],
  );
  assert.deepEqual(
    idx.index(OWNER_UID_INDEX, pod('q', '', '', ['o1', 'o2'])).map((p) => p.metadata?.name),
    ['a', 'b'],
  );
  idx.delete('ns/a');
  assert.deepEqual(phases('n1'), []);
  assert.deepEqual(idx.indexValues(NODE_NAME_INDEX), ['n2']);
  idx.replace([pod('c', 'n3', 'Pending')]);
  assert.deepEqual(phases('n2'), []);
  assert.deepEqual(phases('n3'), ['c:Pending']);
});
