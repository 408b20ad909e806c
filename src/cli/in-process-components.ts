// The control-plane components `kts server` runs beside its API server: the scheduler and the
// controller manager, and the machine's own agent (kubelet). They talk to the API server through the same client interface they use
// over HTTP, but the transport hands each request straight to `ApiServer.handle`, so nothing
// leaves the process. Each runs leader-elected, so several servers share one active instance.

import { hostname } from 'node:os';
import type { ApiServer } from '../apiserver/api-server.ts';
import type { Fetch } from '../client/index.ts';
import { parseDuration } from '../machinery/time.ts';
import { type NodeFlags, nodeOptions, runAgent } from './agent-command.ts';
import type { Logger } from './logger.ts';

/** The origin in-process components use: any URL does, requests never go to the network. */
const IN_PROCESS_URL = 'http://kts.in-process';

export interface ComponentFlags extends Partial<NodeFlags> {
  disableControllers?: boolean;
  controllers?: string;
  /** HPA sync period and downscale stabilization (Go durations), as kube-controller-manager's flags. */
  horizontalPodAutoscalerSyncPeriod?: string;
  horizontalPodAutoscalerDownscaleStabilization?: string;
  disableScheduler?: boolean;
  schedulerConfig?: string;
  disableAgent?: boolean;
  clusterCidr: string;
  dataDir: string;
  /** PEM root CA published to every namespace as kube-root-ca.crt. */
  rootCACert?: string;
}

export interface RunningComponents {
  stop(): Promise<void>;
}

/** A transport into this process's API server for a component acting as `username`. */
function inProcess(api: ApiServer, username: string): Fetch {
  const user = { username, groups: ['system:authenticated'] };
  return (request) => api.handle(request, user);
}

/** The first /24 of the cluster CIDR (given by its network address, e.g. 10.42.0.0/16). */
function firstSubnet(clusterCidr: string): string {
  return clusterCidr.replace(/\/\d+$/, '/24');
}

export async function startComponents(
  api: ApiServer,
  flags: ComponentFlags,
  log: Logger,
): Promise<RunningComponents> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s();
  };
  try {
    // Each component's code is loaded only when it runs (an API-server-only process stays small).
    if (!flags.disableScheduler) {
      const [{ resolveConfiguration }, { loadConfiguration }, { runScheduler }] = await Promise.all([
        import('../scheduler/config/defaults.ts'),
        import('../scheduler/config/load.ts'),
        import('../scheduler/run-scheduler.ts'),
      ]);
      const scheduler = await runScheduler({
        fetch: inProcess(api, 'system:kube-scheduler'),
        server: IN_PROCESS_URL,
        config: flags.schedulerConfig ? loadConfiguration(flags.schedulerConfig) : resolveConfiguration(),
        leaderElect: true,
        log: (level, msg, fields) => log[level]({ component: 'scheduler', ...fields }, msg),
      });
      stops.push(() => scheduler.stop());
    }
    if (!flags.disableControllers) {
      const { runControllerManager } = await import('../controllers/manager.ts');
      const manager = await runControllerManager({
        fetch: inProcess(api, 'system:kube-controller-manager'),
        server: IN_PROCESS_URL,
        controllers: flags.controllers?.split(',').map((c) => c.trim()) ?? ['*'],
        leaderElect: true,
        settings: {
          clusterCIDR: flags.clusterCidr,
          localPathStorageDir: `${flags.dataDir}/storage`,
          ...(flags.horizontalPodAutoscalerSyncPeriod
            ? { hpaSyncPeriodMs: parseDuration(flags.horizontalPodAutoscalerSyncPeriod) / 1e6 }
            : {}),
          ...(flags.horizontalPodAutoscalerDownscaleStabilization
            ? {
                hpaDownscaleStabilizationMs:
                  parseDuration(flags.horizontalPodAutoscalerDownscaleStabilization) / 1e6,
              }
            : {}),
          ...(flags.rootCACert ? { rootCACert: flags.rootCACert } : {}),
        },
        log: (m) => log.info({ component: 'controller-manager' }, m),
      });
      stops.push(() => manager.stop());
    }
    if (!flags.disableAgent) {
      const nodeName = (flags.nodeName ?? hostname()).toLowerCase();
      const agent = await runAgent({
        ...nodeOptions({
          podManifestPath: '/etc/kts/manifests',
          kubeletPort: '10250',
          clusterDomain: 'cluster.local',
          ...flags,
        }),
        fetch: inProcess(api, `system:node:${nodeName}`),
        server: IN_PROCESS_URL,
        nodeName,
        dataDir: flags.dataDir,
        clusterCIDR: flags.clusterCidr,
        // Without the node-ipam controller nobody else gives this node its pod subnet.
        ...(flags.disableControllers ? { podCIDR: firstSubnet(flags.clusterCidr) } : {}),
        controlPlane: true,
        log: log.child({ component: 'agent' }),
      });
      stops.push(() => agent.stop());
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { stop };
}
