// Controller manager at scale (issue 6): a Deployment of 10,000 replicas on 5,000 hollow nodes.
// A fresh `kts server`, hollow nodes, the scheduler and the controller manager each run as their
// own `kts` process, as in a real cluster; this process only creates the Deployment and watches.
// Figures: seconds until all replicas are Ready, pods created per second by the ReplicaSet
// controller (first to last pod creation), seconds for a rolling update of the whole
// Deployment, and the controller manager's peak RSS. The last line is one JSON object.
// Run: npm run bench:controllers [-- --replicas 1000 --nodes 500]
import { readFileSync } from 'node:fs';
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { connect, descriptor, InformerFactory, loadKubeconfig, PODS } from '../src/client/index.ts';
import { startControllerManager } from '../test/support/controller-manager.ts';
import { startKts } from '../test/support/kts-process.ts';
import { startServer } from '../test/support/kts-server.ts';

const args = process.argv.slice(2);
const arg = (name: string, def: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : def);
const REPLICAS = arg('--replicas', 10_000);
const NODES = arg('--nodes', 5_000);
const NS = 'bench';
const DEPLOYMENTS = descriptor('apps/v1', 'deployments', true, 'Deployment');

function rssMB(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** User + system CPU seconds a process has used so far (0 once it is gone). */
function cpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    // Fields after the parenthesised command: utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

async function until(what: string, cond: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

// KTS_BENCH_SERVER_NODE_OPTIONS (e.g. --cpu-prof) profiles the API server.
const serverOptions = process.env.KTS_BENCH_SERVER_NODE_OPTIONS;
const server = await startServer(serverOptions ? { env: { NODE_OPTIONS: serverOptions } } : {});
const kc = server.kubeconfig;
const conn = connect(loadKubeconfig(kc), { fieldManager: 'bench-controllers', connections: 16 });
const client = conn.client;
const processes: { stop(): Promise<void> }[] = [];
let peakRss = 0;
let sampler: ReturnType<typeof setInterval> | undefined;
try {
  await client
    .resource(descriptor('v1', 'namespaces', false, 'Namespace'))
    .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  await client
    .resource(descriptor('v1', 'serviceaccounts', true, 'ServiceAccount'))
    .namespace(NS)
    .create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } });
  const t0 = performance.now();
  // KTS_BENCH_{HOLLOW,SCHEDULER,CM}_NODE_OPTIONS (e.g. --cpu-prof) profile one process.
  const nodeOptions = (name: string) => {
    const value = process.env[`KTS_BENCH_${name}_NODE_OPTIONS`];
    return value ? { NODE_OPTIONS: value } : undefined;
  };
  const hollow = startKts(
    ['hollow-nodes', '--kubeconfig', kc, '--count', String(NODES)],
    'hollow nodes ready',
    nodeOptions('HOLLOW'),
  );
  processes.push(hollow);
  await hollow.ready;
  console.log(`${NODES} hollow nodes ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const scheduler = startKts(
    ['scheduler', '--kubeconfig', kc, '--no-leader-elect'],
    undefined,
    nodeOptions('SCHEDULER'),
  );
  processes.push(scheduler);
  const manager = startControllerManager(kc, ['--controllers', 'replicaset,deployment'], nodeOptions('CM'));
  processes.push(manager);
  await manager.ready;
  // bin/kts execs node: the child's pid is the controller manager's.
  const pid = manager.process.pid;
  sampler = setInterval(() => {
    peakRss = Math.max(peakRss, rssMB(pid));
  }, 500);

  const pids: Record<string, number | undefined> = {
    server: server.process.pid,
    hollowNodes: hollow.process.pid,
    scheduler: scheduler.process.pid,
    controllerManager: pid,
  };
  const cpuNow = () => Object.fromEntries(Object.entries(pids).map(([k, p]) => [k, cpuSeconds(p)]));
  const cpuSince = (before: Record<string, number>) =>
    Object.entries(cpuNow())
      .map(([k, v]) => `${k} ${(v - before[k]!).toFixed(1)} s`)
      .join(', ');

  // Watch the pods: creation times (for the ReplicaSet controller's rate) and readiness.
  const informers = new InformerFactory(client, { namespace: NS, freeze: false });
  const pods = informers.informerFor<Pod>(PODS);
  const created: number[] = [];
  pods.addEventHandler({ onAdd: () => created.push(performance.now()) });
  informers.start();
  await informers.waitForSync();

  const deployments = client.resource<Deployment>(DEPLOYMENTS).namespace(NS);
  const deployment: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'big' },
    spec: {
      replicas: REPLICAS,
      selector: { matchLabels: { app: 'big' } },
      template: {
        metadata: { labels: { app: 'big' } },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'registry.k8s.io/pause:3.10',
              resources: { requests: { cpu: '1m', memory: '1Mi' } },
            },
          ],
        },
      },
    },
  };
  const complete = (d: Deployment) => {
    const s = d.status ?? {};
    return (
      (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 1) &&
      s.updatedReplicas === REPLICAS &&
      s.replicas === REPLICAS &&
      s.availableReplicas === REPLICAS &&
      s.readyReplicas === REPLICAS
    );
  };
  const cpuBefore = cpuNow();
  const start = performance.now();
  await deployments.create(deployment);
  let last = '';
  const progress = async () => {
    const d = await deployments.get('big');
    const s = d.status ?? {};
    const line = `  replicas ${s.replicas ?? 0}  updated ${s.updatedReplicas ?? 0}  ready ${s.readyReplicas ?? 0}  pods seen ${pods.indexer.size}`;
    if (line !== last) {
      last = line;
      console.log(`${((performance.now() - start) / 1000).toFixed(1).padStart(6)} s ${line}`);
    }
    return complete(d);
  };
  await until('all replicas ready', progress, 900_000);
  const readySeconds = (performance.now() - start) / 1000;
  const firstPods = created.slice(0, REPLICAS);
  const createSeconds = (firstPods[firstPods.length - 1]! - firstPods[0]!) / 1000;
  const podsCreatedPerSec = REPLICAS / Math.max(createSeconds, 0.001);
  console.log(
    `deployment of ${REPLICAS} ready in ${readySeconds.toFixed(1)} s (pods created at ${podsCreatedPerSec.toFixed(0)}/s)`,
  );

  console.log(`CPU until ready: ${cpuSince(cpuBefore)}`);
  const cpuBeforeRoll = cpuNow();
  const rollStart = performance.now();
  await deployments.patch('big', 'strategic', {
    spec: { template: { spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.9' }] } } },
  });
  await until('the rolling update', progress, 1_800_000);
  const rollingSeconds = (performance.now() - rollStart) / 1000;
  console.log(`rolling update of ${REPLICAS} in ${rollingSeconds.toFixed(1)} s`);
  console.log(`CPU for the rolling update: ${cpuSince(cpuBeforeRoll)}`);
  peakRss = Math.max(peakRss, rssMB(pid));
  await informers.shutdown();
  console.log(`controller manager peak RSS ${peakRss.toFixed(0)} MB`);
  console.log('');
  console.log('figure                       value      target');
  console.log(`deploymentReadySeconds   ${readySeconds.toFixed(1).padStart(9)}    <= 20 s`);
  console.log(`rollingUpdateSeconds     ${rollingSeconds.toFixed(1).padStart(9)}`);
  console.log(`podsCreatedPerSec        ${podsCreatedPerSec.toFixed(0).padStart(9)}`);
  console.log(`controllerManagerRssMB   ${peakRss.toFixed(0).padStart(9)}`);
  console.log(
    JSON.stringify({
      deploymentReadySeconds: Math.round(readySeconds * 10) / 10,
      rollingUpdateSeconds: Math.round(rollingSeconds * 10) / 10,
      podsCreatedPerSec: Math.round(podsCreatedPerSec),
      controllerManagerRssMB: Math.round(peakRss),
      ...(REPLICAS !== 10_000 || NODES !== 5_000 ? { replicas: REPLICAS, nodes: NODES } : {}),
    }),
  );
} finally {
  if (sampler) clearInterval(sampler);
  // The controller manager first (a profile needs a clean exit), then the rest.
  for (const p of processes.reverse()) await p.stop().catch(() => {});
  await conn.close();
  await server.stop();
}
