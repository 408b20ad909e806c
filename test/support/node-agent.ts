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
import { removeUnreachableRoute, teardownNodeNetwork } from '../../src/kubelet/cni/pod-network.ts';
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
async function freeTestCidr(): Promise<{ cluster: string; pod: string }> {
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
    await step(() => teardownNodeNetwork(network));
    await step(() => removeUnreachableRoute(cidr.cluster));
    await step(() => removeCgroupTree(podsCgroup));
    await step(async () => {
      const mountinfo = readFileSync('/proc/self/mountinfo', 'utf8');
      for (const point of mountsUnder(mountinfo, [base])) await runCommand('umount', ['-l', point]);
    });
    await step(() => rmSync(base, { recursive: true, force: true }));
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
    async leftovers() {
      const found: string[] = [];
      if (await linkExists(bridge)) found.push(`bridge ${bridge}`);
      if (cgroupExists(podsCgroup)) found.push(`cgroup ${podsCgroup}`);
      const mounts = mountsUnder(readFileSync('/proc/self/mountinfo', 'utf8'), [base]);
      found.push(...mounts.map((m) => `mount ${m}`));
      const netns = join(runDir, 'io.containerd.grpc.v1.cri', 'netns');
      if (existsSync(netns)) found.push(...readdirSync(netns).map((n) => `netns ${n}`));
      const unreachable = (await runCommand('ip', ['-j', 'route', 'show', 'type', 'unreachable'])).stdout;
      if (unreachable.includes(cidr.cluster)) found.push(`route ${cidr.cluster}`);
      return found;
    },
  };
}
