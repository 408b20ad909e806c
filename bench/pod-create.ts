// bench/pod-create.ts — how fast the API server takes pod creations over HTTP, the bottleneck
// of bench:scheduler's measured phase: a fresh `kts server` (SQLite store, nothing else running),
// the same pause pods as SchedulingBasic posted by --clients concurrent callers through our
// client, optionally with --watchers pod watches open (the scheduler and hollow nodes watch pods).
// Prints creates/s, latency and the server's CPU time per create (steadier than throughput on a
// shared machine).
// KTS_BENCH_SERVER_NODE_OPTIONS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the server.
// --bind then binds every measured pod through pods/binding (as the scheduler does) and prints
// the server's CPU per bind too, and --run (with --bind) marks each pod Running through a merge
// patch of pods/status, as hollow nodes do; the bench's own CPU per request shows our client's cost.
// Lease renewals and other PUTs are measured by bench/update-paths.ts.
// Run: ./node_modules/.bin/node bench/pod-create.ts [--count 5000] [--clients 64] [--watchers 2] [--bind] [--run]
import { readdirSync, readFileSync } from 'node:fs';
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import { connect, descriptor, loadKubeconfig, NAMESPACES, PODS } from '../src/client/index.ts';
import { runningPodStatus } from '../src/hollow/node-template.ts';
import { startServer } from '../test/support/kts-server.ts';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) =>
  args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback;
const count = flag('--count', 5000);
const clients = flag('--clients', 64);
const watchers = flag('--watchers', 0);
const bind = args.includes('--bind') || args.includes('--run');
const run = args.includes('--run');
const warmup = Math.min(500, Math.floor(count / 10));

const requests = { cpu: '100m', memory: '500Mi' };
const pod = (name: string, namespace: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, labels: {} },
  spec: {
    containers: [
      {
        name: 'pause',
        image: 'registry.k8s.io/pause:3.10',
        ports: [{ containerPort: 80 }],
        resources: { requests, limits: requests },
      },
    ],
  },
});

