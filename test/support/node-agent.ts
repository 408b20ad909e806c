// Runs a kts agent (kubelet + its own containerd) inside a test process against a test's API
// server: its own data dir, runtime state dir, CNI network and bridge, a /23 of 10.88.0.0/16
// that no route on the host touches, its own pod cgroup root, node IP 127.0.0.1 and a free
// kubelet port. cleanup() removes every container, sandbox, netns, mount, bridge, route and
// cgroup it made, whatever state the test left it in.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AgentOptions, type RunningAgent, runAgent } from '../../src/cli/agent-command.ts';
import { connect, loadKubeconfig } from '../../src/client/index.ts';
import { cgroupExists, removeCgroupTree } from '../../src/kubelet/cgroups/cgroup-tree.ts';
import { linkExists, routeGet, runCommand } from '../../src/kubelet/cni/host-commands.ts';
import {
  type NodeNetworkOptions,
  removeUnreachableRoute,
  teardownNodeNetwork,
} from '../../src/kubelet/cni/pod-network.ts';
import { cleanupContainerdLeftovers, mountsUnder } from '../../src/kubelet/containerd/leftovers.ts';

export interface TestAgent {
  agent: RunningAgent;
  id: string;
  nodeName: string;
  base: string;
  bridge: string;
  podCIDR: string;
  podsCgroup: string;
  /** Throws unless the kernel routes `ip` to this agent's bridge (network safety). */
  assertOnBridge(ip: string): Promise<void>;
  /** Removes everything; idempotent. */
  cleanup(): Promise<void>;
  /** What must be gone after cleanup (for assertions). */
  leftovers(): Promise<string[]>;
}

/** A /23 in 10.88.0.0/16 that no route on this host touches yet. */
export async function freeTestCidr(): Promise<{ cluster: string; pod: string }> {
  const routes = JSON.parse((await runCommand('ip', ['-j', 'route', 'show'])).stdout || '[]') as {
    dst: string;
  }[];
  const used = new Set(routes.map((r) => r.dst.split('.').slice(0, 3).join('.')));
  for (let attempt = 0; attempt < 50; attempt++) {
    const x = 2 * (1 + Math.floor(Math.random() * 120));
    if (
      !used.has(`10.88.${x}`) &&
      !used.has(`10.88.${x + 1}`) &&
      !routes.some((r) => r.dst === '10.88.0.0/16')
    )
      return { cluster: `10.88.${x}.0/23`, pod: `10.88.${x}.0/24` };
  }
  throw new Error('no free test range in 10.88.0.0/16');
}

export interface NodeHostState {
  network: NodeNetworkOptions;
  podsCgroup: string;
  /** Directories to unmount everything under, then remove. */
  dirs: string[];
}

/** Removes what a node leaves on the host once its runtime is stopped: network, route, cgroup, mounts, files. */
export async function removeNodeHostState(o: NodeHostState): Promise<void> {
  const errors: unknown[] = [];
  const step = async (fn: () => unknown) => {
    try {
      await fn();
    } catch (err) {
      errors.push(err);
    }
  };
  await step(() => teardownNodeNetwork(o.network));
  await step(() => removeUnreachableRoute(o.network.clusterCIDR));
  await step(() => removeCgroupTree(o.podsCgroup));
  await step(async () => {
    const mountinfo = readFileSync('/proc/self/mountinfo', 'utf8');
    for (const point of mountsUnder(mountinfo, o.dirs)) await runCommand('umount', ['-l', point]);
  });
  for (const dir of o.dirs) await step(() => rmSync(dir, { recursive: true, force: true }));
  if (errors.length) throw new AggregateError(errors, 'node cleanup failed');
}

