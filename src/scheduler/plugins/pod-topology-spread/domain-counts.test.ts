import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TopologySpreadConstraint } from 'kubernetes-types/core/v1.d.ts';
import { NodeChangeJournal } from '../../framework/node-changes.ts';
import { requiredNodeAffinity } from '../../framework/node-selector.ts';
import { PodInfo } from '../../framework/pod-info.ts';
import { node, pod, snapshot } from '../../testing/builders.ts';
import { filterConstraints } from './constraints.ts';
import { DomainCountsCache, MatchingPodCounts } from './domain-counts.ts';
import { computeScoreState } from './scoring.ts';

const ZONE = 'topology.kubernetes.io/zone';
const soft: TopologySpreadConstraint[] = [
  {
    topologyKey: 'kubernetes.io/hostname',
    whenUnsatisfiable: 'ScheduleAnyway',
    maxSkew: 3,
    labelSelector: { matchLabels: { app: 'web' } },
  },
  {
    topologyKey: ZONE,
    whenUnsatisfiable: 'ScheduleAnyway',
    maxSkew: 5,
    labelSelector: { matchLabels: { app: 'web' } },
  },
];
const zoned = (name: string, zone: string | undefined) =>
  node(name, { labels: { 'kubernetes.io/hostname': name, ...(zone ? { [ZONE]: zone } : {}) } });

test('DomainCounts: cached zone counts follow pods and node labels as a fresh count does', () => {
  const nodes = Array.from({ length: 9 }, (_, i) => zoned(`n${i}`, i === 8 ? undefined : `z${i % 3}`));
  const snap = snapshot(nodes, [
    pod('w0', { node: 'n0', labels: { app: 'web' } }),
    pod('w1', { node: 'n1', labels: { app: 'web' } }),
    pod('other', { node: 'n1', labels: { app: 'db' } }),
  ]);
  const cache = new DomainCountsCache();
  const incoming = new PodInfo(pod('p', { labels: { app: 'web' }, spread: soft }));
  const constraints = filterConstraints(soft, 'default', { app: 'web' }, 'ScheduleAnyway');
  const zoneCounts = (withCache: boolean) => {
    const all = snap.nodeInfoList;
    const s = computeScoreState(
      incoming,
      constraints,
      all,
      all,
      true,
      requiredNodeAffinity(incoming.pod),
      withCache ? cache : undefined,
      snap.journal,
    );
    return Object.fromEntries([...s.counts[1]!].sort());
  };
  const check = (expected: Record<string, number>) => {
    assert.deepEqual(zoneCounts(true), expected);
    assert.deepEqual(zoneCounts(false), expected);
  };
  check({ z0: 1, z1: 1, z2: 0 });
  // A pod lands on n2 (zone z2), one leaves n0, one turns terminating on n1.
  snap.byName.get('n2')!.addPod(new PodInfo(pod('w2', { node: 'n2', labels: { app: 'web' } })));
  snap.byName.get('n0')!.removePod('default/w0');
  check({ z0: 0, z1: 1, z2: 1 });
  const n1 = snap.byName.get('n1')!;
  n1.removePod('default/w1');
  n1.addPod(
    new PodInfo({
      ...pod('w1', { node: 'n1', labels: { app: 'web' } }),
      metadata: {
        name: 'w1',
        namespace: 'default',
        labels: { app: 'web' },
        deletionTimestamp: '2026-01-01T00:00:00Z',
      },
    }),
  );
  check({ z0: 0, z1: 0, z2: 1 });
  // n2 moves to zone z0; the unlabelled n8 gets a zone and a pod.
  snap.byName.get('n2')!.setNode(zoned('n2', 'z0'));
  const n8 = snap.byName.get('n8')!;
  n8.setNode(zoned('n8', 'z1'));
  n8.addPod(new PodInfo(pod('w8', { node: 'n8', labels: { app: 'web' } })));
  check({ z0: 1, z1: 1, z2: 0 });
  // A new node list (a node came or went) rebuilds the counts.
  snap.nodeInfoList = snap.nodeInfoList.filter((n) => n.name !== 'n8');
  check({ z0: 1, z1: 0, z2: 0 });
});

test('DomainCountsCache: keeps a bounded number of entries, most recently used last', () => {
  const cache = new DomainCountsCache(2);
  const [a] = filterConstraints(soft.slice(1), 'a', {}, 'ScheduleAnyway');
  const [b] = filterConstraints(soft.slice(1), 'b', {}, 'ScheduleAnyway');
  const [c] = filterConstraints(soft.slice(1), 'c', {}, 'ScheduleAnyway');
  const first = cache.get(a!, 'a', undefined);
  cache.get(b!, 'b', undefined);
  assert.equal(cache.get(a!, 'a', undefined), first);
  cache.get(c!, 'c', undefined); // evicts b, the least recently used
  assert.equal(cache.get(a!, 'a', undefined), first);
});

test('MatchingPodCounts: follows the journal, rescans when it no longer reaches back, counts copies afresh', () => {
  const nodes = Array.from({ length: 6 }, (_, i) => zoned(`n${i}`, `z${i % 2}`));
  const snap = snapshot(nodes, [pod('w0', { node: 'n0', labels: { app: 'web' } })]);
  // A tiny journal: a few changes between two updates overflow it.
  const journal = new NodeChangeJournal(4);
  snap.journal = journal;
  for (const n of snap.nodeInfoList) n.journal = journal;
  const [hostname] = filterConstraints(soft, 'default', {}, 'ScheduleAnyway');
  const counts = new MatchingPodCounts(hostname!.selector, 'default');
  const table = () => {
    counts.update(snap.nodeInfoList, snap.journal);
    return snap.nodeInfoList.map((n) => counts.of(n));
  };
  assert.deepEqual(table(), [1, 0, 0, 0, 0, 0]);
  const add = (name: string, node: string, labels = { app: 'web' }) =>
    snap.byName.get(node)!.addPod(new PodInfo(pod(name, { node, labels })));
  add('w1', 'n1');
  add('d1', 'n1', { app: 'db' });
  assert.deepEqual(table(), [1, 1, 0, 0, 0, 0]);
  for (let i = 2; i < 6; i++) add(`w${i}`, `n${i}`);
  snap.byName.get('n0')!.removePod('default/w0');
  assert.deepEqual(table(), [0, 1, 1, 1, 1, 1]);
  // A copy with a pod added is not the listed node: counted on the spot.
  const copy = snap.byName.get('n3')!.clone();
  copy.addPod(new PodInfo(pod('extra', { node: 'n3', labels: { app: 'web' } })));
  assert.equal(counts.of(copy), 2);
  assert.equal(counts.of(snap.byName.get('n3')!), 1);
});
