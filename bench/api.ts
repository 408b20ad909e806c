// npm run bench:api — the API server over HTTP, measured end to end against a real
// `kts server` on the embedded SQLite store:
// - creates / gets / lists / updates / deletes per second with p50/p99 latency at 1, 32 and 200
//   concurrent clients (ConfigMaps of ~1 KB);
// - watch fan-out: 1,000 watchers of one namespace, p99 delay from a create's acknowledgement to
//   each watcher receiving the event;
// - RSS of the idle server; time from `kts server` start to the first successful `kubectl get ns`.
// Prints a table, then one JSON line with the figures. Never part of the test run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Agent, request } from 'undici';
import { parse } from 'yaml';
import { spawnTied } from '../test/support/tied-spawn.ts';

const root = resolve(import.meta.dirname, '..');
const dataDir = mkdtempSync(join(tmpdir(), 'kts-bench-api-'));
const kubeconfig = join(dataDir, 'kubeconfig.yaml');

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

// 1. Start the server and time the first successful kubectl get ns.
const started = performance.now();
const server = spawnTied(
  join(root, 'bin', 'kts'),
  ['server', '--disable-agent', '--data-dir', dataDir, '--port', '0', '--write-kubeconfig', kubeconfig],
  {
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
let readySeconds = 0;
for (;;) {
  if (existsSync(kubeconfig)) {
    const r = spawnSync('/usr/bin/kubectl', ['get', 'ns'], {
      env: { ...process.env, KUBECONFIG: kubeconfig },
      encoding: 'utf8',
    });
    if (r.status === 0) {
      readySeconds = (performance.now() - started) / 1000;
      break;
    }
  }
  if (performance.now() - started > 60_000) throw new Error('server did not become ready');
  await new Promise((r) => setTimeout(r, 20));
}
const base = (parse(readFileSync(kubeconfig, 'utf8')) as { clusters: { cluster: { server: string } }[] })
  .clusters[0]!.cluster.server;
const agent = new Agent({ connections: 256, pipelining: 1, keepAliveTimeout: 60_000 });

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await request(base + path, {
    method: method as 'GET',
    dispatcher: agent,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.body.text();
  return { status: res.statusCode, json: text ? JSON.parse(text) : undefined };
}

function rssMB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

await new Promise((r) => setTimeout(r, 3000));
const idleRssMB = rssMB(server.pid!);

const payload = 'x'.repeat(900);
await call('POST', '/api/v1/namespaces', {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'bench' },
});

interface Row {
  op: string;
  clients: number;
  perSec: number;
  p50: number;
  p99: number;
}
const rows: Row[] = [];

async function measure(
  op: string,
  clients: number,
  total: number,
  fn: (i: number) => Promise<number>,
): Promise<Row> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const s = performance.now();
        const status = await fn(i);
        if (status >= 300) throw new Error(`${op} #${i} answered ${status}`);
        latencies.push(performance.now() - s);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const row = {
    op,
    clients,
    perSec: round(total / seconds),
    p50: round(percentile(latencies, 50), 2),
    p99: round(percentile(latencies, 99), 2),
  };
  rows.push(row);
  return row;
}

const ns = '/api/v1/namespaces/bench/configmaps';
for (const clients of [1, 32, 200]) {
  const total = clients === 1 ? 500 : 3000;
  const name = (i: number) => `cm-${clients}-${i}`;
  await measure(
    'create',
    clients,
    total,
    async (i) =>
      (
        await call('POST', ns, {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: name(i) },
          data: { payload },
        })
      ).status,
  );
  await measure('get', clients, total, async (i) => (await call('GET', `${ns}/${name(i)}`)).status);
  await measure(
    'update',
    clients,
    total,
    async (i) =>
      (
        await call('PUT', `${ns}/${name(i)}`, {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: name(i) },
          data: { payload, n: String(i) },
        })
      ).status,
  );
  await measure(
    'list',
    clients,
    clients === 1 ? 50 : 200,
    async () => (await call('GET', `${ns}?limit=500`)).status,
  );
  await measure('delete', clients, total, async (i) => (await call('DELETE', `${ns}/${name(i)}`)).status);
}

