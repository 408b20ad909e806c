// Scheduler throughput end to end, modelled on upstream's scheduler_perf: for each workload a
// fresh `kts server` (SQLite store), hollow nodes in their own `kts hollow-nodes` process, the
// scheduler in this process over HTTP; init pods first, then the measured pods are created as
// fast as the API takes them while the scheduler binds them. Throughput is pods bound per
// second (each second sampled; average, p50 and p99 of the samples), printed next to upstream's
// floors from its CI (much bigger machines), beside how fast the API server took the pods'
// creations meanwhile and how fast the same Scheduler places the same pods without the API
// (cycle-only: the scheduler's own ceiling), and the resident memory of the scheduler process and
// the peak of the hollow-nodes process. The last line is one JSON object.
// Run: npm run bench:scheduler [-- --only SchedulingBasic] [-- --scale 0.1]
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { ObjectLike } from '../src/client/index.ts';
import { type Client, connect, descriptor, loadKubeconfig, PODS } from '../src/client/index.ts';
import { runScheduler } from '../src/scheduler/run-scheduler.ts';
import { REPO_ROOT, startServer } from '../test/support/kts-server.ts';
import { spawnTied } from '../test/support/tied-spawn.ts';
import { cycleRun } from './scheduler-cycle.ts';
import { type WorkloadPods, workloads } from './scheduler-workloads.ts';

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1]!.split(',') : undefined;
const scale = args.includes('--scale') ? Number(args[args.indexOf('--scale') + 1]) : 1;
// By default the hollow nodes register and then hold still, like the plain Node objects of
// upstream's scheduler_perf (no lease renewals, pods left Pending); with --kubelets they
// heartbeat (a Lease write per node every 10 s) and report every pod Running, as kubelets do.
const kubelets = args.includes('--kubelets');
const verbose = args.includes('--verbose');

/** Concurrent pod creations, each caller on a connection of its own. */
const CREATORS = 32;

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
  runPods: boolean,
): { child: ChildProcess; ready: Promise<void> } {
  const quiet = [...(kubelets ? [] : ['--no-heartbeat']), ...(runPods ? [] : ['--no-run-pods'])];
  const child = spawnTied(
    join(REPO_ROOT, 'bin', 'kts'),
    [
      'hollow-nodes',
      '--count',
      String(count),
      '--zones',
      String(zones),
      '--kubeconfig',
      kubeconfig,
      ...quiet,
    ],
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
  /** How fast the API server took the measured pods' creations meanwhile. */
  createdPerSec: number;
  /** Peak resident memory of the hollow-nodes process, MiB (0 where /proc is unavailable). */
  hollowPeakRssMiB: number;
  /** Resident memory of this process (scheduler + its informers) once the pods are bound, MiB. */
  schedulerRssMiB: number;
  /** The API server's CPU time (all threads) per measured pod, create to bound, µs: steadier than pods/s on a shared machine. */
  serverCpuUsPerPod: number;
}

/** User + system CPU time of a process so far, ms (0 where /proc is unavailable). */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, USER_HZ ticks
  } catch {
    return 0;
  }
}

const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

/** A child's peak resident set (VmHWM), read before it is killed. */
function peakRssMiB(pid: number | undefined): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? mib(Number(kb) * 1024) : 0;
  } catch {
    return 0;
  }
}

