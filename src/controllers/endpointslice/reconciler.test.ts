import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node, Pod, Service } from 'kubernetes-types/core/v1.d.ts';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.d.ts';
import {
  addressTypesForService,
  endpointPorts,
  podToEndpoint,
  reconcileSlices,
  sliceLabels,
} from './reconciler.ts';

const svc = (spec: Service['spec'] = {}, meta: Partial<Service['metadata']> = {}): Service => ({
  metadata: { name: 'web', namespace: 'ns', uid: 'svc-uid', labels: { team: 'a' }, ...meta },
  spec: {
    clusterIP: '10.43.0.10',
    ipFamilies: ['IPv4'],
    selector: { app: 'web' },
    ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
    ...spec,
  },
});

function pod(i: number, o: { ready?: boolean; deleting?: boolean; node?: string; named?: number } = {}): Pod {
  const ip = `10.42.${Math.floor(i / 250)}.${(i % 250) + 1}`;
  return {
    metadata: {
      name: `p${i}`,
      namespace: 'ns',
      uid: `u${i}`,
      labels: { app: 'web' },
      ...(o.deleting ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}),
    },
    spec: {
      nodeName: o.node ?? 'n1',
      containers: [
        { name: 'c', ports: o.named ? [{ name: 'web', containerPort: o.named, protocol: 'TCP' }] : [] },
      ],
    },
    status: {
      phase: 'Running',
      podIP: ip,
      podIPs: [{ ip }],
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }],
    },
  };
}

const nodes: Record<string, Node> = {
  n1: { metadata: { name: 'n1', labels: { 'topology.kubernetes.io/zone': 'z1' } } },
};
const node = (n: string) => nodes[n];

/** Applies changes as the API server would (names for generated ones). */
function apply(
  existing: EndpointSlice[],
  r: ReturnType<typeof reconcileSlices>,
  counter = { n: 0 },
): EndpointSlice[] {
  const byName = new Map(existing.map((s) => [s.metadata!.name!, s]));
  for (const s of r.delete) byName.delete(s.metadata!.name!);
  for (const s of r.update) byName.set(s.metadata!.name!, s);
  for (const s of r.create) {
    const name = `${s.metadata!.generateName}${counter.n++}`;
    byName.set(name, { ...s, metadata: { ...s.metadata, name } });
  }
  return [...byName.values()];
}

test('podToEndpoint: conditions as upstream (ready never while terminating unless published)', () => {
  const cases: [string, Pod, Service, { ready: boolean; serving: boolean; terminating: boolean }][] = [
    ['ready', pod(1), svc(), { ready: true, serving: true, terminating: false }],
    ['not ready', pod(1, { ready: false }), svc(), { ready: false, serving: false, terminating: false }],
    [
      'terminating but serving',
      pod(1, { deleting: true }),
      svc(),
      { ready: false, serving: true, terminating: true },
    ],
    [
      'published not ready',
      pod(1, { ready: false }),
      svc({ publishNotReadyAddresses: true }),
      { ready: true, serving: false, terminating: false },
    ],
  ];
  for (const [name, p, s, want] of cases)
    assert.deepEqual(podToEndpoint(p, nodes.n1, s, 'IPv4').conditions, want, name);
  const ep = podToEndpoint(pod(1), nodes.n1, svc(), 'IPv4');
  assert.deepEqual(ep.addresses, ['10.42.0.2']);
  assert.equal(ep.nodeName, 'n1');
  assert.equal(ep.zone, 'z1');
  assert.deepEqual(ep.targetRef, { kind: 'Pod', namespace: 'ns', name: 'p1', uid: 'u1' });
  assert.deepEqual(podToEndpoint(pod(1), nodes.n1, svc(), 'IPv6').addresses, []);
});

test('endpointPorts and address types', () => {
  assert.deepEqual(
    endpointPorts(
      svc({ ports: [{ name: 'http', port: 80, targetPort: 'web', protocol: 'TCP' }] }),
      pod(1, { named: 9090 }),
    ),
    [{ name: 'http', port: 9090, protocol: 'TCP' }],
  );
  assert.deepEqual(endpointPorts(svc({ clusterIP: 'None', ports: [] }), pod(1)), []);
  assert.deepEqual(addressTypesForService(svc()), ['IPv4']);
  assert.deepEqual(addressTypesForService(svc({ ipFamilies: [], clusterIP: 'fd00::1' })), ['IPv6']);
  assert.deepEqual(addressTypesForService(svc({ ipFamilies: [], clusterIP: 'None' })), ['IPv4', 'IPv6']);
});

