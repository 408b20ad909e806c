// `kts scheduler`: the scheduler alone, talking to an API server from a kubeconfig.
import type { Command } from 'commander';
import { connect, loadKubeconfig } from '../client/index.ts';
import { createLogger } from './logger.ts';

interface SchedulerFlags {
  kubeconfig?: string;
  config?: string;
  leaderElect?: boolean;
  v: string;
}

export function registerSchedulerCommand(program: Command): void {
  program
    .command('scheduler')
    .description('run the scheduler against an API server')
    .option('--kubeconfig <file>', 'kubeconfig of the API server (default: $KUBECONFIG, ~/.kube/config)')
    .option('--config <file>', 'a KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1)')
    .option('--leader-elect', 'elect a leader on the Lease kube-system/kube-scheduler (the default)')
    .option('--no-leader-elect', 'schedule without leader election')
    .option('-v <level>', 'log verbosity (0-5)', '0')
    .action(async (flags: SchedulerFlags) => {
      const [{ resolveConfiguration }, { loadConfiguration }, { runScheduler }] = await Promise.all([
        import('../scheduler/config/defaults.ts'),
        import('../scheduler/config/load.ts'),
        import('../scheduler/run-scheduler.ts'),
      ]);
      const log = createLogger(Number(flags.v), 'kube-scheduler');
      const config = flags.config ? loadConfiguration(flags.config) : resolveConfiguration();
      const conn = connect(flags.kubeconfig ? loadKubeconfig(flags.kubeconfig) : loadKubeconfig(), {
        fieldManager: 'kube-scheduler',
      });
      const running = await runScheduler({
        client: conn.client,
        config,
        ...(flags.leaderElect !== undefined ? { leaderElect: flags.leaderElect } : {}),
        log: (level, msg, fields) => log[level](fields ?? {}, msg),
      });
      log.info('scheduler caches synced');
      let stopping = false;
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.on(signal, () => {
          if (stopping) process.exit(1);
          stopping = true;
          running
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
