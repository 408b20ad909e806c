// `kts killall`: takes a node back to nothing after `kts server` or `kts agent` stopped. Their
// pods keep running when they stop (the next start adopts them, as with k3s), so this is the one
// way to end them and remove what the agent set up on the host; `--purge` also deletes the state.
import { rmSync } from 'node:fs';
import type { Command } from 'commander';
import { DEFAULT_DATA_DIR, defaultRunDir } from './agent-command.ts';

/** The kubeconfig and static pod manifests of the default install. */
const DEFAULT_CONFIG_DIR = '/etc/kts';

interface KillallFlags {
  dataDir: string;
  runDir?: string;
  clusterCidr: string;
  cgroupRoot?: string;
  cniBridge?: string;
  cniNetwork?: string;
  purge?: boolean;
}

export function registerKillallCommand(program: Command): void {
  program
    .command('killall')
    .description(
      "end this node's pods and remove what kts set up on the host (containers, containerd, mounts, bridge, route, cgroups); run it with kts stopped",
    )
    .option('--data-dir <dir>', 'the data dir kts ran with', DEFAULT_DATA_DIR)
    .option(
      '--run-dir <dir>',
      "containerd's volatile state dir (default: the one kts derives from --data-dir)",
    )
    .option('--cluster-cidr <cidr>', 'the cluster pod CIDR kts ran with', '10.42.0.0/16')
    .option('--cgroup-root <path>', 'cgroup under which pods ran (default /kubepods)')
    .option('--cni-bridge <name>', 'the pod network bridge (default kts0)')
    .option('--cni-network <name>', 'the CNI network name (default kts)')
    .option('--purge', `also delete the data dir (and ${DEFAULT_CONFIG_DIR} with the default data dir)`)
    .action(async (flags: KillallFlags, command: Command) => {
      const { cleanNode, runningAgent } = await import('../kubelet/node-cleanup.ts');
      const runDir = flags.runDir ?? defaultRunDir(flags.dataDir);
      const agent = runningAgent({ dataDir: flags.dataDir, runDir });
      if (agent !== undefined) {
        command.error(`error: kts (pid ${agent}) is still running on ${flags.dataDir}: stop it first`);
      }
      const report = await cleanNode({
        dataDir: flags.dataDir,
        runDir,
        clusterCIDR: flags.clusterCidr,
        networkName: flags.cniNetwork,
        bridge: flags.cniBridge,
        podsCgroup: flags.cgroupRoot,
      });
      console.log(
        `stopped ${report.containers.length} containers, ${report.shims.length} shims and ${report.daemons.length} containerd; ` +
          `unmounted ${report.unmounted.length + report.volumeMounts.length} mounts; removed the pod network, its route and ${report.cgroups} cgroups`,
      );
      if (flags.purge) {
        rmSync(flags.dataDir, { recursive: true, force: true });
        if (flags.dataDir === DEFAULT_DATA_DIR) rmSync(DEFAULT_CONFIG_DIR, { recursive: true, force: true });
        console.log(
          `deleted ${flags.dataDir}${flags.dataDir === DEFAULT_DATA_DIR ? ` and ${DEFAULT_CONFIG_DIR}` : ''}`,
        );
      }
    });
}
