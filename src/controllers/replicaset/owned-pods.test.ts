import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type EventHandler, Indexer, objectKey } from '../../client/index.ts';
import { selectorFromSet } from '../../machinery/labels.ts';
import { CONTROLLER_UID_INDEXERS } from '../workload-common/indexes.ts';
import { isPodActive } from '../workload-common/pod-state.ts';
import { pod, T0 } from '../workload-common/testing.ts';
import type { Pod } from '../workload-common/types.ts';
import { OwnedPods, type OwnerView } from './owned-pods.ts';
import { countReplicas } from './replicas.ts';

const OWNER = { kind: 'ReplicaSet', name: 'rs', uid: 'rs-uid' };

/** A pod cache that tells its handlers after each change, as the informer does. */
function podCache() {
  const indexer = new Indexer<Pod>({ indexers: CONTROLLER_UID_INDEXERS, freeze: false });
  const handlers: EventHandler<Pod>[] = [];
  return {
    source: { indexer, addEventHandler: (h: EventHandler<Pod>) => handlers.push(h) },
    put(p: Pod) {
      const old = indexer.upsert(p);
      for (const h of handlers) old ? h.onUpdate?.(old, p) : h.onAdd?.(p, false);
    },
    remove(name: string) {
      const old = indexer.delete(`default/${name}`);
      if (old) for (const h of handlers) h.onDelete?.(old, false);
    },
  };
}

function view(minReadySeconds: number, selector = { app: 'web' }): OwnerView {
  return {
    uid: OWNER.uid,
    signature: JSON.stringify([selector, { app: 'web', tier: 'a' }, minReadySeconds]),
    selector: selectorFromSet(selector),
    templateLabels: selectorFromSet({ app: 'web', tier: 'a' }),
    minReadySeconds,
  };
}

/** What claiming and counting the cache from scratch gives. */
function recount(indexer: Indexer<Pod>, v: OwnerView, now: number) {
  const controlled = indexer.byIndex('controllerUid', OWNER.uid).filter(isPodActive);
  const matching = controlled.filter((p) => v.selector.matches(p.metadata?.labels));
  const template = { metadata: { labels: { app: 'web', tier: 'a' } } };
  return {
    counts: countReplicas(matching, template, v.minReadySeconds, now),
    unmatched: controlled.filter((p) => !matching.includes(p)).map((p) => objectKey(p)),
  };
}

describe('OwnedPods', () => {
  it('keeps the counts a full recount gives through adds, updates, deletions and time', () => {
    const cache = podCache();
    cache.put(pod({ name: 'before', owner: OWNER, ready: true, readySince: 5 }));
    const pods = new OwnedPods(cache.source);
    const v = view(10);
    const summary = pods.summary(v);
    const check = (now: number) => {
      const want = recount(cache.source.indexer, v, now);
      assert.deepEqual(summary.counts(now), want.counts);
      assert.deepEqual([...summary.unmatched.keys()].sort(), want.unmatched.sort());
    };
    check(T0 + 1000);
    for (let i = 0; i < 20; i++) {
      const labels: Record<string, string> = i % 3 === 0 ? { app: 'web' } : { app: 'web', tier: 'a' };
      cache.put(pod({ name: `p${i}`, owner: OWNER, labels, phase: 'Pending' }));
    }
    cache.put(pod({ name: 'orphan' }));
    cache.put(pod({ name: 'other', owner: { ...OWNER, uid: 'other-uid' } }));
    check(T0 + 1000);
    for (let i = 0; i < 20; i += 2)
      cache.put(pod({ name: `p${i}`, owner: OWNER, ready: true, readySince: i }));
    check(T0 + 9_000);
    check(T0 + 15_000);
    check(T0 + 60_000);
    // Relabeled out of the selector, terminated, being deleted, gone, released.
    cache.put(pod({ name: 'p2', owner: OWNER, labels: { app: 'db' }, ready: true }));
    cache.put(pod({ name: 'p4', owner: OWNER, phase: 'Failed' }));
    cache.put(pod({ name: 'p6', owner: OWNER, ready: true, deleting: true }));
    cache.remove('p8');
    cache.put(pod({ name: 'p10' }));
    check(T0 + 60_000);
    // Back to ready later: not yet available.
    cache.put(pod({ name: 'p1', owner: OWNER, ready: true, readySince: 100 }));
    check(T0 + 105_000);
    check(T0 + 111_000);
  });

  it('rebuilds when the owner view changes and forgets owners that are gone', () => {
    const cache = podCache();
    const pods = new OwnedPods(cache.source);
    cache.put(pod({ name: 'a', owner: OWNER, labels: { app: 'web', tier: 'a' }, ready: true }));
    cache.put(pod({ name: 'b', owner: OWNER, labels: { app: 'db' } }));
    const first = pods.summary(view(0));
    assert.equal(first.matching.size, 1);
    assert.equal(pods.summary(view(0)), first);
    const narrower = pods.summary(view(0, { app: 'db' }));
    assert.notEqual(narrower, first);
    assert.deepEqual([...narrower.matching.keys()], ['default/b']);
    assert.deepEqual([...narrower.unmatched.keys()], ['default/a']);
    pods.forget(OWNER.uid);
    cache.put(pod({ name: 'c', owner: OWNER }));
    assert.equal(pods.summary(view(0, { app: 'db' })).matching.size, 1);
  });
});
