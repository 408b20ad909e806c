// `kts controller-manager`: the controller manager alone, against an API server named by a
// kubeconfig, with kube-controller-manager's flags for choosing controllers and electing a leader.
import type { Command } from 'commander';
import { connect, loadKubeconfig } from '../client/index.ts';
import { parseDuration } from '../machinery/time.ts';

interface ControllerManagerFlags {
  kubeconfig?: string;
  controllers: string;
  leaderElect?: boolean;
  leaderElectLeaseDuration: string;
  leaderElectRenewDeadline: string;
  leaderElectRetryPeriod: string;
  nodeMonitorGracePeriod: string;
  clusterCidr: string;
  terminatedPodGcThreshold: string;
  horizontalPodAutoscalerSyncPeriod: string;
  horizontalPodAutoscalerDownscaleStabilization: string;
  horizontalPodAutoscalerTolerance: string;
  horizontalPodAutoscalerCpuInitializationPeriod: string;
  horizontalPodAutoscalerInitialReadinessDelay: string;
}

const ms = (duration: string) => parseDuration(duration) / 1e6;

export function registerControllerManagerCommand(program: Command): void {
  program
    .command('controller-manager')
    .description('run the controller manager (workload and core controllers) against an API server')
    .option('--kubeconfig <path>', 'kubeconfig of the API server (default: $KUBECONFIG or ~/.kube/config)')
    .option('--controllers <list>', "controllers to run: '*' (all on by default), 'foo', '-foo'", '*')
    .option(
      '--leader-elect',
      'elect a leader on the Lease kube-system/kube-controller-manager before running',
    )
    .option('--leader-elect-lease-duration <duration>', 'how long a non-renewed lease holds', '15s')
    .option('--leader-elect-renew-deadline <duration>', 'how long the leader keeps trying to renew', '10s')
    .option('--leader-elect-retry-period <duration>', 'wait between acquire/renew attempts', '2s')
    .option(
      '--node-monitor-grace-period <duration>',
      'unrenewed node Lease time before a node is Unknown',
      '40s',
    )
    .option('--cluster-cidr <cidr>', 'pod network, a /24 per node', '10.42.0.0/16')
    .option('--terminated-pod-gc-threshold <n>', 'terminated pods kept before pod GC deletes them', '12500')
    .option('--horizontal-pod-autoscaler-sync-period <duration>', 'how often each HPA is reconciled', '15s')
    .option(
      '--horizontal-pod-autoscaler-downscale-stabilization <duration>',
      'window of recommendations a scale-down may not go below',
      '5m0s',
    )
    .option(
      '--horizontal-pod-autoscaler-tolerance <ratio>',
      'usage/target distance that changes nothing',
      '0.1',
    )
    .option(
      '--horizontal-pod-autoscaler-cpu-initialization-period <duration>',
      'after a pod starts, CPU samples count only once it is ready',
      '5m0s',
    )
    .option(
      '--horizontal-pod-autoscaler-initial-readiness-delay <duration>',
      'after a pod starts, readiness changes count as its first',
      '30s',
    )
    .action(async (flags: ControllerManagerFlags) => {
      const { runControllerManager } = await import('../controllers/manager.ts');
      const { client, close } = connect(
        flags.kubeconfig ? loadKubeconfig(flags.kubeconfig) : loadKubeconfig(),
        {
          fieldManager: 'kube-controller-manager',
        },
      );
      const manager = await runControllerManager({
        client,
        controllers: flags.controllers.split(','),
        leaderElect: flags.leaderElect === true,
        leaderElection: {
          leaseDurationMs: ms(flags.leaderElectLeaseDuration),
          renewDeadlineMs: ms(flags.leaderElectRenewDeadline),
          retryPeriodMs: ms(flags.leaderElectRetryPeriod),
        },
        settings: {
          nodeMonitorGracePeriodMs: ms(flags.nodeMonitorGracePeriod),
          clusterCIDR: flags.clusterCidr,
          terminatedPodGCThreshold: Number(flags.terminatedPodGcThreshold),
          hpaSyncPeriodMs: ms(flags.horizontalPodAutoscalerSyncPeriod),
          hpaDownscaleStabilizationMs: ms(flags.horizontalPodAutoscalerDownscaleStabilization),
          hpaTolerance: Number(flags.horizontalPodAutoscalerTolerance),
          hpaCpuInitializationPeriodMs: ms(flags.horizontalPodAutoscalerCpuInitializationPeriod),
          hpaInitialReadinessDelayMs: ms(flags.horizontalPodAutoscalerInitialReadinessDelay),
        },
      });
      console.error(`kts controller-manager running: ${manager.controllers.join(', ')}`);
      let stopping = false;
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.on(signal, () => {
          if (stopping) process.exit(1);
          stopping = true;
          manager
            .stop()
            .then(() => close())
            .then(
              () => process.exit(0),
              () => process.exit(1),
            );
        });
      }
    });
}
