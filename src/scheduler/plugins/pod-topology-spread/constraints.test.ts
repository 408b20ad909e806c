import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.d.ts';
import type { Pod, Service } from 'kubernetes-types/core/v1.d.ts';
import { emptyCluster, pod } from '../../testing/builders.ts';
import { defaultSelector } from './constraints.ts';

const replicaSet = (name: string, matchLabels: Record<string, string>): ReplicaSet => ({
  metadata: { name, namespace: 'default' },
  spec: { selector: { matchLabels } },
});
const ownedBy = (p: Pod, rs: string): Pod => ({
  ...p,
  metadata: {
    ...p.metadata,
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs, uid: 'u', controller: true }],
  },
});

test('defaultSelector: the pods of one ReplicaSet share one selector object until the ReplicaSet is replaced', () => {
  let sets = [replicaSet('web-1', { app: 'web', hash: '1' })];
  const cluster = { ...emptyCluster, replicaSets: () => sets };
  const a = ownedBy(pod('a', { labels: { app: 'web', hash: '1' } }), 'web-1');
  const b = ownedBy(pod('b', { labels: { app: 'web', hash: '1' } }), 'web-1');
  const first = defaultSelector(a, cluster);
  assert.equal(first.toString(), 'app=web,hash=1');
  assert.equal(defaultSelector(b, cluster), first);
  // An update arrives as a new object (informers replace, never mutate): its selector is read anew.
  sets = [replicaSet('web-1', { app: 'web', hash: '2' })];
  const second = defaultSelector(a, cluster);
  assert.equal(second.toString(), 'app=web,hash=2');
  assert.notEqual(second, first);
});

test('defaultSelector: service requirements are added to the owner selector, an invalid owner selector leaves them', () => {
  const service: Service = {
    metadata: { name: 's', namespace: 'default' },
    spec: { selector: { tier: 'front' } },
  };
  const invalid: ReplicaSet = {
    metadata: { name: 'bad', namespace: 'default' },
    spec: { selector: { matchExpressions: [{ key: 'app', operator: 'Near', values: ['x'] }] } },
  };
  const sets = [replicaSet('web-1', { app: 'web' }), invalid];
  const cluster = { ...emptyCluster, services: () => [service], replicaSets: () => sets };
  const labels = { app: 'web', tier: 'front' };
  const owned = ownedBy(pod('a', { labels }), 'web-1');
  assert.equal(defaultSelector(owned, cluster).toString(), 'app=web,tier=front');
  // Twice: the second answer comes from the memo, errors included.
  for (let i = 0; i < 2; i++)
    assert.equal(defaultSelector(ownedBy(pod('b', { labels }), 'bad'), cluster).toString(), 'tier=front');
  // Without services, an owner without a selector selects nothing more than everything.
  const bare: ReplicaSet = {
    metadata: { name: 'bare', namespace: 'default' },
    spec: {} as ReplicaSet['spec'],
  };
  const none = { ...emptyCluster, replicaSets: () => [bare] };
  assert.ok(defaultSelector(ownedBy(pod('c', { labels }), 'bare'), none).empty());
});
