import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Endpoints } from 'kubernetes-types/core/v1.d.ts';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.d.ts';
import { addressTypeOf, mirrorSlices, shouldMirror } from './mirror.ts';

const ep = (subsets: Endpoints['subsets'], meta: Partial<Endpoints['metadata']> = {}): Endpoints => ({
  metadata: {
    name: 'ext',
    namespace: 'ns',
    uid: 'ep-uid',
    labels: { a: 'b' },
    annotations: { note: 'x', 'endpoints.kubernetes.io/last-change-trigger-time': 't' },
    ...meta,
  },
  subsets,
});

test('shouldMirror and addressTypeOf', () => {
  assert.equal(shouldMirror(ep([])), true);
  assert.equal(
    shouldMirror(ep([], { labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } })),
    false,
  );
  assert.equal(
    shouldMirror(ep([], { annotations: { 'control-plane.alpha.kubernetes.io/leader': '{}' } })),
    false,
  );
  assert.equal(shouldMirror(undefined), false);
  assert.deepEqual(['10.0.0.1', 'fd00::1', '300.1.1.1', 'nope'].map(addressTypeOf), [
    'IPv4',
    'IPv6',
    undefined,
    undefined,
  ]);
});

test('mirrorSlices: one slice per address type and port set, ready from the subset, metadata mirrored', () => {
  const e = ep([
    {
      addresses: [{ ip: '10.0.0.1' }, { ip: 'fd00::1' }],
      notReadyAddresses: [{ ip: '10.0.0.2', nodeName: 'n1' }],
      ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
    },
    { addresses: [{ ip: '10.0.0.3' }, { ip: 'bogus' }], ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] },
  ]);
  const r = mirrorSlices(e, []);
  assert.equal(r.invalidAddresses, 1);
  assert.equal(r.tooMany, 0);
  const summary = r.create.map((s) => [
    s.addressType,
    s.ports?.map((p) => p.port),
    s.endpoints.map((x) => [x.addresses[0], x.conditions?.ready]),
  ]);
  assert.deepEqual(summary, [
    [
      'IPv4',
      [80],
      [
        ['10.0.0.1', true],
        ['10.0.0.2', false],
      ],
    ],
    ['IPv6', [80], [['fd00::1', true]]],
    ['IPv4', [53], [['10.0.0.3', true]]],
  ]);
  const s = r.create[0]!;
  assert.deepEqual(s.metadata?.labels, {
    a: 'b',
    'kubernetes.io/service-name': 'ext',
    'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io',
  });
  assert.deepEqual(s.metadata?.annotations, { note: 'x' });
  assert.deepEqual(s.metadata?.ownerReferences?.[0], {
    apiVersion: 'v1',
    kind: 'Endpoints',
    name: 'ext',
    uid: 'ep-uid',
    controller: true,
    blockOwnerDeletion: true,
  });
  assert.equal(s.endpoints[1]!.nodeName, 'n1');
});

test('mirrorSlices: unchanged mirrors are left alone; changes update in place; gone port sets are deleted', () => {
  const e = ep([{ addresses: [{ ip: '10.0.0.1' }], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }]);
  const stored: EndpointSlice[] = mirrorSlices(e, []).create.map((s, i) => ({
    ...s,
    metadata: { ...s.metadata, name: `ext-${i}`, resourceVersion: '1' },
  }));
  const same = mirrorSlices(e, stored);
  assert.deepEqual([same.create.length, same.update.length, same.delete.length], [0, 0, 0]);
  const moved = mirrorSlices(
    ep([{ addresses: [{ ip: '10.0.0.9' }], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }]),
    stored,
  );
  assert.deepEqual([moved.create.length, moved.update.length, moved.delete.length], [0, 1, 0]);
  assert.equal(moved.update[0]!.metadata?.name, 'ext-0');
  // A new port set: the old slice is recycled under the new ports.
  const reported = mirrorSlices(
    ep([{ addresses: [{ ip: '10.0.0.1' }], ports: [{ name: 'https', port: 443, protocol: 'TCP' }] }]),
    stored,
  );
  assert.deepEqual([reported.create.length, reported.update.length, reported.delete.length], [0, 1, 0]);
  assert.equal(reported.update[0]!.ports![0]!.port, 443);
  const none = mirrorSlices(ep([]), stored);
  assert.deepEqual([none.create.length, none.update.length, none.delete.length], [0, 0, 1]);
});

test('mirrorSlices: at most 1000 addresses per subset', () => {
  const addresses = Array.from({ length: 1005 }, (_, i) => ({
    ip: `10.1.${Math.floor(i / 250)}.${i % 250}`,
  }));
  const r = mirrorSlices(ep([{ addresses, ports: [{ port: 80, protocol: 'TCP' }] }]), []);
  assert.equal(r.tooMany, 5);
  assert.equal(r.create[0]!.endpoints.length, 1000);
});
