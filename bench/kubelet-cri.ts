// The floor under kts's pod start: raw CRI calls (RunPodSandbox with CNI, CreateContainer,
// StartContainer) against kts's own containerd on this machine, image present, configs built by
// the kubelet's pod logic. Pods one by one, then a batch at once; containerd's RSS at the end.
// Everything it starts is removed at the end (even on failure). Run as root:
//   npm run bench:kubelet-cri [-- --pods 50 --parallel 30]
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { removeCgroupTree } from '../src/kubelet/cgroups/cgroup-tree.ts';
import { runCommand } from '../src/kubelet/cni/host-commands.ts';
import { teardownNodeNetwork } from '../src/kubelet/cni/pod-network.ts';
import { containerdLayout } from '../src/kubelet/containerd/config.ts';
import { cleanupContainerdLeftovers } from '../src/kubelet/containerd/leftovers.ts';
import { BUSYBOX_IMAGE } from '../src/kubelet/images/builtin-images.ts';
import { type NodeRuntime, startNodeRuntime } from '../src/kubelet/node-runtime.ts';
import { containerConfig } from '../src/kubelet/pod/container-config.ts';
import { podSandboxConfig } from '../src/kubelet/pod/sandbox-config.ts';
import { printCpuProfile, startCpuProfile } from './kubelet-cpu-profile.ts';

const { values } = parseArgs({
  options: {
    pods: { type: 'string', default: '30' },
    parallel: { type: 'string', default: '10' },
    // Record with perf where the CPU goes during the batch (see kubelet-cpu-profile.ts).
    profile: { type: 'boolean', default: false },
    // At most this many of the batch's pods starting at a time (default: all of them).
    concurrency: { type: 'string' },
  },
});
const sequential = Number(values.pods);
const parallel = Number(values.parallel);

const id = randomBytes(3).toString('hex');
const base = mkdtempSync(join(tmpdir(), 'kts-bench-cri-'));
const podsCgroup = `/kts-bench-${id}`;
const layout = containerdLayout({ agentDir: join(base, 'agent'), runDir: join(base, 'run') });

async function freeCidr(): Promise<{ cluster: string; pod: string }> {
  const routes = JSON.parse((await runCommand('ip', ['-j', 'route', 'show'])).stdout || '[]') as {
    dst: string;
  }[];
  for (let x = 200; x < 250; x += 2) {
    if (!routes.some((r) => r.dst.startsWith(`10.88.${x}.`) || r.dst.startsWith(`10.88.${x + 1}.`))) {
      return { cluster: `10.88.${x}.0/23`, pod: `10.88.${x}.0/24` };
    }
  }
  throw new Error('no free range in 10.88.200.0/21');
}

function podNamed(name: string): Pod {
  return {
    metadata: { name, namespace: 'bench', uid: `${id}-${name}` },
    spec: { containers: [{ name: 'main', image: BUSYBOX_IMAGE, command: ['sleep', '3600'] }] },
  };
}

/** CPU seconds a process has used, with its waited-for children's (CNI plugins for containerd). */
function cpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // utime, stime, cutime, cstime (fields 14–17 of proc(5)), in USER_HZ ticks: 100 a second.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields.slice(11, 15).reduce((sum, f) => sum + Number(f), 0) / 100;
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

