import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Lease } from 'kubernetes-types/coordination/v1.d.ts';
import type { Node } from 'kubernetes-types/core/v1.d.ts';
import { NodeHealthTracker, unknownConditions } from './health.ts';

const T0 = Date.UTC(2024, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const node = (heartbeatMs?: number, extra: Partial<Node['status']> = {}): Node => ({
  metadata: { name: 'n1', creationTimestamp: iso(T0) },
  status: {
    conditions:
      heartbeatMs === undefined
        ? []
        : [
            {
              type: 'Ready',
              status: 'True',
              reason: 'KubeletReady',
              lastHeartbeatTime: iso(heartbeatMs),
              lastTransitionTime: iso(T0),
            },
            {
              type: 'MemoryPressure',
              status: 'False',
              lastHeartbeatTime: iso(heartbeatMs),
              lastTransitionTime: iso(T0),
            },
          ],
    ...extra,
  },
});
const lease = (renewMs: number): Lease => ({
  metadata: { name: 'n1' },
  spec: { renewTime: new Date(renewMs).toISOString().replace('Z', '000Z') },
});

test('a node heard from within the grace period stays as it is', () => {
  const t = new NodeHealthTracker(40_000);
  assert.equal(t.check(node(T0), undefined, T0, iso(T0)).conditionsToWrite, undefined);
  assert.equal(t.check(node(T0), undefined, T0 + 40_000, iso(T0 + 40_000)).conditionsToWrite, undefined);
});

test('silent past the grace period: Ready and the pressure conditions become Unknown, missing ones NeverUpdated', () => {
  const t = new NodeHealthTracker(40_000);
  t.check(node(T0), undefined, T0, iso(T0));
  const now = T0 + 41_000;
  const v = t.check(node(T0), undefined, now, iso(now));
  assert.ok(v.conditionsToWrite);
  const byType = new Map(v.conditionsToWrite.map((c) => [c.type, c]));
  assert.deepEqual(byType.get('Ready'), {
    type: 'Ready',
    status: 'Unknown',
    reason: 'NodeStatusUnknown',
    message: 'Kubelet stopped posting node status.',
    lastHeartbeatTime: iso(T0),
    lastTransitionTime: iso(now),
  });
  assert.equal(byType.get('MemoryPressure')!.status, 'Unknown');
  assert.equal(byType.get('DiskPressure')!.reason, 'NodeStatusNeverUpdated');
  assert.equal(byType.get('DiskPressure')!.message, 'Kubelet never posted node status.');
  assert.equal(byType.get('PIDPressure')!.lastHeartbeatTime, iso(T0));
  assert.equal(v.observedReady.status, 'True');
  assert.equal(v.currentReady?.status, 'Unknown');
});

test('a renewed Lease counts as a heartbeat; a new heartbeat in the condition too', () => {
  const t = new NodeHealthTracker(40_000);
  t.check(node(T0), lease(T0), T0, iso(T0));
  t.check(node(T0), lease(T0 + 30_000), T0 + 30_000, iso(T0 + 30_000));
  assert.equal(
    t.check(node(T0), lease(T0 + 30_000), T0 + 60_000, iso(T0 + 60_000)).conditionsToWrite,
    undefined,
  );
  assert.ok(t.check(node(T0), lease(T0 + 30_000), T0 + 71_000, iso(T0 + 71_000)).conditionsToWrite);
  const u = new NodeHealthTracker(40_000);
  u.check(node(T0), undefined, T0, iso(T0));
  u.check(node(T0 + 35_000), undefined, T0 + 35_000, iso(T0 + 35_000));
  assert.equal(
    u.check(node(T0 + 35_000), undefined, T0 + 70_000, iso(T0 + 70_000)).conditionsToWrite,
    undefined,
  );
});

test('a node that never posted status waits out the startup grace from its creation', () => {
  const t = new NodeHealthTracker(40_000);
  const fresh = node(undefined);
  const early = t.check(fresh, undefined, T0 + 50_000, iso(T0 + 50_000));
  assert.equal(early.conditionsToWrite, undefined);
  assert.equal(early.currentReady, undefined);
  const late = t.check(fresh, undefined, T0 + 61_000, iso(T0 + 61_000));
  assert.equal(late.conditionsToWrite?.find((c) => c.type === 'Ready')?.reason, 'NodeStatusNeverUpdated');
});

test('unknownConditions leaves Unknown ones and other types alone', () => {
  const n = node(T0, {});
  n.status!.conditions!.push({ type: 'NetworkUnavailable', status: 'False' });
  const first = unknownConditions(n, iso(T0 + 1));
  const again = unknownConditions({ ...n, status: { conditions: first.conditions } }, iso(T0 + 2));
  assert.equal(again.changed, false);
  assert.equal(first.conditions.find((c) => c.type === 'NetworkUnavailable')!.status, 'False');
});
