// Pod start latency through the whole stack: a real `kts server --disable-agent`, a `kts agent`
// process (kubelet + its own containerd, runc, CNI), pods created through the API and watched
// until the API shows them Running (image present). 100 pods one by one, then 30 at once; the
// kubelet's and containerd's RSS with 30 pods running. Everything it starts is removed at the
// end, also on failure. Run as root:
//   npm run bench:kubelet [-- --pods 100 --parallel 30]
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { defaultRunDir } from '../src/cli/agent-command.ts';
import { connect, loadKubeconfig, PODS } from '../src/client/index.ts';
import { removeCgroupTree } from '../src/kubelet/cgroups/cgroup-tree.ts';
import { runCommand } from '../src/kubelet/cni/host-commands.ts';
import { removeUnreachableRoute, teardownNodeNetwork } from '../src/kubelet/cni/pod-network.ts';
import { containerdLayout } from '../src/kubelet/containerd/config.ts';
import { cleanupContainerdLeftovers } from '../src/kubelet/containerd/leftovers.ts';
import { stopProcess } from '../src/kubelet/containerd/processes.ts';
import { CriClient } from '../src/kubelet/cri/cri-client.ts';
import { BUSYBOX_IMAGE } from '../src/kubelet/images/builtin-images.ts';
import { REPO_ROOT, startServer } from '../test/support/kts-server.ts';
import { kubectlOk } from '../test/support/kubectl.ts';
import { spawnTied } from '../test/support/tied-spawn.ts';
import { printCpuProfile, startCpuProfile } from './kubelet-cpu-profile.ts';

const { values } = parseArgs({
  options: {
    pods: { type: 'string', default: '100' },
    parallel: { type: 'string', default: '30' },
    // Record with perf where the CPU goes during the batch (see kubelet-cpu-profile.ts).
    profile: { type: 'boolean', default: false },
  },
});
const sequential = Number(values.pods);
const parallel = Number(values.parallel);

const id = randomBytes(3).toString('hex');
const base = mkdtempSync(join(tmpdir(), 'kts-bench-kubelet-'));
const nodeName = `bench-${id}`;
const bridge = `ktsb${id}`;
const networkName = `kts-bench-${id}`;
const cgroupRoot = `/kts-bench-${id}`;
const runDir = defaultRunDir(base);
const layout = containerdLayout({ agentDir: join(base, 'agent'), runDir });

async function freeCidr(): Promise<{ cluster: string; pod: string }> {
  const routes = JSON.parse((await runCommand('ip', ['-j', 'route', 'show'])).stdout || '[]') as {
    dst: string;
  }[];
  for (let x = 150; x < 200; x += 2) {
    if (!routes.some((r) => r.dst.startsWith(`10.88.${x}.`) || r.dst.startsWith(`10.88.${x + 1}.`)))
      return { cluster: `10.88.${x}.0/23`, pod: `10.88.${x}.0/24` };
  }
  throw new Error('no free range in 10.88.150.0/20');
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
const round = (s: number) => Math.round(s * 1000) / 1000;

function rssMB(pid: number | undefined): number {
  if (!pid) return 0;
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : 0;
}

/** CPU seconds a process has used, with its waited-for children's (CNI plugins for containerd). */
function cpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime, stime, cutime, cstime: fields 14–17 of proc(5), 11–14 after the command name; in
  // USER_HZ ticks, 100 a second on Linux.
  const ticks = fields.slice(11, 15).reduce((sum, f) => sum + Number(f), 0);
  return ticks / 100;
}

function podNamed(name: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { bench: id } },
    spec: {
      nodeName,
      terminationGracePeriodSeconds: 0,
      containers: [
        { name: 'main', image: BUSYBOX_IMAGE, imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] },
      ],
    },
  };
}