async function runWorkload(w: WorkloadPods): Promise<Result> {
  // KTS_BENCH_SERVER_NODE_OPTIONS (e.g. --cpu-prof) profiles the API server of each workload.
  const serverOptions = process.env.KTS_BENCH_SERVER_NODE_OPTIONS;
  const server = await startServer(serverOptions ? { env: { NODE_OPTIONS: serverOptions } } : {});
  let hollow: ChildProcess | undefined;
  // The scheduler and the pod creator each have their own connections, as two processes would:
  // sharing one pool, the creator's requests queued behind the scheduler's binds and events, and
  // the creator rather than the scheduler set the pace (about 20% fewer pods/s).
  const kubeconfig = loadKubeconfig(server.kubeconfig);
  const conn = connect(kubeconfig, { fieldManager: 'scheduler-perf', connections: 64 });
  const creator = connect(kubeconfig, { fieldManager: 'scheduler-perf', connections: CREATORS });
  try {
    const client = conn.client;
    await prepare(creator.client, w);
    const t0 = performance.now();
    const nodes = w.nodes ?? 5000;
    // Preemption needs its victims' graceful deletions finished, which is a kubelet's job.
    const h = startHollowNodes(server.kubeconfig, nodes, w.zones, kubelets || w.name === 'Preemption');
    hollow = h.child;
    await h.ready;
    console.log(`  ${nodes} hollow nodes ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const sched = await runScheduler({ client, leaderElect: false });
    const s = sched.scheduler;
    await waitFor('nodes in the scheduler cache', () => s.cache.nodeCount() >= nodes, 60_000);
    const pods = creator.client.resource<Pod>(PODS);
    await pool(w.initCount, CREATORS, (i) => pods.create(w.init(i)));
    await waitFor('init pods bound', () => s.boundCount >= w.initCount, 300_000);
    const base = s.boundCount;
    const samples: number[] = [];
    let last = base;
    const sampler = setInterval(() => {
      samples.push(s.boundCount - last);
      last = s.boundCount;
      if (verbose)
        console.log(
          `    t=${samples.length}s created ${created} bound ${s.boundCount - base} queue ${JSON.stringify(s.queue.stats())}`,
        );
    }, 1000);
    const start = performance.now();
    const serverCpuStart = cpuMs(server.process.pid);
    const count = w.measuredCount;
    let created = 0;
    const creating = pool(count, CREATORS, async (i) => {
      await pods.create(w.measured(i));
      created++;
    }).then(() => performance.now());
    await waitFor('measured pods bound', () => s.boundCount - base >= count, 600_000);
    const seconds = (performance.now() - start) / 1000;
    const serverCpuUsPerPod = Math.round(((cpuMs(server.process.pid) - serverCpuStart) * 1000) / count);
    clearInterval(sampler);
    const createdAt = await creating;
    const schedulerRssMiB = mib(process.memoryUsage().rss);
    const hollowPeakRssMiB = peakRssMiB(hollow.pid);
    await sched.stop();
    const sorted = [...samples].sort((a, b) => a - b);
    return {
      podsPerSec: Math.round((count / seconds) * 10) / 10,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      seconds: Math.round(seconds * 10) / 10,
      pods: count,
      createdPerSec: Math.round((count / ((createdAt - start) / 1000)) * 10) / 10,
      hollowPeakRssMiB,
      schedulerRssMiB,
      serverCpuUsPerPod,
    };
  } finally {
    hollow?.kill('SIGKILL');
    await conn.close();
    await creator.close();
    await server.stop();
  }
}

/** Without the API, no Priority admission resolves priorityClassName: set spec.priority as it would. */
function withPriority(p: Pod, w: WorkloadPods): Pod {
  const cls = w.priorityClasses?.find((c) => c.name === p.spec?.priorityClassName);
  return cls ? { ...p, spec: { ...p.spec!, priority: cls.value } } : p;
}

const results: Record<
  string,
  {
    podsPerSec: number;
    p50: number;
    p99: number;
    cycleOnlyPodsPerSec: number;
    hollowPeakRssMiB: number;
    serverCpuUsPerPod: number;
    schedulerRssMiB: number;
  }
> = {};
console.log(
  kubelets
    ? 'hollow nodes with kubelet behaviour: leases renewed every 10 s, pods reported Running'
    : 'hollow nodes register, then hold still like scheduler_perf nodes (--kubelets: heartbeats, Running pods)',
);
console.log(
  'workload                      nodes  measured   seconds   pods/s    p50    p99   upstream floor   created/s  cycle-only  sched MiB  hollow MiB  server µs/pod',
);
for (const w of workloads(scale)) {
  if (only && !only.includes(w.name)) continue;
  console.log(`${w.name}:`);
  const r = await runWorkload(w);
  // The same workload through the same Scheduler without the API (bench/scheduler-cycle.ts).
  const cycle = await cycleRun(
    w.name,
    w.nodes ?? 5000,
    Array.from({ length: w.initCount }, (_, i) => withPriority(w.init(i), w)),
    Array.from({ length: w.measuredCount }, (_, i) => withPriority(w.measured(i), w)),
    w.zones,
  );
  results[w.name] = {
    podsPerSec: r.podsPerSec,
    p50: r.p50,
    p99: r.p99,
    cycleOnlyPodsPerSec: Math.round(cycle.podsPerSec),
    hollowPeakRssMiB: r.hollowPeakRssMiB,
    schedulerRssMiB: r.schedulerRssMiB,
    serverCpuUsPerPod: r.serverCpuUsPerPod,
  };
  console.log(
    `${w.name.padEnd(28)} ${String(w.nodes ?? 5000).padStart(6)} ${String(r.pods).padStart(9)} ${String(r.seconds).padStart(9)} ${String(r.podsPerSec).padStart(8)} ${String(r.p50).padStart(6)} ${String(r.p99).padStart(6)}   ${String(w.floor ?? '-').padStart(14)} ${String(r.createdPerSec).padStart(11)} ${String(Math.round(cycle.podsPerSec)).padStart(11)} ${String(r.schedulerRssMiB).padStart(10)} ${String(r.hollowPeakRssMiB).padStart(11)} ${String(r.serverCpuUsPerPod).padStart(14)}`,
  );
}
console.log(JSON.stringify(results));
