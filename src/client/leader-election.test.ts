import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Client } from './client.ts';
import type { CoreEvent } from './event-correlator.ts';
import { EventRecorder } from './event-recorder.ts';
import { LeaderElector, type Lease, microTime } from './leader-election.ts';
import { eventually } from './testing/eventually.ts';
import { FakeApiServer } from './testing/fake-api-server.ts';

// Shortened timings (the API counts lease durations in whole seconds): lease 2 s, renew
// deadline 1.5 s, retry 0.1 s: wide margins so a loaded machine does not lose leases by accident.
const timings = { leaseDurationMs: 2000, renewDeadlineMs: 1500, retryPeriodMs: 100 };

interface Candidate {
  id: string;
  leading: boolean;
  started: number;
  stopped: number;
  abort: AbortController;
  done: Promise<void>;
  elector: LeaderElector;
}

function campaign(
  api: FakeApiServer,
  id: string,
  o: { releaseOnCancel?: boolean; onStart?: () => void; eventRecorder?: EventRecorder } = {},
): Candidate {
  const client = new Client({ fetch: api.fetch, fieldManager: id });
  const abort = new AbortController();
  const c = { id, leading: false, started: 0, stopped: 0, abort } as Candidate;
  c.elector = new LeaderElector({
    client,
    namespace: 'kube-system',
    name: 'kube-scheduler',
    identity: id,
    ...timings,
    ...(o.releaseOnCancel !== undefined ? { releaseOnCancel: o.releaseOnCancel } : {}),
    ...(o.eventRecorder ? { eventRecorder: o.eventRecorder } : {}),
    onStartedLeading: () => {
      c.leading = true;
      c.started++;
      o.onStart?.();
    },
    onStoppedLeading: () => {
      c.leading = false;
      c.stopped++;
    },
  });
  c.done = c.elector.run(abort.signal);
  return c;
}

function lease(api: FakeApiServer): Lease['spec'] {
  return (
    api.peek('/apis/coordination.k8s.io/v1/leases', 'kube-scheduler', 'kube-system') as Lease | undefined
  )?.spec;
}

test('microTime has microsecond precision as meta/v1 MicroTime', () => {
  assert.equal(microTime(Date.UTC(2025, 0, 2, 3, 4, 5, 678)), '2025-01-02T03:04:05.678000Z');
});

test('timings are validated as upstream', () => {
  const client = new Client({ fetch: new FakeApiServer().fetch });
  const base = { client, namespace: 'ns', name: 'l', identity: 'a', onStartedLeading: () => {} };
  assert.throws(
    () => new LeaderElector({ ...base, leaseDurationMs: 10, renewDeadlineMs: 10 }),
    /leaseDuration must be greater/,
  );
  assert.throws(
    () => new LeaderElector({ ...base, renewDeadlineMs: 2000, retryPeriodMs: 2000 }),
    /renewDeadline must be greater/,
  );
});

test('two candidates: one leads; when it dies without releasing, the other takes over after the lease expires', async (t) => {
  const api = new FakeApiServer();
  let both = false;
  const check = () => {
    if (a.leading && b.leading) both = true;
  };
  const a = campaign(api, 'a', { releaseOnCancel: false, onStart: () => check() });
  await eventually(() => a.leading, 'a leads');
  const b = campaign(api, 'b', { onStart: () => check() });
  t.after(async () => {
    a.abort.abort();
    b.abort.abort();
    await Promise.all([a.done, b.done]);
  });
  const spec = lease(api)!;
  assert.equal(spec.holderIdentity, 'a');
  assert.equal(spec.leaseDurationSeconds, 2);
  assert.equal(spec.leaseTransitions, 0);
  assert.match(spec.renewTime!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

  // b keeps seeing a valid lease while a renews.
  const renewedBefore = spec.renewTime;
  await eventually(() => lease(api)!.renewTime !== renewedBefore, 'a renews');
  assert.equal(b.leading, false);
  assert.equal(b.elector.getLeader(), 'a');

  // a "crashes": stops renewing and does not release.
  a.abort.abort();
  await a.done;
  assert.equal(lease(api)!.holderIdentity, 'a', 'not released');
  await eventually(() => b.leading, 'b takes over');
  assert.equal(lease(api)!.holderIdentity, 'b');
  assert.equal(lease(api)!.leaseTransitions, 1);
  assert.equal(both, false, 'never two leaders at once');
});

test('a graceful stop releases the lease so the successor does not wait it out', async (t) => {
  const api = new FakeApiServer();
  const eventRecorder = new EventRecorder({
    client: new Client({ fetch: api.fetch }),
    component: 'kube-scheduler',
  });
  const a = campaign(api, 'a', { eventRecorder });
  await eventually(() => a.leading, 'a leads');
  const b = campaign(api, 'b');
  t.after(async () => {
    b.abort.abort();
    await b.done;
  });
  a.abort.abort();
  await a.done;
  assert.equal(a.stopped, 1);
  const released = lease(api)!;
  assert.equal(released.holderIdentity, '');
  assert.equal(released.leaseDurationSeconds, 1);
  await eventually(() => b.leading, 'b takes over');
  assert.equal(lease(api)!.holderIdentity, 'b');
  await eventRecorder.flush();
  const events = api.requests
    .filter((r) => r.method === 'POST' && r.path === '/api/v1/namespaces/kube-system/events')
    .map((r) => r.body as CoreEvent);
  assert.deepEqual(
    events.map((e) => [e.reason, e.message, e.involvedObject.kind, e.involvedObject.name]),
    [
      ['LeaderElection', 'a became leader', 'Lease', 'kube-scheduler'],
      ['LeaderElection', 'a stopped leading', 'Lease', 'kube-scheduler'],
    ],
  );
});

test('a leader that cannot renew within the deadline stops leading', async (t) => {
  const api = new FakeApiServer();
  const a = campaign(api, 'a', { releaseOnCancel: false });
  t.after(async () => {
    a.abort.abort();
    await a.done;
  });
  await eventually(() => a.leading, 'a leads');
  const unavailable = {
    kind: 'Status' as const,
    apiVersion: 'v1' as const,
    metadata: {},
    status: 'Failure' as const,
    code: 500,
    reason: 'InternalError' as const,
    message: 'etcd is down',
  };
  for (let i = 0; i < 200; i++) api.failNext((r) => r.path.includes('/leases'), unavailable);
  await a.done;
  assert.equal(a.stopped, 1);
  assert.equal(a.leading, false);
});

test('a conflicting write (stale resourceVersion) never makes two leaders', async (t) => {
  const api = new FakeApiServer();
  const candidates = ['a', 'b', 'c', 'd'].map((id) => campaign(api, id));
  t.after(async () => {
    for (const c of candidates) c.abort.abort();
    await Promise.all(candidates.map((c) => c.done));
  });
  await eventually(() => candidates.some((c) => c.leading), 'someone leads');
  // Watch for a while, sampling: never more than one leader.
  for (let i = 0; i < 20; i++) {
    assert.ok(candidates.filter((c) => c.leading).length <= 1);
    await new Promise((r) => setTimeout(r, 25));
  }
  const leader = candidates.find((c) => c.leading);
  if (leader) assert.equal(lease(api)!.holderIdentity, leader.id);
});
