import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { SchedulerWriter } from '../api-writer.ts';
import { resolveConfiguration } from '../config/defaults.ts';
import { inTreeRegistry } from '../plugins/registry.ts';
import { Scheduler } from '../scheduler.ts';
import { emptyCluster, node, pod } from '../testing/builders.ts';
import type { Handle, PermitPlugin, PluginFactory, PreBindPlugin, ReservePlugin } from './interfaces.ts';
import { Code, Status } from './status.ts';

/** Out-of-tree plugins at Reserve, Permit and PreBind, recording what the framework asks of them. */
function customRegistry(
  log: string[],
  handles: Handle[],
  failPreBind: () => boolean,
): Record<string, PluginFactory> {
  const reserver: PluginFactory = (): ReservePlugin => ({
    name: 'Reserver',
    reserve: (_s, p, n) => {
      log.push(`reserve ${p.name} ${n}`);
      return null;
    },
    unreserve: (_s, p, n) => {
      log.push(`unreserve ${p.name} ${n}`);
    },
  });
  const gate: PluginFactory = (_args, handle): PermitPlugin => {
    handles.push(handle);
    return {
      name: 'Gate',
      permit: (_s, p) => {
        log.push(`permit ${p.name}`);
        return { status: new Status(Code.Wait), timeoutMs: 30_000 };
      },
    };
  };
  const preBinder: PluginFactory = (): PreBindPlugin => ({
    name: 'PreBinder',
    preBind: async (_s, p, n) => {
      log.push(`prebind ${p.name} ${n}`);
      return failPreBind() ? new Status(Code.Error, ['volume not ready']) : null;
    },
  });
  return { ...inTreeRegistry, Reserver: reserver, Gate: gate, PreBinder: preBinder };
}

test('Reserve, Permit (wait, then allow) and PreBind run in order; a failed PreBind unreserves and retries', async () => {
  const log: string[] = [];
  const handles: Handle[] = [];
  let failures = 1;
  const pods = new Map<string, Pod>();
  const writer: SchedulerWriter = {
    bind: async (p, n) => {
      log.push(`bind ${p.metadata?.name} ${n}`);
    },
    preemptPod: async () => {},
    clearNominatedNodeName: async () => {},
    setClaimSelectedNode: async (c) => c,
    event: () => {},
    updatePodScheduledCondition: async (p, c) => {
      log.push(`condition ${p.metadata?.name} ${c.reason} ${c.message}`);
    },
    close: async () => {},
  };
  const config = resolveConfiguration({
    podInitialBackoffSeconds: 0.01,
    podMaxBackoffSeconds: 0.02,
    profiles: [
      {
        plugins: {
          reserve: { enabled: [{ name: 'Reserver' }] },
          permit: { enabled: [{ name: 'Gate' }] },
          preBind: { enabled: [{ name: 'PreBinder' }] },
        },
      },
    ],
  } as never);
  const s = new Scheduler({
    config,
    cluster: emptyCluster,
    writer,
    lookupPod: (k) => pods.get(k),
    registry: customRegistry(log, handles, () => failures-- > 0),
  });
  s.cache.addNode(node('n1'));
  const p = pod('p');
  pods.set('default/p', p);
  s.queue.add(p);
  const ac = new AbortController();
  const running = s.run(ac.signal);
  const until = async (cond: () => boolean) => {
    const deadline = Date.now() + 10_000;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error(log.join('\n'));
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  try {
    const allow = async () => {
      await until(() => handles[0]!.getWaitingPod(p.metadata!.uid!) !== undefined);
      handles[0]!.getWaitingPod(p.metadata!.uid!)!.allow('Gate');
    };
    await allow();
    await until(() => log.some((l) => l.startsWith('condition')));
    // The first attempt failed at PreBind: unreserved, reported, retried after its back-off.
    await allow();
    await until(() => log.includes('bind p n1'));
    assert.deepEqual(log, [
      'reserve p n1',
      'permit p',
      'prebind p n1',
      'unreserve p n1',
      'condition p SchedulerError running PreBind plugin "PreBinder": volume not ready',
      'reserve p n1',
      'permit p',
      'prebind p n1',
      'bind p n1',
    ]);
  } finally {
    ac.abort();
    await running;
    await s.drainBindings();
  }
});

test('a Permit rejection sends the pod back as unschedulable', async () => {
  const log: string[] = [];
  const handles: Handle[] = [];
  const pods = new Map<string, Pod>();
  const writer: SchedulerWriter = {
    bind: async () => {},
    preemptPod: async () => {},
    clearNominatedNodeName: async () => {},
    setClaimSelectedNode: async (c) => c,
    event: (_p, type, reason, _a, message) => log.push(`${type} ${reason} ${message}`),
    updatePodScheduledCondition: async () => {},
    close: async () => {},
  };
  const config = resolveConfiguration({
    profiles: [{ plugins: { permit: { enabled: [{ name: 'Gate' }] } } }],
  });
  const s = new Scheduler({
    config,
    cluster: emptyCluster,
    writer,
    lookupPod: (k) => pods.get(k),
    registry: customRegistry([], handles, () => false),
  });
  s.cache.addNode(node('n1'));
  const p = pod('p');
  pods.set('default/p', p);
  s.queue.add(p);
  const ac = new AbortController();
  const running = s.run(ac.signal);
  try {
    const deadline = Date.now() + 10_000;
    while (!handles[0]?.getWaitingPod(p.metadata!.uid!)) {
      if (Date.now() > deadline) throw new Error('never waited');
      await new Promise((r) => setTimeout(r, 5));
    }
    handles[0]!.getWaitingPod(p.metadata!.uid!)!.reject('Gate', 'not now');
    while (!log.length) await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(log, ['Warning FailedScheduling 0/1 nodes are available: 1 not now.']);
    assert.equal(s.queue.whereIs('default/p'), 'unschedulablePods');
  } finally {
    ac.abort();
    await running;
    await s.drainBindings();
  }
});
