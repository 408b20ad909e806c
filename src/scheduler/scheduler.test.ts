import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node, Pod, PodCondition } from 'kubernetes-types/core/v1.d.ts';
import type { SchedulerWriter } from './api-writer.ts';
import { resolveConfiguration } from './config/defaults.ts';
import { numFeasibleNodesToFind, selectHost, truncateMessage } from './find-nodes.ts';
import { ASSIGNED_POD_DELETE, NODE_ADD } from './framework/events.ts';
import { Scheduler } from './scheduler.ts';
import { emptyCluster, node, pod } from './testing/builders.ts';

/** A scheduler over an in-memory "API": pods by key, binds applied at once, calls recorded. */
function harness(nodes: Node[]) {
  const pods = new Map<string, Pod>();
  const calls: string[] = [];
  const conditions: { pod: string; condition: PodCondition; nominated: string | undefined }[] = [];
  const key = (p: Pod) => `${p.metadata?.namespace}/${p.metadata?.name}`;
  // The writer refers to the scheduler it feeds (assigned below).
  let s: Scheduler;
  const writer: SchedulerWriter = {
    bind: async (p, nodeName) => {
      calls.push(`bind ${p.metadata?.name} ${nodeName}`);
      const bound = {
        ...p,
        spec: { ...p.spec!, nodeName },
        metadata: { ...p.metadata, resourceVersion: '2' },
      };
      const old = pods.get(key(p))!;
      pods.set(key(p), bound);
      // What the informer would report.
      queueMicrotask(() => {
        s.queue.delete(old);
        s.cache.addPod(bound);
      });
    },
    preemptPod: async (victim) => {
      calls.push(`preempt ${victim.metadata?.name}`);
      pods.delete(key(victim));
      s.cache.removePod(victim);
      s.queue.moveAllToActiveOrBackoffQueue(ASSIGNED_POD_DELETE, victim, undefined);
    },
    clearNominatedNodeName: async () => {},
    setClaimSelectedNode: async (c) => c,
    event: (p, type, reason, _action, message) =>
      calls.push(`event ${p.metadata?.name} ${type} ${reason}: ${message}`),
    updatePodScheduledCondition: async (p, condition, nominated) => {
      conditions.push({ pod: p.metadata!.name!, condition, nominated });
      const current = pods.get(key(p));
      if (current && nominated !== undefined)
        pods.set(key(p), { ...current, status: { ...current.status, nominatedNodeName: nominated } });
    },
    close: async () => {},
  };
  const config = resolveConfiguration({
    podInitialBackoffSeconds: 0.02,
    podMaxBackoffSeconds: 0.05,
  } as never);
  s = new Scheduler({
    config,
    cluster: emptyCluster,
    writer,
    lookupPod: (k) => pods.get(k),
    random: () => 0,
  });
  for (const n of nodes) s.cache.addNode(n);
  const add = (p: Pod) => {
    pods.set(key(p), p);
    if (p.spec?.nodeName) s.cache.addPod(p);
    else s.queue.add(p);
  };
  const ac = new AbortController();
  const running = s.run(ac.signal);
  const until = async (what: string, cond: () => boolean) => {
    const deadline = Date.now() + 10_000;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error(`timed out: ${what}\n${calls.join('\n')}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  return {
    s,
    pods,
    calls,
    conditions,
    add,
    until,
    async stop() {
      ac.abort();
      await running;
      await s.drainBindings();
    },
  };
}

test('pending pods are bound, with a Scheduled event each', async () => {
  const h = harness([node('n1'), node('n2'), node('n3')]);
  try {
    for (let i = 0; i < 6; i++) h.add(pod(`p${i}`, { cpu: '500m' }));
    await h.until('six binds', () => h.calls.filter((c) => c.startsWith('bind')).length === 6);
    await h.until('events', () => h.calls.filter((c) => c.includes('Scheduled')).length === 6);
    assert.ok(
      h.calls.includes(
        'event p0 Normal Scheduled: Successfully assigned default/p0 to ' +
          h.pods.get('default/p0')!.spec!.nodeName,
      ),
    );
    // LeastAllocated + BalancedAllocation spread them two per node.
    const perNode = new Map<string, number>();
    for (const p of h.pods.values())
      perNode.set(p.spec!.nodeName!, (perNode.get(p.spec!.nodeName!) ?? 0) + 1);
    assert.deepEqual([...perNode.values()], [2, 2, 2]);
  } finally {
    await h.stop();
  }
});

test('an unschedulable pod gets the upstream message, then lands when a fitting node appears', async () => {
  const h = harness([
    node('n1', { cpu: '1', labels: { disk: 'ssd' } }),
    node('n2', { labels: { disk: 'hdd' } }),
    node('n3', { labels: { disk: 'hdd' } }),
  ]);
  try {
    h.add(pod('p', { cpu: '2', nodeSelector: { disk: 'ssd' } }));
    await h.until('a condition', () => h.conditions.length > 0);
    const message =
      "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";
    assert.deepEqual(h.conditions[0], {
      pod: 'p',
      condition: { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message },
      nominated: '',
    });
    assert.ok(h.calls.includes(`event p Warning FailedScheduling: ${message}`));
    assert.equal(h.s.queue.whereIs('default/p'), 'unschedulablePods');
    const big = node('n4', { cpu: '8', labels: { disk: 'ssd' } });
    h.s.cache.addNode(big);
    h.s.queue.moveAllToActiveOrBackoffQueue(NODE_ADD, undefined, big);
    await h.until('bound to n4', () => h.calls.includes('bind p n4'));
  } finally {
    await h.stop();
  }
});

test('a high-priority pod preempts a lower one and takes its node', async () => {
  const h = harness([node('n1', { cpu: '2' })]);
  try {
    h.add(pod('low', { node: 'n1', cpu: '2', priority: 0 }));
    h.add(pod('high', { cpu: '2', priority: 100 }));
    await h.until('preempted', () => h.calls.includes('preempt low'));
    assert.equal(h.conditions[0]?.nominated, 'n1');
    assert.equal(h.conditions[0]?.condition.message, '0/1 nodes are available: 1 Insufficient cpu.');
    await h.until('bound', () => h.calls.includes('bind high n1'));
  } finally {
    await h.stop();
  }
});

test('no nodes: a scheduler error, retried', async () => {
  const h = harness([]);
  try {
    h.add(pod('p'));
    await h.until('condition', () => h.conditions.length > 0);
    assert.deepEqual(h.conditions[0]!.condition, {
      type: 'PodScheduled',
      status: 'False',
      reason: 'SchedulerError',
      message: 'no nodes available to schedule pods',
    });
  } finally {
    await h.stop();
  }
});

test('pods of other schedulers are left alone', () => {
  const h = harness([node('n1')]);
  assert.ok(!h.s.responsibleFor(pod('p', { schedulerName: 'my-scheduler' })));
  assert.ok(h.s.responsibleFor(pod('p')));
  return h.stop();
});

test('percentageOfNodesToScore as upstream', () => {
  assert.equal(numFeasibleNodesToFind(0, 50), 50);
  assert.equal(numFeasibleNodesToFind(0, 1000), 420);
  assert.equal(numFeasibleNodesToFind(0, 5000), 500);
  assert.equal(numFeasibleNodesToFind(0, 6000), 300);
  assert.equal(numFeasibleNodesToFind(0, 150), 100);
  assert.equal(numFeasibleNodesToFind(30, 1000), 300);
});

test('selectHost picks the best score, ties at random', () => {
  assert.equal(selectHost([1, 5, 3]), 1);
  assert.equal(
    selectHost([5, 5, 5], () => 0.99),
    0,
  );
  assert.equal(
    selectHost([5, 5, 5], () => 0),
    2,
  );
  assert.equal(truncateMessage('x'.repeat(2000)).length, 1024);
});
