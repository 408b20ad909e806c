// Cleaning a node (`kts killall`): an agent that stops leaves its pods running on purpose, so that
// the next agent adopts them (as k3s does). To take a node back to nothing, this ends them and
// removes everything the agent set up on the host: containers, shims and kts's containerd (via
// cleanupContainerdLeftovers), the mounts under its dirs, the CNI network (conflist, bridge,
// leases, cache, portmap chains), the safety route for the cluster CIDR and the pods' cgroups.
// Everything is found by this agent's own names and dirs; nothing else on the host is touched.
import { readFileSync, rmdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { removeCgroupTree } from './cgroups/cgroup-tree.ts';
import { DEFAULT_BRIDGE, DEFAULT_CLUSTER_CIDR, DEFAULT_NETWORK_NAME } from './cni/conflist.ts';
import { runCommand } from './cni/host-commands.ts';
import { teardownNodeNetwork } from './cni/pod-network.ts';
import { containerdLayout } from './containerd/config.ts';
import {
  cleanupContainerdLeftovers,
  containerdPids,
  type LeftoverReport,
  mountsUnder,
} from './containerd/leftovers.ts';
import { processArgv } from './containerd/processes.ts';
import { DEFAULT_PODS_CGROUP } from './pod/qos.ts';

export interface NodeCleanupOptions {
  /** kts's data dir; the agent's things live in <dataDir>/agent. */
  dataDir: string;
  /** containerd's volatile state dir (the agent's runDir). */
  runDir: string;
  clusterCIDR?: string;
  networkName?: string;
  bridge?: string;
  podsCgroup?: string;
}

export interface NodeCleanupReport extends LeftoverReport {
  /** Mount points under the data dir left after containerd's (volume mounts of the kubelet). */
  volumeMounts: string[];
  /** Cgroup directories removed under the pods' cgroup root. */
  cgroups: number;
}

/** The parent PID of a process (0 when it is gone). */
function parentPid(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
}

/**
 * Whether a process whose child is this layout's containerd is a live agent: containerd is its
 * supervisor's child, and re-parented (to PID 1 or a subreaper, which is not a Node process)
 * once the agent is gone. Pure.
 */
export function isAgentProcess(argv0: string | undefined): boolean {
  return argv0 !== undefined && /^node(\d+)?$/.test(basename(argv0));
}

/** The PID of a running agent that supervises this node's containerd, if any. */
export function runningAgent(o: Pick<NodeCleanupOptions, 'dataDir' | 'runDir'>): number | undefined {
  const layout = containerdLayout({ agentDir: join(o.dataDir, 'agent'), runDir: o.runDir });
  for (const pid of containerdPids(layout.configFile)) {
    const parent = parentPid(pid);
    if (parent > 1 && isAgentProcess(processArgv(parent)[0])) return parent;
  }
  return undefined;
}

/** Ends the node's pods and removes what the agent set up on the host. Call with the agent stopped. */
export async function cleanNode(o: NodeCleanupOptions): Promise<NodeCleanupReport> {
  const agentDir = join(o.dataDir, 'agent');
  const layout = containerdLayout({ agentDir, runDir: o.runDir });
  const networkName = o.networkName ?? DEFAULT_NETWORK_NAME;
  const ipamDataDir = join(agentDir, 'cni', 'ipam');
  const leftovers = await cleanupContainerdLeftovers(layout, { networkName, ipamDataDir });
  // The kubelet's volume mounts (tmpfs for secrets and emptyDir, binds) under the data dir.
  const volumeMounts = mountsUnder(readFileSync('/proc/self/mountinfo', 'utf8'), [o.dataDir, o.runDir]);
  for (const point of volumeMounts) {
    const r = await runCommand('umount', [point]);
    if (r.code !== 0) await runCommand('umount', ['-l', point]);
  }
  await teardownNodeNetwork({
    networkName,
    bridge: o.bridge ?? DEFAULT_BRIDGE,
    clusterCIDR: o.clusterCIDR ?? DEFAULT_CLUSTER_CIDR,
    ipamDataDir,
    cniConfDir: layout.cniConfDir,
  });
  const cgroups = removeCgroupTree(o.podsCgroup ?? DEFAULT_PODS_CGROUP);
  rmSync(o.runDir, { recursive: true, force: true });
  // The default run dirs live in /run/kts; it goes too once nothing else is in it.
  if (basename(dirname(o.runDir)) === 'kts') {
    try {
      rmdirSync(dirname(o.runDir));
    } catch {
      // another data dir's run dir is still there
    }
  }
  return { ...leftovers, volumeMounts, cgroups };
}
