import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Namespace, PodAffinityTerm, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1.d.ts';
import {
  emptyCluster,
  filterAll,
  node,
  pod,
  scoreAll,
  snapshot,
  testHandle,
} from '../../testing/builders.ts';
import { newInterPodAffinity } from './index.ts';

const AFFINITY = "UnschedulableAndUnresolvable: node(s) didn't match pod affinity rules";
const ANTI = "Unschedulable: node(s) didn't match pod anti-affinity rules";
const EXISTING = "Unschedulable: node(s) didn't satisfy existing pods anti-affinity rules";

const term = (
  labels: Record<string, string>,
  topologyKey = 'kubernetes.io/hostname',
  extra: Partial<PodAffinityTerm> = {},
): PodAffinityTerm => ({
  labelSelector: { matchLabels: labels },
  topologyKey,
  ...extra,
});
const withAffinity = (terms: PodAffinityTerm[], labels: Record<string, string> = {}) =>
  pod('p', { labels, affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms } } });
const withAnti = (terms: PodAffinityTerm[], labels: Record<string, string> = {}, namespace = 'default') =>
  pod('p', {
    labels,
    namespace,
    affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms } },
  });

const zones = () => [
  node('n1', { labels: { zone: 'a' } }),
  node('n2', { labels: { zone: 'a' } }),
  node('n3', { labels: { zone: 'b' } }),
  node('n4'),
];

function run(p: ReturnType<typeof pod>, existing: ReturnType<typeof pod>[], namespaces: Namespace[] = []) {
  const snap = snapshot(zones(), existing);
  const cluster = {
    ...emptyCluster,
    namespaces: () => namespaces,
    namespaceLabels: (n: string) => namespaces.find((ns) => ns.metadata?.name === n)?.metadata?.labels,
  };
  return filterAll(newInterPodAffinity(undefined, testHandle(snap, cluster)), p, snap);
}

test('InterPodAffinity: required anti-affinity against pods already on the node', () => {
  const existing = [pod('web', { node: 'n1', labels: { app: 'web' } })];
  assert.deepEqual(run(withAnti([term({ app: 'web' })]), existing), { n1: ANTI, n2: '', n3: '', n4: '' });
});

test('InterPodAffinity: anti-affinity over a zone blocks every node of that zone', () => {
  const existing = [pod('web', { node: 'n1', labels: { app: 'web' } })];
  assert.deepEqual(run(withAnti([term({ app: 'web' }, 'zone')]), existing), {
    n1: ANTI,
    n2: ANTI,
    n3: '',
    n4: '',
  });
});

test("InterPodAffinity: an existing pod's anti-affinity against the incoming pod", () => {
  const guard = pod('guard', {
    node: 'n3',
    affinity: {
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'db' }, 'zone')] },
    },
  });
  assert.deepEqual(run(pod('p', { labels: { app: 'db' } }), [guard]), {
    n1: '',
    n2: '',
    n3: EXISTING,
    n4: '',
  });
  // A pod the guard does not select is not affected.
  assert.deepEqual(run(pod('p', { labels: { app: 'web' } }), [guard]), { n1: '', n2: '', n3: '', n4: '' });
});

test('InterPodAffinity: required affinity needs a matching pod in the domain, and the topology label', () => {
  const existing = [pod('cache', { node: 'n2', labels: { app: 'cache' } })];
  assert.deepEqual(run(withAffinity([term({ app: 'cache' }, 'zone')]), existing), {
    n1: '',
    n2: '',
    n3: AFFINITY,
    n4: AFFINITY,
  });
  assert.deepEqual(run(withAffinity([term({ app: 'cache' })]), existing), {
    n1: AFFINITY,
    n2: '',
    n3: AFFINITY,
    n4: AFFINITY,
  });
});

test('InterPodAffinity: the first pod of a group with affinity to itself may go anywhere with the label', () => {
  assert.deepEqual(run(withAffinity([term({ app: 'cache' }, 'zone')], { app: 'cache' }), []), {
    n1: '',
    n2: '',
    n3: '',
    n4: AFFINITY,
  });
  // Without matching its own term it cannot start the group.
  assert.deepEqual(run(withAffinity([term({ app: 'cache' }, 'zone')], { app: 'other' }), []), {
    n1: AFFINITY,
    n2: AFFINITY,
    n3: AFFINITY,
    n4: AFFINITY,
  });
});

test('InterPodAffinity: terms select pods of their own namespace unless told otherwise', () => {
  const existing = [pod('web', { node: 'n1', namespace: 'other', labels: { app: 'web' } })];
  assert.deepEqual(run(withAnti([term({ app: 'web' })]), existing), { n1: '', n2: '', n3: '', n4: '' });
  assert.deepEqual(run(withAnti([term({ app: 'web' }, undefined, { namespaces: ['other'] })]), existing), {
    n1: ANTI,
    n2: '',
    n3: '',
    n4: '',
  });
  const namespaces: Namespace[] = [
    { metadata: { name: 'other', labels: { team: 'x' } } },
    { metadata: { name: 'default', labels: {} } },
  ];
  assert.deepEqual(
    run(
      withAnti([term({ app: 'web' }, undefined, { namespaceSelector: { matchLabels: { team: 'x' } } })]),
      existing,
      namespaces,
    ),
    { n1: ANTI, n2: '', n3: '', n4: '' },
  );
  // An empty namespaceSelector selects every namespace.
  assert.deepEqual(
    run(withAnti([term({ app: 'web' }, undefined, { namespaceSelector: {} })]), existing, namespaces),
    {
      n1: ANTI,
      n2: '',
      n3: '',
      n4: '',
    },
  );
});

test('InterPodAffinity scoring: preferred affinity and anti-affinity', () => {
  const existing = [
    pod('web', { node: 'n1', labels: { app: 'web' } }),
    pod('db', { node: 'n3', labels: { app: 'db' } }),
  ];
  const snap = snapshot(zones(), existing);
  const preferred = (affinity: WeightedPodAffinityTerm[], anti: WeightedPodAffinityTerm[]) =>
    pod('p', {
      affinity: {
        podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: affinity },
        podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: anti },
      },
    });
  const ipa = newInterPodAffinity(undefined, testHandle(snap));
  const p = preferred(
    [{ weight: 10, podAffinityTerm: term({ app: 'web' }, 'zone') }],
    [{ weight: 5, podAffinityTerm: term({ app: 'db' }, 'zone') }],
  );
  // zone a: +10, zone b: -5, n4 (no zone): 0 → min-max scaled: a 100, b 0, n4 33.
  assert.deepEqual(scoreAll(ipa, p, snap), { n1: 100, n2: 100, n3: 0, n4: 33 });
});

test("InterPodAffinity scoring: existing pods' required affinity attracts matching pods (hardPodAffinityWeight)", () => {
  const attracting = pod('front', {
    node: 'n3',
    affinity: {
      podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: 'back' }, 'zone')] },
    },
  });
  const snap = snapshot(zones(), [attracting]);
  const ipa = newInterPodAffinity({ hardPodAffinityWeight: 5 }, testHandle(snap));
  assert.deepEqual(scoreAll(ipa, pod('p', { labels: { app: 'back' } }), snap), {
    n1: 0,
    n2: 0,
    n3: 100,
    n4: 0,
  });
});