/** User + system CPU time of a process so far, in milliseconds (all its threads). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
}

/** CPU ms per thread name of a process (main thread, writer worker, GC helpers, libuv pool). */
function threadCpuMs(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
      out.set(name, (out.get(name) ?? 0) + ((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
    } catch {
      // the thread ended
    }
  }
  return out;
}

async function pool(n: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

const serverOptions = process.env.KTS_BENCH_SERVER_NODE_OPTIONS;
const server = await startServer(serverOptions ? { env: { NODE_OPTIONS: serverOptions } } : {});
const conn = connect(loadKubeconfig(server.kubeconfig), {
  fieldManager: 'pod-create-bench',
  connections: clients,
});
const stops: (() => void)[] = [];
try {
  const client = conn.client;
  await client
    .resource(NAMESPACES)
    .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } });
  await client
    .resource(descriptor('v1', 'serviceaccounts', true, 'ServiceAccount'))
    .namespace('bench')
    .create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } });
  const pods = client.resource<Pod>(PODS);
  let seen = 0;
  for (let i = 0; i < watchers; i++) {
    const ac = new AbortController();
    stops.push(() => ac.abort());
    const w = await pods.watch({ signal: ac.signal });
    void (async () => {
      try {
        for await (const _ of w) seen++;
      } catch {
        // aborted
      }
    })();
  }
  await pool(warmup, clients, (i) => pods.namespace('bench').create(pod(`warm-${i}`, 'bench')));
  if (bind) await pool(warmup, clients, (i) => pods.namespace('bench').bind(`warm-${i}`, `node-${i % 100}`));
  const latencies: number[] = [];
  const uids: string[] = [];
  const bound: Pod[] = [];
  const start = performance.now();
  const cpuStart = cpuMs(server.process.pid!);
  const threadsStart = threadCpuMs(server.process.pid!);
  const clientCpuStart = cpuMs(process.pid);
  await pool(count, clients, async (i) => {
    const t = performance.now();
    const created = await pods.namespace('bench').create(pod(`pod-${i}`, 'bench'));
    uids[i] = created.metadata!.uid!;
    bound[i] = created;
    latencies.push(performance.now() - t);
  });
  const seconds = (performance.now() - start) / 1000;
  const serverCpuMs = cpuMs(server.process.pid!) - cpuStart;
  const clientCpuMs = cpuMs(process.pid) - clientCpuStart;
  const perThread = [...threadCpuMs(server.process.pid!)]
    .map(([name, ms]) => [name, Math.round(((ms - (threadsStart.get(name) ?? 0)) * 1000) / count)] as const)
    .filter(([, us]) => us > 0);
  let bindResult: { bindsPerSec: number; serverCpuUsPerBind: number; clientCpuUsPerBind: number } | undefined;
  let runResult: { serverCpuUsPerStatus: number; clientCpuUsPerStatus: number } | undefined;
  if (bind) {
    const bindStart = performance.now();
    const bindCpuStart = cpuMs(server.process.pid!);
    const bindClientCpuStart = cpuMs(process.pid);
    await pool(count, clients, (i) => pods.namespace('bench').bind(`pod-${i}`, `node-${i % 100}`, uids[i]));
    const bindSeconds = (performance.now() - bindStart) / 1000;
    bindResult = {
      bindsPerSec: Math.round(count / bindSeconds),
      serverCpuUsPerBind: Math.round(((cpuMs(server.process.pid!) - bindCpuStart) * 1000) / count),
      clientCpuUsPerBind: Math.round(((cpuMs(process.pid) - bindClientCpuStart) * 1000) / count),
    };
  }
  if (run) {
    const runCpuStart = cpuMs(server.process.pid!);
    const runClientCpuStart = cpuMs(process.pid);
    await pool(count, clients, (i) => {
      const p = { ...bound[i]!, spec: { ...bound[i]!.spec!, nodeName: `node-${i % 100}` } };
      const status = runningPodStatus(
        p,
        `10.0.0.${i % 100}`,
        `10.1.${i >> 8}.${i & 255}`,
        new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      );
      return pods.namespace('bench').patch(`pod-${i}`, 'merge', { status }, { subresource: 'status' });
    });
    runResult = {
      serverCpuUsPerStatus: Math.round(((cpuMs(server.process.pid!) - runCpuStart) * 1000) / count),
      clientCpuUsPerStatus: Math.round(((cpuMs(process.pid) - runClientCpuStart) * 1000) / count),
    };
  }
  latencies.sort((a, b) => a - b);
  const p = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)]!);
  const result = {
    count,
    clients,
    watchers,
    createsPerSec: Math.round(count / seconds),
    p50ms: p(0.5),
    p99ms: p(0.99),
    serverCpuUsPerCreate: Math.round((serverCpuMs * 1000) / count),
    clientCpuUsPerCreate: Math.round((clientCpuMs * 1000) / count),
    ...bindResult,
    ...runResult,
    watchEvents: seen,
  };
  console.log(
    `${result.createsPerSec} pod creates/s (${count} pods, ${clients} clients, ${watchers} watchers), p50 ${result.p50ms} ms, p99 ${result.p99ms} ms, server CPU ${result.serverCpuUsPerCreate} µs/create, client CPU ${result.clientCpuUsPerCreate} µs/create`,
  );
  console.log(`server CPU per create by thread: ${perThread.map(([n, us]) => `${n} ${us} µs`).join(', ')}`);
  if (bindResult)
    console.log(
      `${bindResult.bindsPerSec} binds/s, server CPU ${bindResult.serverCpuUsPerBind} µs/bind, client CPU ${bindResult.clientCpuUsPerBind} µs/bind`,
    );
  if (runResult)
    console.log(
      `status patches: server CPU ${runResult.serverCpuUsPerStatus} µs/patch, client CPU ${runResult.clientCpuUsPerStatus} µs/patch`,
    );
  console.log(JSON.stringify(result));
} finally {
  for (const stop of stops) stop();
  await conn.close();
  await server.stop();
}