test('reconcileSlices: 250 pods make 3 slices of at most 100, labelled and owned; a second pass is a no-op', () => {
  const pods = Array.from({ length: 250 }, (_, i) => pod(i));
  const first = reconcileSlices({ service: svc(), pods, node, existing: [] });
  assert.deepEqual(first.create.map((s) => s.endpoints.length).sort(), [100, 100, 50]);
  const s = first.create[0]!;
  assert.equal(s.metadata?.generateName, 'web-');
  assert.deepEqual(s.metadata?.labels, {
    team: 'a',
    'kubernetes.io/service-name': 'web',
    'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
  });
  assert.deepEqual(s.metadata?.ownerReferences, [
    {
      apiVersion: 'v1',
      kind: 'Service',
      name: 'web',
      uid: 'svc-uid',
      controller: true,
      blockOwnerDeletion: true,
    },
  ]);
  assert.deepEqual(s.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
  assert.equal(s.addressType, 'IPv4');
  const stored = apply([], first);
  const again = reconcileSlices({ service: svc(), pods, node, existing: stored });
  assert.deepEqual([again.create.length, again.update.length, again.delete.length], [0, 0, 0]);
});

test('reconcileSlices: readiness change updates one slice in place; removed pods shrink, empty slices go', () => {
  const pods = Array.from({ length: 150 }, (_, i) => pod(i));
  const stored = apply([], reconcileSlices({ service: svc(), pods, node, existing: [] }));
  const flipped = pods.map((p, i) => (i === 3 ? pod(3, { ready: false }) : p));
  const r = reconcileSlices({ service: svc(), pods: flipped, node, existing: stored });
  assert.deepEqual([r.create.length, r.update.length, r.delete.length], [0, 1, 0]);
  const ep = r.update[0]!.endpoints.find((e) => e.targetRef?.name === 'p3')!;
  assert.deepEqual(ep.conditions, { ready: false, serving: false, terminating: false });
  // Keep only pods of the smaller slice: the bigger one has nothing left and is deleted.
  const small = stored.find((s) => s.endpoints.length === 50)!;
  const survivors = pods.filter((p) => small.endpoints.some((e) => e.targetRef?.name === p.metadata?.name));
  const shrink = reconcileSlices({ service: svc(), pods: survivors, node, existing: stored });
  assert.deepEqual([shrink.create.length, shrink.update.length, shrink.delete.length], [0, 0, 1]);
});

test('reconcileSlices: new pods fill a slice being updated before new slices are made', () => {
  const stored = apply(
    [],
    reconcileSlices({
      service: svc(),
      pods: Array.from({ length: 90 }, (_, i) => pod(i)),
      node,
      existing: [],
    }),
  );
  const more = [
    ...Array.from({ length: 89 }, (_, i) => pod(i)),
    ...Array.from({ length: 30 }, (_, i) => pod(200 + i)),
  ];
  const r = reconcileSlices({ service: svc(), pods: more, node, existing: stored });
  assert.equal(r.update.length, 1);
  assert.equal(r.update[0]!.endpoints.length, 100);
  assert.deepEqual(
    r.create.map((s) => s.endpoints.length),
    [19],
  );
});

test('reconcileSlices: no endpoints keep one placeholder; pods on unknown nodes are reported', () => {
  const empty = reconcileSlices({ service: svc(), pods: [], node, existing: [] });
  assert.equal(empty.create.length, 1);
  assert.deepEqual(empty.create[0]!.endpoints, []);
  assert.deepEqual(empty.create[0]!.ports, []);
  const stored = apply([], empty);
  const again = reconcileSlices({ service: svc(), pods: [], node, existing: stored });
  assert.deepEqual([again.create.length, again.update.length, again.delete.length], [0, 0, 0]);
  // The placeholder is recycled into the first real slice.
  const filled = reconcileSlices({ service: svc(), pods: [pod(1)], node, existing: stored });
  assert.deepEqual([filled.create.length, filled.update.length, filled.delete.length], [0, 1, 0]);
  assert.equal(filled.update[0]!.metadata?.name, stored[0]!.metadata?.name);
  const lost = reconcileSlices({ service: svc(), pods: [pod(1, { node: 'gone' })], node, existing: [] });
  assert.deepEqual(lost.missingNodes, ['p1']);
  assert.equal(lost.create[0]!.endpoints.length, 0);
});

test('reconcileSlices: Service label changes reach the slices; headless label; trigger time annotation', () => {
  const stored = apply([], reconcileSlices({ service: svc(), pods: [pod(1)], node, existing: [] }));
  const relabeled = svc({}, { labels: { team: 'b' } });
  const r = reconcileSlices({
    service: relabeled,
    pods: [pod(1)],
    node,
    existing: stored,
    triggerTimeMs: Date.UTC(2024, 0, 1),
  });
  assert.equal(r.update.length, 1);
  assert.equal(r.update[0]!.metadata?.labels?.team, 'b');
  assert.equal(
    r.update[0]!.metadata?.annotations?.['endpoints.kubernetes.io/last-change-trigger-time'],
    '2024-01-01T00:00:00Z',
  );
  assert.equal(
    sliceLabels(undefined, svc({ clusterIP: 'None' })).labels['service.kubernetes.io/headless'],
    '',
  );
});
