import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import { ASSIGNED_POD_ADD, NODE_ADD } from '../framework/events.ts';
import { newNodeResourcesFit } from '../plugins/node-resources-fit/index.ts';
import { less } from '../plugins/priority-sort/index.ts';
import { newSchedulingGates } from '../plugins/scheduling-gates/index.ts';
import { node, pod } from '../testing/builders.ts';
import { SchedulingQueue } from './scheduling-queue.ts';

function queue(now: { t: number }) {
  const gates = newSchedulingGates();
  const fit = newNodeResourcesFit();
  return new SchedulingQueue({
    less,
    now: () => now.t,
    profileOf: () => ({
      preEnqueue: (pi) => gates.preEnqueue(pi.pod)?.withPlugin(gates.name) ?? null,
      hints: [
        { plugin: 'NodeResourcesFit', events: fit.eventsToRegister() },
        { plugin: 'SchedulingGates', events: gates.eventsToRegister() },
      ],
    }),
  });
}

const names = (q: SchedulingQueue) => {
  const out: string[] = [];
  for (let p = q.pop(); p; p = q.pop()) {
    out.push(p.podInfo.name);
    q.done(p.podInfo.uid);
  }
  return out;
};

test('queue: higher priority first, then first come first served', () => {
  const now = { t: 1000 };
  const q = queue(now);
  q.add(pod('a', { priority: 0 }));
  now.t++;
  q.add(pod('b', { priority: 10 }));
  now.t++;
  q.add(pod('c', { priority: 0 }));
  now.t++;
  q.add(pod('d', { priority: 10 }));
  assert.deepEqual(names(q), ['b', 'd', 'a', 'c']);
});

test('queue: an unschedulable pod waits for an event its rejecting plugin says may help', () => {
  const now = { t: 0 };
  const q = queue(now);
  q.add(pod('big', { cpu: '8' }));
  const p = q.pop()!;
  p.unschedulablePlugins = new Set(['NodeResourcesFit']);
  assert.equal(q.addUnschedulableIfNotPresent(p), 'unschedulablePods');
  // A node too small for it: the hint says QueueSkip.
  q.moveAllToActiveOrBackoffQueue(NODE_ADD, undefined, node('small', { cpu: '4' }));
  assert.equal(q.whereIs('default/big'), 'unschedulablePods');
  // A big enough node arrives while the pod is still backing off (1 s after its first attempt).
  q.moveAllToActiveOrBackoffQueue(NODE_ADD, undefined, node('large', { cpu: '16' }));
  assert.equal(q.whereIs('default/big'), 'backoffQ');
  now.t += 1001;
  q.flushBackoffCompleted();
  assert.equal(q.whereIs('default/big'), 'activeQ');
});

test('queue: events that happened while the pod was being scheduled are not lost', () => {
  const now = { t: 0 };
  const q = queue(now);
  q.add(pod('big', { cpu: '8' }));
  const p = q.pop()!;
  // Meanwhile a fitting node came.
  q.moveAllToActiveOrBackoffQueue(NODE_ADD, undefined, node('large', { cpu: '16' }));
  p.unschedulablePlugins = new Set(['NodeResourcesFit']);
  assert.equal(q.addUnschedulableIfNotPresent(p), 'backoffQ');
});

test('queue: unrelated events leave the pod parked; failures without a rejecting plugin back off', () => {
  const now = { t: 0 };
  const q = queue(now);
  q.add(pod('big', { cpu: '8' }));
  const p = q.pop()!;
  p.unschedulablePlugins = new Set(['NodeResourcesFit']);
  q.addUnschedulableIfNotPresent(p);
  q.moveAllToActiveOrBackoffQueue(ASSIGNED_POD_ADD, undefined, pod('other', { node: 'n1' }));
  assert.equal(q.whereIs('default/big'), 'unschedulablePods');

  q.add(pod('flaky'));
  const f = q.pop()!;
  assert.equal(q.addUnschedulableIfNotPresent(f), 'backoffQ');
});

test('queue: back-off doubles per attempt up to the maximum', () => {
  const now = { t: 0 };
  const q = queue(now);
  q.add(pod('p'));
  let p = q.pop()!;
  for (const [attempt, expected] of [
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [4, 8000],
    [5, 10_000],
    [6, 10_000],
  ] as const) {
    assert.equal(p.attempts, attempt);
    q.addUnschedulableIfNotPresent(p);
    now.t += expected - 1;
    q.flushBackoffCompleted();
    assert.equal(q.whereIs('default/p'), 'backoffQ', `attempt ${attempt}`);
    now.t += 1;
    q.flushBackoffCompleted();
    assert.equal(q.whereIs('default/p'), 'activeQ', `attempt ${attempt}`);
    p = q.pop()!;
  }
});

test('queue: scheduling gates hold a pod until they are removed', () => {
  const now = { t: 0 };
  const q = queue(now);
  const gated: Pod = {
    ...pod('g'),
    spec: { ...pod('g').spec!, schedulingGates: [{ name: 'example.com/wait' }] },
  };
  q.add(gated);
  assert.equal(q.whereIs('default/g'), 'unschedulablePods');
  assert.equal(q.pop(), undefined);
  const ungated: Pod = {
    ...gated,
    metadata: { ...gated.metadata, resourceVersion: '2' },
    spec: { ...gated.spec!, schedulingGates: [] },
  };
  q.update(gated, ungated);
  assert.equal(q.whereIs('default/g'), 'activeQ');
});

test('queue: pods parked longer than 5 minutes are retried', () => {
  const now = { t: 0 };
  const q = queue(now);
  q.add(pod('big', { cpu: '8' }));
  const p = q.pop()!;
  p.unschedulablePlugins = new Set(['NodeResourcesFit']);
  q.addUnschedulableIfNotPresent(p);
  now.t += 5 * 60_000 + 1;
  q.flushUnschedulableLeftover();
  assert.equal(q.whereIs('default/big'), 'activeQ');
});

test('queue: deleting a pending pod removes it everywhere', () => {
  const now = { t: 0 };
  const q = queue(now);
  const p = pod('p', { nominatedNodeName: 'n1' });
  q.add(p);
  assert.equal(q.nominator.podsForNode('n1').length, 1);
  q.delete(p);
  assert.equal(q.whereIs('default/p'), undefined);
  assert.equal(q.nominator.podsForNode('n1').length, 0);
});