/** What a node left on the host: bridge, cgroup, mounts, netns, the unreachable route. */
export async function nodeHostLeftovers(o: NodeHostState & { netnsDir: string }): Promise<string[]> {
  const found: string[] = [];
  if (await linkExists(o.network.bridge)) found.push(`bridge ${o.network.bridge}`);
  if (cgroupExists(o.podsCgroup)) found.push(`cgroup ${o.podsCgroup}`);
  const mounts = mountsUnder(readFileSync('/proc/self/mountinfo', 'utf8'), o.dirs);
  found.push(...mounts.map((m) => `mount ${m}`));
  if (existsSync(o.netnsDir)) found.push(...readdirSync(o.netnsDir).map((n) => `netns ${n}`));
  const unreachable = (await runCommand('ip', ['-j', 'route', 'show', 'type', 'unreachable'])).stdout;
  if (unreachable.includes(o.network.clusterCIDR)) found.push(`route ${o.network.clusterCIDR}`);
  return found;
}

export async function startTestAgent(
  kubeconfig: string,
  o: { nodeName?: string; podManifestPath?: string; extra?: Partial<AgentOptions> } = {},
): Promise<TestAgent> {
  const id = randomBytes(3).toString('hex');
  const base = mkdtempSync(join(tmpdir(), 'kts-agent-'));
  const nodeName = o.nodeName ?? `node-${id}`;
  const bridge = `ktse${id}`;
  const networkName = `kts-e2e-${id}`;
  const podsCgroup = `/kts-e2e-${id}`;
  const cidr = await freeTestCidr();
  const connection = connect(loadKubeconfig(kubeconfig), { fieldManager: 'kubelet' });
  let agent: RunningAgent | undefined;
  const runDir = join(base, 'run');
  const network = {
    networkName,
    bridge,
    podCIDR: cidr.pod,
    clusterCIDR: cidr.cluster,
    ipamDataDir: join(base, 'agent', 'cni', 'ipam'),
    cniConfDir: join(base, 'agent', 'etc', 'cni', 'net.d'),
  };
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    const errors: unknown[] = [];
    const step = async (fn: () => unknown) => {
      try {
        await fn();
      } catch (err) {
        errors.push(err);
      }
    };
    if (agent) {
      const { runtime } = agent;
      await step(() => agent!.kubelet.stop());
      await step(async () => {
        for (const s of await runtime.cri.listPodSandbox()) {
          await runtime.cri.stopPodSandbox(s.id).catch(() => {});
          await runtime.cri.removePodSandbox(s.id).catch(() => {});
        }
      });
      await step(() => runtime.stop());
      if (runtime.layout)
        await step(() =>
          cleanupContainerdLeftovers(runtime.layout!, { networkName, ipamDataDir: network.ipamDataDir }),
        );
    }
    await step(() => removeNodeHostState({ network, podsCgroup, dirs: [base] }));
    await step(() => connection.close());
    if (errors.length) throw new AggregateError(errors, 'agent cleanup failed');
  };
  try {
    agent = await runAgent({
      client: connection.client,
      dataDir: base,
      runDir,
      nodeName,
      nodeIP: '127.0.0.1',
      kubeletPort: 0,
      podCIDR: cidr.pod,
      clusterCIDR: cidr.cluster,
      bridge,
      networkName,
      podsCgroup,
      podLogsDir: join(base, 'pod-logs'),
      podManifestPath: o.podManifestPath ?? join(base, 'manifests'),
      ...o.extra,
    });
  } catch (err) {
    await cleanup().catch(() => {});
    throw err;
  }
  return {
    agent,
    id,
    nodeName,
    base,
    bridge,
    podCIDR: cidr.pod,
    podsCgroup,
    async assertOnBridge(ip: string) {
      const route = await routeGet(ip);
      if (route.dev !== bridge)
        throw new Error(`${ip} is not routed to the test bridge ${bridge}: ${JSON.stringify(route)}`);
    },
    cleanup,
    leftovers: () =>
      nodeHostLeftovers({
        network,
        podsCgroup,
        dirs: [base],
        netnsDir: join(runDir, 'io.containerd.grpc.v1.cri', 'netns'),
      }),
  };
}