// Open loop: creates arriving at a steady 200/s (DESIGN §7's "p99 ≤ 50 ms at 200 creates/s").
const RATE = 200;
const openLoop: number[] = [];
{
  const total = RATE * 10;
  const t0 = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      (async () => {
        const s = performance.now();
        const r = await call('POST', ns, {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: `open-${i}` },
          data: { payload },
        });
        if (r.status !== 201) throw new Error(`open-loop create answered ${r.status}`);
        openLoop.push(performance.now() - s);
      })(),
    );
  }
  await Promise.all(pending);
}
const createP99MsAt200PerSec = round(percentile(openLoop, 99), 2);

// 2. Watch fan-out: 1,000 watchers; each create's delivery delay to every watcher.
const WATCHERS = 1000;
const EVENTS = 20;
const fanoutAgent = new Agent({ connections: WATCHERS + 10, keepAliveTimeout: 60_000 });
const sentAt = new Map<string, number>();
const delays: number[] = [];
let delivered = 0;
const aborter = new AbortController();
const rv = (await call('GET', `${ns}?limit=1`)).json.metadata.resourceVersion as string;
await Promise.all(
  Array.from({ length: WATCHERS }, async () => {
    const res = await request(`${base}${ns}?watch=1&resourceVersion=${rv}`, {
      dispatcher: fanoutAgent,
      signal: aborter.signal,
    });
    let buffer = '';
    res.body.setEncoding('utf8');
    res.body.on('data', (chunk: string) => {
      buffer += chunk;
      let nl = buffer.indexOf('\n');
      while (nl >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const e = JSON.parse(line) as { type: string; object: { metadata: { name: string } } };
        const at = sentAt.get(e.object.metadata.name);
        if (e.type === 'ADDED' && at !== undefined) {
          delays.push(performance.now() - at);
          delivered++;
        }
        nl = buffer.indexOf('\n');
      }
    });
    res.body.on('error', () => {});
  }),
);
await new Promise((r) => setTimeout(r, 500));
for (let i = 0; i < EVENTS; i++) {
  const name = `fanout-${i}`;
  const before = performance.now();
  const r = await call('POST', ns, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name },
    data: { payload },
  });
  if (r.status !== 201) throw new Error(`fan-out create answered ${r.status}`);
  sentAt.set(name, before);
  await new Promise((r) => setTimeout(r, 100));
}
const deadline = performance.now() + 30_000;
while (delivered < WATCHERS * EVENTS && performance.now() < deadline)
  await new Promise((r) => setTimeout(r, 50));
aborter.abort();
const watchFanoutP99Ms = round(percentile(delays, 99), 1);
const watchFanoutP50Ms = round(percentile(delays, 50), 1);

server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
rmSync(dataDir, { recursive: true, force: true });

console.log('operation  clients    ops/s     p50 ms    p99 ms');
for (const r of rows) {
  console.log(
    `${r.op.padEnd(10)} ${String(r.clients).padStart(7)} ${String(r.perSec).padStart(8)} ${String(r.p50).padStart(10)} ${String(r.p99).padStart(9)}`,
  );
}
console.log(
  `open loop: ${RATE} creates/s for 10 s, p50 ${round(percentile(openLoop, 50), 2)} ms, p99 ${createP99MsAt200PerSec} ms`,
);
console.log(
  `watch fan-out: ${WATCHERS} watchers × ${EVENTS} events, delivered ${delivered}, p50 ${watchFanoutP50Ms} ms, p99 ${watchFanoutP99Ms} ms`,
);
console.log(
  `idle server RSS ${round(idleRssMB)} MB; ready (first kubectl get ns) after ${round(readySeconds, 2)} s`,
);
console.log(
  'targets (DESIGN §7): create p99 ≤ 50 ms at 200 creates/s, watch fan-out p99 ≤ 100 ms, idle ≤ 150 MB, ready ≤ 3 s',
);
const find = (op: string, clients: number) => rows.find((r) => r.op === op && r.clients === clients)!;
console.log(
  JSON.stringify({
    createP99MsAt200PerSec,
    createP99Ms200: find('create', 200).p99,
    createsPerSec200: find('create', 200).perSec,
    createP99Ms1: find('create', 1).p99,
    getP99Ms: find('get', 32).p99,
    getsPerSec32: find('get', 32).perSec,
    updatesPerSec32: find('update', 32).perSec,
    listP99Ms: find('list', 32).p99,
    deletesPerSec32: find('delete', 32).perSec,
    watchFanoutP99Ms,
    idleRssMB: round(idleRssMB),
    readySeconds: round(readySeconds, 2),
  }),
);
process.exit(0);
