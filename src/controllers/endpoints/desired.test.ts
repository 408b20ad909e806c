import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EndpointSubset, Pod, Service } from 'kubernetes-types/core/v1.d.ts';
import { selectedPods, TriggerTimeTracker } from '../internal/service-endpoints.ts';
import {
  desiredSubsets,
  endpointsAction,
  MAX_CAPACITY,
  OVER_CAPACITY,
  repackSubsets,
  truncateSubsets,
} from './desired.ts';

function svc(spec: Service['spec'] = {}, labels?: Record<string, string>): Service {
  return {
    metadata: {
      name: 'web',
      namespace: 'ns',
      creationTimestamp: '2024-01-01T00:00:00Z',
      ...(labels ? { labels } : {}),
    },
    spec: {
      clusterIP: '10.43.0.10',
      ipFamilies: ['IPv4'],
      selector: { app: 'web' },
      ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
      ...spec,
    },
  };
}

function pod(
  name: string,
  ip: string,
  o: {
    ready?: boolean;
    phase?: string;
    deleting?: boolean;
    ports?: { name: string; containerPort: number }[];
    hostname?: string;
    subdomain?: string;
    restartPolicy?: string;
  } = {},
): Pod {
  return {
    metadata: {
      name,
      namespace: 'ns',
      uid: `uid-${name}`,
      labels: { app: 'web' },
      ...(o.deleting ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}),
    },
    spec: {
      nodeName: 'node-1',
      containers: [{ name: 'c', ports: (o.ports ?? []).map((p) => ({ ...p, protocol: 'TCP' })) }],
      ...(o.hostname ? { hostname: o.hostname } : {}),
      ...(o.subdomain ? { subdomain: o.subdomain } : {}),
    },
    status: {
      phase: o.phase ?? 'Running',
      podIP: ip,
      podIPs: ip ? [{ ip }] : [],
      conditions: [
        {
          type: 'Ready',
          status: o.ready === false ? 'False' : 'True',
          lastTransitionTime: '2024-01-01T00:01:00Z',
        },
      ],
    },
  };
}

const ips = (s: EndpointSubset) => ({
  ready: (s.addresses ?? []).map((a) => a.ip),
  notReady: (s.notReadyAddresses ?? []).map((a) => a.ip),
});

test('selectedPods: the pods the selector picks; none to keep for ExternalName or selector-less Services', () => {
  const other = pod('other', '10.0.0.3');
  other.metadata!.labels = { app: 'db' };
  const pods = [pod('a', '10.0.0.1'), other, pod('b', '10.0.0.2')];
  assert.deepEqual(
    selectedPods(svc(), pods)?.map((p) => p.metadata?.name),
    ['a', 'b'],
  );
  assert.equal(selectedPods(svc({ type: 'ExternalName', externalName: 'x.example' }), pods), undefined);
  const noSelector = svc();
  delete noSelector.spec!.selector;
  assert.equal(selectedPods(noSelector, pods), undefined);
});

