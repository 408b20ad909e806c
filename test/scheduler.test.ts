// The scheduler and hollow nodes end to end against a real `kts server`: `kts scheduler`
// processes (with leader election) and hollow nodes run in this process. Pending pods land on
// hollow nodes and run; an unschedulable pod gets upstream's event and condition and lands once
// a fitting node registers; a high-priority pod preempts a lower one; when the leading
// scheduler is killed another takes the Lease over and schedules.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Event, Pod } from 'kubernetes-types/core/v1.d.ts';
import {
  type Client,
  type Connection,
  connect,
  descriptor,
  isAlreadyExists,
  isNotFound,
  LEASES,
  type Lease,
  loadKubeconfig,
  type ObjectLike,
  PODS,
} from '../src/client/index.ts';
import { type HollowNodes, runHollowNodes } from '../src/hollow/hollow-nodes.ts';
import { REPO_ROOT, type RunningServer, startServer } from './support/kts-server.ts';

const EVENTS = descriptor('v1', 'events', true, 'Event');

async function eventually<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface SchedulerProcess {
  child: ChildProcess;
  output(): string;
  identity(): string | undefined;
}

function startScheduler(kubeconfig: string): SchedulerProcess {
  const child = spawn(
    join(REPO_ROOT, 'bin', 'kts'),
    ['scheduler', '--kubeconfig', kubeconfig, '--leader-elect'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return {
    child,
    output: () => out,
    identity: () => out.match(/"identity":"([^"]+)","msg":"became leader, scheduling"/)?.[1],
  };
}

function stopProcess(p: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!p || p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => p.kill('SIGKILL'), 10_000);
    p.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    p.kill(signal);
  });
}

const podSpec = (
  name: string,
  o: { cpu?: string; priorityClassName?: string; nodeSelector?: Record<string, string> } = {},
): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: {
    containers: [
      {
        name: 'app',
        image: 'registry.k8s.io/pause:3.10',
        resources: { requests: { cpu: o.cpu ?? '100m', memory: '64Mi' } },
      },
    ],
    ...(o.priorityClassName ? { priorityClassName: o.priorityClassName } : {}),
    ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
  },
});