let runtime: NodeRuntime | undefined;
let cidrs: { cluster: string; pod: string } | undefined;
try {
  cidrs = await freeCidr();
  runtime = await startNodeRuntime({
    dataDir: base,
    runDir: join(base, 'run'),
    clusterCIDR: cidrs.cluster,
    networkName: `kts-bench-${id}`,
    bridge: `ktsb${id}`,
  });
  await runtime.setupPodNetwork(cidrs.pod);
  const cri = runtime.cri;
  const imageRef = (await cri.imageStatus({ image: BUSYBOX_IMAGE }))!.id;
  const settings = {
    dns: { servers: ['10.43.0.10'], domain: 'cluster.local' },
    podsCgroup,
    podLogsRoot: join(base, 'logs'),
  };

  async function startPod(
    name: string,
  ): Promise<{ total: number; sandbox: number; create: number; start: number }> {
    const pod = podNamed(name);
    const t0 = performance.now();
    const { config } = podSandboxConfig(pod, 0, settings);
    mkdirSync(config.logDirectory!, { recursive: true });
    const sandboxId = await cri.runPodSandbox(config);
    const t1 = performance.now();
    const c = containerConfig(
      pod,
      pod.spec!.containers[0]!,
      { imageRef, restartCount: 0, env: [] },
      { memoryCapacity: 24 * 1024 ** 3 },
    );
    const containerId = await cri.createContainer(sandboxId, c, config);
    const t2 = performance.now();
    await cri.startContainer(containerId);
    const t3 = performance.now();
    return { total: t3 - t0, sandbox: t1 - t0, create: t2 - t1, start: t3 - t2 };
  }

  await startPod('warmup');
  const one: Awaited<ReturnType<typeof startPod>>[] = [];
  for (let i = 0; i < sequential; i++) one.push(await startPod(`seq-${i}`));
  const profile = values.profile
    ? await startCpuProfile(base, {
        containerd: runtime.supervisor?.pid,
        bench: process.pid,
        shimMarker: layout.socket,
      })
    : undefined;
  const cpuBefore = cpuSeconds(runtime.supervisor?.pid);
  const ownCpuBefore = process.cpuUsage();
  const batchStart = performance.now();
  const concurrency = Number(values.concurrency ?? parallel);
  let next = 0;
  const batch: number[] = [];
  await Promise.all(
    Array.from({ length: Math.min(concurrency, parallel) }, async () => {
      while (next < parallel) {
        await startPod(`par-${next++}`);
        batch.push(performance.now() - batchStart);
      }
    }),
  );
  const batchCpu = cpuSeconds(runtime.supervisor?.pid) - cpuBefore;
  const ownCpu = process.cpuUsage(ownCpuBefore);
  const breakdown = await profile?.stop();
  const pid = runtime.supervisor?.pid;
  const rssMB = pid
    ? Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024
    : 0;

  const ms = (xs: number[]) => xs.slice().sort((a, b) => a - b);
  const row = (label: string, xs: number[]) => {
    const s = ms(xs);
    console.log(
      `${label.padEnd(34)} p50 ${quantile(s, 0.5).toFixed(1).padStart(7)} ms   p99 ${quantile(s, 0.99).toFixed(1).padStart(7)} ms`,
    );
  };
  console.log(`raw CRI pod start on this machine: ${sequential} pods one by one, then ${parallel} at once`);
  row(
    'RunPodSandbox (incl. CNI)',
    one.map((r) => r.sandbox),
  );
  row(
    'CreateContainer',
    one.map((r) => r.create),
  );
  row(
    'StartContainer',
    one.map((r) => r.start),
  );
  row(
    'pod start, one by one',
    one.map((r) => r.total),
  );
  row(`pod start, ${parallel} at once (from batch start)`, batch);
  console.log(
    `CPU used while the ${parallel} started: containerd (with CNI plugins) ${batchCpu.toFixed(2)} s, this bench (the CRI client) ${((ownCpu.user + ownCpu.system) / 1e6).toFixed(2)} s`,
  );
  if (breakdown) printCpuProfile(breakdown, parallel);
  console.log(`containerd RSS with ${sequential + parallel + 1} pods: ${rssMB.toFixed(1)} MB`);
  const totals = ms(one.map((r) => r.total));
  const batchSorted = ms(batch);
  console.log(
    JSON.stringify({
      criPodStartP50Seconds: +(quantile(totals, 0.5) / 1000).toFixed(3),
      criPodStartP99Seconds: +(quantile(totals, 0.99) / 1000).toFixed(3),
      criParallelP99Seconds: +(quantile(batchSorted, 0.99) / 1000).toFixed(3),
      containerdRssMB: +rssMB.toFixed(1),
    }),
  );
} finally {
  if (runtime) {
    for (const s of await runtime.cri.listPodSandbox().catch(() => [])) {
      await runtime.cri.stopPodSandbox(s.id).catch(() => {});
      await runtime.cri.removePodSandbox(s.id).catch(() => {});
    }
    await runtime.stop();
  }
  await cleanupContainerdLeftovers(layout, {
    networkName: `kts-bench-${id}`,
    ipamDataDir: join(base, 'agent', 'cni', 'ipam'),
  });
  if (cidrs) {
    await teardownNodeNetwork({
      networkName: `kts-bench-${id}`,
      bridge: `ktsb${id}`,
      podCIDR: cidrs.pod,
      clusterCIDR: cidrs.cluster,
      ipamDataDir: join(base, 'agent', 'cni', 'ipam'),
      cniConfDir: layout.cniConfDir,
    });
  }
  removeCgroupTree(podsCgroup);
  rmSync(base, { recursive: true, force: true });
}