test('desiredSubsets: ready and not-ready addresses, pods without IP or finished left out', () => {
  const { subsets, ready, notReady } = desiredSubsets(svc(), [
    pod('a', '10.42.0.2'),
    pod('b', '10.42.0.10', { ready: false }),
    pod('c', '10.42.0.3'),
    pod('no-ip', ''),
    pod('done', '10.42.0.4', { phase: 'Succeeded' }),
    pod('failed', '10.42.0.5', { phase: 'Failed' }),
    pod('leaving', '10.42.0.6', { deleting: true }),
  ]);
  assert.equal(subsets.length, 1);
  assert.deepEqual(ips(subsets[0]!), { ready: ['10.42.0.2', '10.42.0.3'], notReady: ['10.42.0.10'] });
  assert.deepEqual(subsets[0]!.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
  assert.deepEqual([ready, notReady], [2, 1]);
  const a = subsets[0]!.addresses![0]!;
  assert.deepEqual(a.targetRef, { kind: 'Pod', namespace: 'ns', name: 'a', uid: 'uid-a' });
  assert.equal(a.nodeName, 'node-1');
});

test('desiredSubsets: publishNotReadyAddresses makes every pod ready, terminating ones included', () => {
  const { subsets } = desiredSubsets(svc({ publishNotReadyAddresses: true }), [
    pod('a', '10.42.0.2', { ready: false }),
    pod('b', '10.42.0.3', { deleting: true }),
  ]);
  assert.deepEqual(ips(subsets[0]!), { ready: ['10.42.0.2', '10.42.0.3'], notReady: [] });
});

test('desiredSubsets: named targetPorts resolve per pod; pods with different ports get their own subset', () => {
  const service = svc({ ports: [{ name: 'http', port: 80, targetPort: 'web', protocol: 'TCP' }] });
  const { subsets } = desiredSubsets(service, [
    pod('a', '10.42.0.2', { ports: [{ name: 'web', containerPort: 8080 }] }),
    pod('b', '10.42.0.3', { ports: [{ name: 'web', containerPort: 9090 }] }),
    pod('c', '10.42.0.4', { ports: [{ name: 'other', containerPort: 1 }] }),
  ]);
  assert.deepEqual(
    subsets.map((s) => [ips(s).ready, s.ports?.map((p) => p.port)]),
    [
      [['10.42.0.2'], [8080]],
      [['10.42.0.3'], [9090]],
    ],
  );
});

test('desiredSubsets: hostname only for the subdomain of this Service; headless without ports', () => {
  const headless = svc({ clusterIP: 'None', ports: [] });
  const { subsets } = desiredSubsets(headless, [
    pod('a', '10.42.0.2', { hostname: 'a', subdomain: 'web' }),
    pod('b', '10.42.0.3', { hostname: 'b', subdomain: 'other' }),
  ]);
  assert.equal(subsets.length, 1);
  assert.equal(subsets[0]!.ports, undefined);
  assert.deepEqual(
    subsets[0]!.addresses!.map((a) => a.hostname),
    ['a', undefined],
  );
  // A Service with a ClusterIP and no ports has no endpoints.
  assert.deepEqual(desiredSubsets(svc({ ports: [] }), [pod('a', '10.42.0.2')]).subsets, []);
});

test('repackSubsets: an address ready on one port and not ready on none is ready; multi-port sets merge', () => {
  const addr = (ip: string) => ({ ip, targetRef: { kind: 'Pod', uid: ip } });
  const p = (name: string, port: number) => ({ name, port, protocol: 'TCP' });
  const packed = repackSubsets([
    { addresses: [addr('10.0.0.1')], ports: [p('a', 1)] },
    { addresses: [addr('10.0.0.1')], ports: [p('b', 2)] },
    { notReadyAddresses: [addr('10.0.0.2')], ports: [p('a', 1)] },
    { notReadyAddresses: [addr('10.0.0.2')], ports: [p('b', 2)] },
  ]);
  assert.equal(packed.length, 1);
  assert.deepEqual(ips(packed[0]!), { ready: ['10.0.0.1'], notReady: ['10.0.0.2'] });
  assert.deepEqual(
    packed[0]!.ports!.map((x) => x.name),
    ['a', 'b'],
  );
});

test('truncateSubsets: at most 1000 addresses, ready ones kept first', () => {
  const many = (n: number, base: number) =>
    Array.from({ length: n }, (_, i) => ({ ip: `10.1.${Math.floor((base + i) / 250)}.${(base + i) % 250}` }));
  const subsets: EndpointSubset[] = [{ addresses: many(900, 0), notReadyAddresses: many(300, 900) }];
  assert.equal(truncateSubsets(subsets), true);
  assert.equal(subsets[0]!.addresses!.length, 900);
  assert.equal(subsets[0]!.notReadyAddresses!.length, MAX_CAPACITY - 900);
  const ready: EndpointSubset[] = [
    { addresses: many(700, 0) },
    { addresses: many(700, 700), notReadyAddresses: many(5, 2000) },
  ];
  assert.equal(truncateSubsets(ready), true);
  assert.deepEqual(
    ready.map((s) => [s.addresses!.length, s.notReadyAddresses?.length]),
    [
      [500, undefined],
      [500, undefined],
    ],
  );
  assert.equal(truncateSubsets([{ addresses: many(10, 0) }]), false);
});

test('endpointsAction: create with labels and trigger time, nothing when equal, update on change', () => {
  const service = svc({}, { team: 'a' });
  const { subsets } = desiredSubsets(service, [pod('a', '10.42.0.2')]);
  const created = endpointsAction(service, undefined, subsets, Date.UTC(2024, 0, 1, 0, 1, 0, 250));
  if (created.action !== 'create') return assert.fail(`expected create, got ${created.action}`);
  assert.deepEqual(created.endpoints.metadata?.labels, { team: 'a' });
  assert.equal(
    created.endpoints.metadata?.annotations?.['endpoints.kubernetes.io/last-change-trigger-time'],
    '2024-01-01T00:01:00.25Z',
  );
  const stored = { ...created.endpoints, metadata: { ...created.endpoints.metadata, resourceVersion: '5' } };
  assert.deepEqual(endpointsAction(service, stored, subsets, undefined), { action: 'none' });
  const changed = endpointsAction(
    service,
    stored,
    desiredSubsets(service, [pod('a', '10.42.0.2', { ready: false })]).subsets,
    undefined,
  );
  if (changed.action !== 'update') return assert.fail(`expected update, got ${changed.action}`);
  assert.equal(changed.endpoints.metadata?.resourceVersion, '5');
  assert.equal(
    changed.endpoints.metadata?.annotations?.['endpoints.kubernetes.io/last-change-trigger-time'],
    undefined,
  );
  // A headless Service's Endpoints carry the headless label; over capacity is annotated.
  const headless = endpointsAction(svc({ clusterIP: 'None' }), undefined, [], undefined);
  assert.equal(
    headless.action !== 'none' && headless.endpoints.metadata?.labels?.['service.kubernetes.io/headless'],
    '',
  );
  const lots = Array.from({ length: 1001 }, (_, i) =>
    pod(`p${i}`, `10.42.${Math.floor(i / 250)}.${i % 250}`),
  );
  const big = endpointsAction(service, undefined, desiredSubsets(service, lots).subsets, undefined);
  assert.equal(big.action !== 'none' && big.endpoints.metadata?.annotations?.[OVER_CAPACITY], 'truncated');
});

test('TriggerTimeTracker: creation time first, then the earliest unexported pod transition', () => {
  const t = new TriggerTimeTracker();
  const service = svc();
  const p = pod('a', '10.42.0.2');
  assert.equal(t.compute('ns/web', service, [p]), Date.UTC(2024, 0, 1));
  assert.equal(t.compute('ns/web', service, [p]), undefined);
  const later = structuredClone(p);
  later.status!.conditions![0]!.lastTransitionTime = '2024-01-01T00:05:00Z';
  assert.equal(t.compute('ns/web', service, [later]), Date.UTC(2024, 0, 1, 0, 5));
});