describe('scheduler and hollow nodes against kts server', { timeout: 300_000 }, () => {
  let server: RunningServer;
  let conn: Connection;
  let client: Client;
  const hollow: HollowNodes[] = [];
  const schedulers: SchedulerProcess[] = [];
  let leader: SchedulerProcess;

  const pods = () => client.resource<Pod>(PODS).namespace('default');
  const running = (name: string) =>
    eventually(`pod ${name} running`, async () => {
      const p = await pods().get(name);
      return p.status?.phase === 'Running' && p.status.podIP ? p : undefined;
    });

  before(async () => {
    server = await startServer();
    conn = connect(loadKubeconfig(server.kubeconfig), { fieldManager: 'scheduler-e2e' });
    client = conn.client;
    // No service-account controller runs in a bare kts server yet; pods need the account.
    await client
      .resource(descriptor('v1', 'serviceaccounts', true, 'ServiceAccount'))
      .namespace('default')
      .create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } })
      .catch((e) => {
        if (!isAlreadyExists(e)) throw e;
      });
    hollow.push(
      await runHollowNodes({ client, count: 3, shape: { prefix: 'hollow-a', cpu: '2', memory: '8Gi' } }),
    );
    leader = startScheduler(server.kubeconfig);
    schedulers.push(leader);
    await eventually('the first scheduler to lead', async () => leader.identity(), 60_000);
  });

  after(async () => {
    for (const s of schedulers) await stopProcess(s.child);
    for (const h of hollow) await h.stop();
    await conn?.close();
    await server?.stop();
  });

  it('registers hollow nodes: Ready, with leases in kube-node-lease', async () => {
    const nodes = await client.resource(descriptor('v1', 'nodes', false, 'Node')).list();
    const names = nodes.items.map((n) => n.metadata?.name).sort();
    assert.deepEqual(names, ['hollow-a-0', 'hollow-a-1', 'hollow-a-2']);
    for (const n of nodes.items as {
      status?: { conditions?: { type: string; status: string }[]; nodeInfo?: { kubeletVersion?: string } };
    }[]) {
      assert.equal(n.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
      assert.equal(n.status?.nodeInfo?.kubeletVersion, 'v1.32.4-kts.1');
    }
    const lease = await client.resource<Lease>(LEASES).namespace('kube-node-lease').get('hollow-a-0');
    assert.equal(lease.spec?.holderIdentity, 'hollow-a-0');
    assert.ok(lease.spec?.renewTime);
  });

  it('schedules pending pods onto hollow nodes, which run them', async () => {
    for (let i = 0; i < 6; i++) await pods().create(podSpec(`web-${i}`));
    const placed = new Map<string, number>();
    for (let i = 0; i < 6; i++) {
      const p = await running(`web-${i}`);
      assert.match(p.spec?.nodeName ?? '', /^hollow-a-\d$/);
      assert.match(p.status?.podIP ?? '', /^10\.128\.\d+\.\d+$/);
      assert.equal(p.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
      placed.set(p.spec!.nodeName!, (placed.get(p.spec!.nodeName!) ?? 0) + 1);
    }
    // The default scoring spreads equal pods evenly.
    assert.deepEqual([...placed.values()].sort(), [2, 2, 2]);
    const events = await client
      .resource<Event & ObjectLike>(EVENTS)
      .namespace('default')
      .list({ fieldSelector: 'involvedObject.name=web-0' });
    assert.ok(
      events.items.some(
        (e) =>
          e.reason === 'Scheduled' &&
          /^Successfully assigned default\/web-0 to hollow-a-\d$/.test(e.message ?? ''),
      ),
      JSON.stringify(events.items.map((e) => e.message)),
    );
  });

  it('reports an unschedulable pod as upstream does, and places it once a fitting node appears', async () => {
    await pods().create(podSpec('huge', { cpu: '16' }));
    const message =
      '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';
    const condition = await eventually('the PodScheduled condition', async () => {
      const p = await pods().get('huge');
      return p.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
    });
    assert.equal(condition.reason, 'Unschedulable');
    assert.equal(condition.message, message);
    const event = await eventually('the FailedScheduling event', async () => {
      const list = await client
        .resource<Event & ObjectLike>(EVENTS)
        .namespace('default')
        .list({ fieldSelector: 'involvedObject.name=huge' });
      return list.items.find((e) => e.reason === 'FailedScheduling');
    });
    assert.equal(event.type, 'Warning');
    assert.equal(event.message, message);
    assert.equal(event.source?.component, 'default-scheduler');

    hollow.push(
      await runHollowNodes({ client, count: 1, shape: { prefix: 'hollow-big', cpu: '32', memory: '64Gi' } }),
    );
    const p = await running('huge');
    assert.equal(p.spec?.nodeName, 'hollow-big-0');
  });

  it('preempts a lower-priority pod for a higher-priority one', async () => {
    const classes = client.resource(
      descriptor('scheduling.k8s.io/v1', 'priorityclasses', false, 'PriorityClass'),
    );
    for (const [name, value] of [
      ['e2e-low', 100],
      ['e2e-high', 1000],
    ] as const)
      await classes.create({
        apiVersion: 'scheduling.k8s.io/v1',
        kind: 'PriorityClass',
        metadata: { name },
        value,
      } as ObjectLike);
    hollow.push(
      await runHollowNodes({
        client,
        count: 1,
        shape: { prefix: 'hollow-pre', cpu: '2', memory: '8Gi', labels: { 'e2e/pool': 'preempt' } },
      }),
    );
    const pool = { 'e2e/pool': 'preempt' };
    await pods().create(
      podSpec('victim', { cpu: '1500m', priorityClassName: 'e2e-low', nodeSelector: pool }),
    );
    await running('victim');
    await pods().create(podSpec('vip', { cpu: '1500m', priorityClassName: 'e2e-high', nodeSelector: pool }));
    const vip = await running('vip');
    assert.equal(vip.spec?.nodeName, 'hollow-pre-0');
    await eventually('the victim gone', async () => {
      try {
        await pods().get('victim');
        return undefined;
      } catch (e) {
        return isNotFound(e) ? true : undefined;
      }
    });
    const events = await client
      .resource<Event & ObjectLike>(EVENTS)
      .namespace('default')
      .list({ fieldSelector: 'involvedObject.name=victim' });
    assert.ok(
      events.items.some(
        (e) =>
          e.reason === 'Preempted' &&
          e.message === `Preempted by pod ${vip.metadata?.uid} on node hollow-pre-0`,
      ),
      JSON.stringify(events.items.map((e) => `${e.reason}: ${e.message}`)),
    );
  });

  it('hands leadership over when the leading scheduler is killed', async () => {
    const leases = client.resource<Lease>(LEASES).namespace('kube-system');
    const first = await leases.get('kube-scheduler');
    assert.equal(first.spec?.holderIdentity, leader.identity());
    const standby = startScheduler(server.kubeconfig);
    schedulers.push(standby);
    // The standby waits; only the leader schedules.
    await eventually('the standby to sync', async () =>
      standby.output().includes('caches synced') ? true : undefined,
    );
    assert.equal(standby.identity(), undefined);
    // Let the standby watch the lease being renewed for a while, as a standby normally has.
    await new Promise((r) => setTimeout(r, 4000));
    const killedAt = Date.now();
    await stopProcess(leader.child, 'SIGKILL');
    const lease = await eventually(
      'the standby to take the lease',
      async () => {
        const l = await leases.get('kube-scheduler');
        return l.spec?.holderIdentity && l.spec.holderIdentity !== first.spec?.holderIdentity ? l : undefined;
      },
      90_000,
    );
    const seconds = (Date.now() - killedAt) / 1000;
    console.log(`# leader election handed over in ${seconds.toFixed(1)} s`);
    // The standby logs its leadership just after writing the lease: wait for the line.
    const standbyIdentity = await eventually('the standby to log its leadership', async () =>
      standby.identity(),
    );
    assert.equal(lease.spec?.holderIdentity, standbyIdentity);
    assert.equal(lease.spec?.leaseTransitions, (first.spec?.leaseTransitions ?? 0) + 1);
    await pods().create(podSpec('after-handover'));
    const p = await running('after-handover');
    assert.match(p.spec?.nodeName ?? '', /^hollow-/);
  });
});
