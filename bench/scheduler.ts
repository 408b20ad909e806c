// Scheduler throughput end to end, modelled on upstream's scheduler_perf: for each workload a
// fresh `kts server` (SQLite store), hollow nodes in their own `kts hollow-nodes` process, the
// scheduler in this process over HTTP; init pods first, then the measured pods are created as
// fast as the API takes them while the scheduler binds them. Throughput is pods bound per
// second (each second sampled; average, p50 and p99 of the samples), printed next to upstream's
// floors from its CI (much bigger machines). The last line is one JSON object.
// Run: npm run bench:scheduler [-- --only SchedulingBasic] [-- --scale 0.1]
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { ObjectLike } from '../src/client/index.ts';
import { type Client, connect, descriptor, loadKubeconfig, PODS } from '../src/client/index.ts';
import { runScheduler } from '../src/scheduler/run-scheduler.ts';
import { REPO_ROOT, startServer } from '../test/support/kts-server.ts';
import { type WorkloadPods, workloads } from './scheduler-workloads.ts';

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1]!.split(',') : undefined;
const scale = args.includes('--scale') ? Number(args[args.indexOf('--scale') + 1]) : 1;

async function pool(count: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await fn(next++);
    }),
  );
}

async function waitFor(
  what: string,
  cond: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function startHollowNodes(
  kubeconfig: string,
  count: number,
  zones: number,
): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(
    join(REPO_ROOT, 'bin', 'kts'),
    ['hollow-nodes', '--count', String(count), '--zones', String(zones), '--kubeconfig', kubeconfig],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('hollow nodes ready')) resolve();
    });
    child.stderr!.on('data', (d) => (out += d));
    child.once('exit', (code) => reject(new Error(`hollow nodes exited (${code}): ${out.slice(-2000)}`)));
  });
  return { child, ready };
}

async function prepare(client: Client, w: WorkloadPods): Promise<void> {
  const ns = client.resource(descriptor('v1', 'namespaces', false, 'Namespace'));
  const sas = client.resource(descriptor('v1', 'serviceaccounts', true, 'ServiceAccount'));
  for (const name of ['sched-setup', 'sched-test']) {
    await ns.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    // No service-account controller runs in a bare `kts server` yet; admission needs the account.
    await sas
      .namespace(name)
      .create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } });
  }
  const pcs = client.resource(descriptor('scheduling.k8s.io/v1', 'priorityclasses', false, 'PriorityClass'));
  for (const pc of w.priorityClasses ?? [])
    await pcs.create({
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: pc.name },
      value: pc.value,
    } as ObjectLike);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Result {
  podsPerSec: number;
  p50: number;
  p99: number;
  seconds: number;
  pods: number;
}

async function runWorkload(w: WorkloadPods): Promise<Result> {
  // KTS_BENCH_SERVER_NODE_OPTIONS (e.g. --cpu-prof) profiles the API server of each workload.
  const serverOptions = process.env.KTS_BENCH_SERVER_NODE_OPTIONS;
  const server = await startServer(serverOptions ? { env: { NODE_OPTIONS: serverOptions } } : {});
  let hollow: ChildProcess | undefined;
  const conn = connect(loadKubeconfig(server.kubeconfig), {
    fieldManager: 'scheduler-perf',
    connections: 64,
  });
  try {
    const client = conn.client;
    await prepare(client, w);
    const t0 = performance.now();
    const nodes = w.nodes ?? 5000;
    const h = startHollowNodes(server.kubeconfig, nodes, w.zones);
    hollow = h.child;
    await h.ready;
    console.log(`  ${nodes} hollow nodes ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const sched = await runScheduler({ client, leaderElect: false });
    const s = sched.scheduler;
    await waitFor('nodes in the scheduler cache', () => s.cache.nodeCount() >= nodes, 60_000);
    const pods = client.resource<Pod>(PODS);
    await pool(w.initCount, 32, (i) => pods.create(w.init(i)));
    await waitFor('init pods bound', () => s.boundCount >= w.initCount, 300_000);
    const base = s.boundCount;
    const samples: number[] = [];
    let last = base;
    const sampler = setInterval(() => {
      samples.push(s.boundCount - last);
      last = s.boundCount;
    }, 1000);
    const start = performance.now();
    const count = w.measuredCount;
    const creating = pool(count, 32, (i) => pods.create(w.measured(i)));
    await waitFor('measured pods bound', () => s.boundCount - base >= count, 600_000);
    const seconds = (performance.now() - start) / 1000;
    clearInterval(sampler);
    await creating;
    await sched.stop();
    const sorted = [...samples].sort((a, b) => a - b);
    return {
      podsPerSec: Math.round((count / seconds) * 10) / 10,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      seconds: Math.round(seconds * 10) / 10,
      pods: count,
    };
  } finally {
    hollow?.kill('SIGKILL');
    await conn.close();
    await server.stop();
  }
}

const results: Record<string, { podsPerSec: number; p50: number; p99: number }> = {};
console.log(
  'workload                      nodes  measured   seconds   pods/s    p50    p99   upstream floor',
);
for (const w of workloads(scale)) {
  if (only && !only.includes(w.name)) continue;
  console.log(`${w.name}:`);
  const r = await runWorkload(w);
  results[w.name] = { podsPerSec: r.podsPerSec, p50: r.p50, p99: r.p99 };
  console.log(
    `${w.name.padEnd(28)} ${String(w.nodes ?? 5000).padStart(6)} ${String(r.pods).padStart(9)} ${String(r.seconds).padStart(9)} ${String(r.podsPerSec).padStart(8)} ${String(r.p50).padStart(6)} ${String(r.p99).padStart(6)}   ${w.floor ?? '-'}`,
  );
}
console.log(JSON.stringify(results));
