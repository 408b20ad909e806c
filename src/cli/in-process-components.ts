// The control-plane components `kts server` runs beside its API server: the scheduler and the
// controller manager. They talk to the API server through the same client interface they use
// over HTTP, but the transport hands each request straight to `ApiServer.handle`, so nothing
// leaves the process. Each runs leader-elected, so several servers share one active instance.
import type { ApiServer } from '../apiserver/api-server.ts';
import type { Fetch } from '../client/index.ts';
import { runControllerManager } from '../controllers/manager.ts';
import { resolveConfiguration } from '../scheduler/config/defaults.ts';
import { loadConfiguration } from '../scheduler/config/load.ts';
import { runScheduler } from '../scheduler/run-scheduler.ts';
import type { Logger } from './logger.ts';

/** The origin in-process components use: any URL does, requests never go to the network. */
const IN_PROCESS_URL = 'http://kts.in-process';

export interface ComponentFlags {
  disableControllers?: boolean;
  controllers?: string;
  disableScheduler?: boolean;
  schedulerConfig?: string;
  disableAgent?: boolean;
  clusterCidr: string;
  dataDir: string;
}

export interface RunningComponents {
  stop(): Promise<void>;
}

/** A transport into this process's API server for a component acting as `username`. */
function inProcess(api: ApiServer, username: string): Fetch {
  const user = { username, groups: ['system:authenticated'] };
  return (request) => api.handle(request, user);
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
    if (!flags.disableScheduler) {
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
      const manager = await runControllerManager({
        fetch: inProcess(api, 'system:kube-controller-manager'),
        server: IN_PROCESS_URL,
        controllers: flags.controllers?.split(',').map((c) => c.trim()) ?? ['*'],
        leaderElect: true,
        settings: { clusterCIDR: flags.clusterCidr, localPathStorageDir: `${flags.dataDir}/storage` },
        log: (m) => log.info({ component: 'controller-manager' }, m),
      });
      stops.push(() => manager.stop());
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { stop };
}
