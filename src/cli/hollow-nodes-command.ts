// `kts hollow-nodes`: simulated nodes (kubelets without containers) for scale tests.
import type { Command } from 'commander';
import { connect, loadKubeconfig } from '../client/index.ts';
import { createLogger } from './logger.ts';

interface HollowFlags {
  count: string;
  kubeconfig?: string;
  startIndex: string;
  prefix: string;
  zones: string;
  cpu: string;
  memory: string;
  maxPods: string;
  removeOnStop?: boolean;
  heartbeat: boolean;
  runPods: boolean;
  v: string;
}

export function registerHollowNodesCommand(program: Command): void {
  program
    .command('hollow-nodes')
    .description('register N simulated nodes that heartbeat and report their pods Running (like kubemark)')
    .requiredOption('--count <n>', 'number of nodes')
    .option('--kubeconfig <file>', 'kubeconfig of the API server (default: $KUBECONFIG, ~/.kube/config)')
    .option('--start-index <n>', 'index of the first node (to split nodes over processes)', '0')
    .option('--prefix <name>', 'node name prefix', 'hollow-node')
    .option('--zones <n>', 'number of zones to spread the nodes over', '3')
    .option('--cpu <quantity>', 'cpu capacity of each node', '4')
    .option('--memory <quantity>', 'memory capacity of each node', '32Gi')
    .option('--max-pods <n>', 'pod capacity of each node', '110')
    .option('--remove-on-stop', 'delete the nodes and their leases on SIGINT/SIGTERM')
    .option(
      '--no-heartbeat',
      'register, then stop renewing leases and node status (plain nodes, as scheduler_perf)',
    )
    .option('--no-run-pods', 'leave pods bound to the nodes Pending (do not report them Running)')
    .option('-v <level>', 'log verbosity (0-5)', '0')
    .action(async (flags: HollowFlags) => {
      const { runHollowNodes } = await import('../hollow/hollow-nodes.ts');
      const log = createLogger(Number(flags.v), 'hollow-nodes');
      const conn = connect(flags.kubeconfig ? loadKubeconfig(flags.kubeconfig) : loadKubeconfig(), {
        fieldManager: 'kubelet',
      });
      const hollow = await runHollowNodes({
        client: conn.client,
        count: Number(flags.count),
        startIndex: Number(flags.startIndex),
        shape: {
          prefix: flags.prefix,
          zones: Number(flags.zones),
          cpu: flags.cpu,
          memory: flags.memory,
          pods: Number(flags.maxPods),
        },
        removeNodesOnStop: flags.removeOnStop === true,
        heartbeat: flags.heartbeat,
        runPods: flags.runPods,
        log: (msg, fields) => log.info(fields ?? {}, msg),
      });
      log.info({ count: hollow.nodeNames.length }, 'hollow nodes ready');
      let stopping = false;
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.on(signal, () => {
          if (stopping) process.exit(1);
          stopping = true;
          hollow
            .stop()
            .then(() => conn.close())
            .then(
              () => process.exit(0),
              () => process.exit(1),
            );
        });
      }
    });
}