const server = await startServer();
let agent: ChildProcess | undefined;
let cidrs: { cluster: string; pod: string } | undefined;
const connection = connect(loadKubeconfig(server.kubeconfig), { fieldManager: 'bench' });
const pods = connection.client.resource<Pod>(PODS).namespace('bench');
let exitCode = 0;
try {
  cidrs = await freeCidr();
  await kubectlOk(server.kubeconfig, ['create', 'namespace', 'bench']);
  await kubectlOk(server.kubeconfig, ['-n', 'bench', 'create', 'serviceaccount', 'default']);
  await kubectlOk(server.kubeconfig, [
    '-n',
    'bench',
    'create',
    'configmap',
    'kube-root-ca.crt',
    '--from-literal=ca.crt=bench',
  ]);
  agent = spawnTied(
    join(REPO_ROOT, 'bin', 'kts'),
    [
      'agent',
      '--kubeconfig',
      server.kubeconfig,
      '--data-dir',
      base,
      '--node-name',
      nodeName,
      '--node-ip',
      '127.0.0.1',
      '--kubelet-port',
      '0',
      '--pod-cidr',
      cidrs.pod,
      '--cluster-cidr',
      cidrs.cluster,
      '--pod-manifest-path',
      join(base, 'manifests'),
      '--cgroup-root',
      cgroupRoot,
      '--cni-bridge',
      bridge,
      '--cni-network',
      networkName,
    ],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        NODE_OPTIONS: process.env.KTS_AGENT_NODE_OPTIONS ?? process.env.NODE_OPTIONS ?? '',
      },
    },
  );

  // Running as the API shows it, seen through one watch of the bench's pods.
  const runningAt = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  const watchAbort = new AbortController();
  const watch = await pods.watch({ labelSelector: `bench=${id}`, signal: watchAbort.signal });
  void (async () => {
    try {
      for await (const ev of watch) {
        const pod = ev.object as Pod;
        const name = pod.metadata?.name ?? '';
        if (ev.type !== 'DELETED' && pod.status?.phase === 'Running' && !runningAt.has(name)) {
          runningAt.set(name, performance.now());
          waiters.get(name)?.();
        }
      }
    } catch {
      // Aborted at the end.
    }
  })();
  const startPod = async (name: string): Promise<number> => {
    const running = new Promise<void>((resolve) => waiters.set(name, resolve));
    const t0 = performance.now();
    await pods.create(podNamed(name));
    await running;
    return (runningAt.get(name)! - t0) / 1000;
  };

  const deadline = Date.now() + 120_000;
  for (;;) {
    const node = await kubectlOk(server.kubeconfig, [
      'get',
      'node',
      nodeName,
      '-o',
      'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
    ]).catch(() => '');
    if (node === 'True') break;
    if (Date.now() > deadline) throw new Error('the node did not become Ready');
    await new Promise((r) => setTimeout(r, 200));
  }
  // One pod to warm everything up (image metadata, first sandbox), not counted.
  await startPod('warmup');

  const oneByOne: number[] = [];
  for (let i = 0; i < sequential; i++) oneByOne.push(await startPod(`seq-${i}`));
  await pods.deleteCollection({ labelSelector: `bench=${id}`, gracePeriodSeconds: 0 });
  while ((await pods.list({ labelSelector: `bench=${id}` })).items.length > 0)
    await new Promise((r) => setTimeout(r, 200));
  // The kubelet tears the deleted pods' sandboxes down after their API objects go; starting the
  // parallel batch meanwhile would measure that teardown, not pod start. Wait for an idle runtime.
  const cri = new CriClient(layout.socket);
  while ((await cri.listPodSandbox()).length > 0) await new Promise((r) => setTimeout(r, 200));
  cri.close();

  const containerdPid = Number(readFileSync(layout.pidFile, 'utf8'));
  const profile = values.profile
    ? await startCpuProfile(base, {
        kubelet: agent.pid,
        server: server.process.pid,
        containerd: containerdPid,
        bench: process.pid,
        shimMarker: layout.socket,
      })
    : undefined;
  const cpuBefore = {
    kubelet: cpuSeconds(agent.pid),
    containerd: cpuSeconds(containerdPid),
    server: cpuSeconds(server.process.pid),
  };
  const atOnce = await Promise.all(Array.from({ length: parallel }, (_, i) => startPod(`par-${i}`)));
  // The machine is shared: CPU seconds spent on the batch say more than its wall time alone.
  const batchCpu = {
    kubelet: cpuSeconds(agent.pid) - cpuBefore.kubelet,
    containerd: cpuSeconds(containerdPid) - cpuBefore.containerd,
    server: cpuSeconds(server.process.pid) - cpuBefore.server,
  };
  const breakdown = await profile?.stop();
  await new Promise((r) => setTimeout(r, 2000));
  const kubeletRssMB = rssMB(agent.pid);
  const containerdRssMB = rssMB(containerdPid);
  watchAbort.abort();

  const seq = [...oneByOne].sort((a, b) => a - b);
  const par = [...atOnce].sort((a, b) => a - b);
  console.log(
    `pod start, one by one (${sequential} pods): p50 ${round(quantile(seq, 0.5))} s, p99 ${round(quantile(seq, 0.99))} s, max ${round(seq.at(-1)!)} s`,
  );
  console.log(
    `pod start, ${parallel} at once: p50 ${round(quantile(par, 0.5))} s, p99 ${round(quantile(par, 0.99))} s`,
  );
  console.log(
    `CPU used while the ${parallel} started: kubelet ${batchCpu.kubelet.toFixed(2)} s, containerd (with CNI plugins) ${batchCpu.containerd.toFixed(2)} s, kts server ${batchCpu.server.toFixed(2)} s`,
  );
  if (breakdown) printCpuProfile(breakdown, parallel);
  console.log(
    `kubelet (kts agent process) RSS with ${parallel} pods: ${kubeletRssMB} MB; containerd RSS: ${containerdRssMB} MB`,
  );
  console.log(
    JSON.stringify({
      podStartP50Seconds: round(quantile(seq, 0.5)),
      podStartP99Seconds: round(quantile(seq, 0.99)),
      parallel30P99Seconds: round(quantile(par, 0.99)),
      parallelKubeletCpuSeconds: round(batchCpu.kubelet),
      kubeletRssMB,
      containerdRssMB,
    }),
  );
  await pods.deleteCollection({ labelSelector: `bench=${id}`, gracePeriodSeconds: 0 });
  const until = Date.now() + 60_000;
  while ((await pods.list({ labelSelector: `bench=${id}` })).items.length > 0 && Date.now() < until)
    await new Promise((r) => setTimeout(r, 200));
} catch (err) {
  console.error(err);
  exitCode = 1;
} finally {
  if (agent?.pid && agent.exitCode === null) await stopProcess(agent.pid, 15_000);
  // An agent that had to be killed leaves its containerd running: stop it by its PID file.
  try {
    await stopProcess(Number(readFileSync(layout.pidFile, 'utf8')), 5000);
  } catch {
    // Already gone with its PID file.
  }
  await cleanupContainerdLeftovers(layout, {
    networkName,
    ipamDataDir: join(base, 'agent', 'cni', 'ipam'),
  }).catch(() => {});
  if (cidrs) {
    await teardownNodeNetwork({
      networkName,
      bridge,
      podCIDR: cidrs.pod,
      clusterCIDR: cidrs.cluster,
      ipamDataDir: join(base, 'agent', 'cni', 'ipam'),
      cniConfDir: layout.cniConfDir,
    }).catch(() => {});
    await removeUnreachableRoute(cidrs.cluster).catch(() => {});
  }
  removeCgroupTree(cgroupRoot);
  await connection.close();
  await server.stop();
  rmSync(base, { recursive: true, force: true });
  rmSync(runDir, { recursive: true, force: true });
  process.exit(exitCode);
}
