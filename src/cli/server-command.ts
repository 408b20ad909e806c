// `kts server` (API server + store + scheduler + controllers + local agent) and
// `kts apiserver` (the API server alone). This file only assembles components.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ApiServer } from '../apiserver/api-server.ts';
import { startHttpServer } from '../apiserver/http-server.ts';
import { parseDuration } from '../machinery/time.ts';
import { openStore } from '../storage/open-store.ts';
import { addNodeFlags } from './agent-command.ts';
import { loadOrCreateClusterCA } from './cluster-ca.ts';
import { type ComponentFlags, startComponents } from './in-process-components.ts';
import { writeKubeconfig } from './kubeconfig.ts';
import { createLogger } from './logger.ts';
import { loadOrCreateServiceAccountKeys } from './service-account-keys.ts';

export interface ServerFlags extends ComponentFlags {
  dataDir: string;
  datastore?: string;
  bindAddress: string;
  port: string;
  writeKubeconfig: string;
  serviceCidr: string;
  clusterCidr: string;
  serviceNodePortRange: string;
  metricResolution: string;
  v: string;
}

function addServerFlags(cmd: Command): Command {
  return cmd
    .option('--data-dir <dir>', 'directory for kts state', '/var/lib/kts')
    .option(
      '--datastore <url>',
      'datastore: sqlite:///path/state.db (default under --data-dir) or etcd://host:2379,...',
    )
    .option('--bind-address <ip>', 'address the API server listens on', '127.0.0.1')
    .option('--port <port>', 'port the API server listens on (0: any free port)', '6443')
    .option('--write-kubeconfig <path>', 'where to write the admin kubeconfig', '/etc/kts/kts.yaml')
    .option('--service-cidr <cidr>', 'IPv4 range for Service ClusterIPs', '10.43.0.0/16')
    .option('--cluster-cidr <cidr>', 'IPv4 range for pod IPs (a /24 per node)', '10.42.0.0/16')
    .option('--service-node-port-range <range>', 'port range for NodePort Services', '30000-32767')
    .option(
      '--metric-resolution <duration>',
      'how long a kubelet sample serves the metrics.k8s.io API (kubectl top, HPA)',
      '15s',
    )
    .option('-v <level>', 'log verbosity (0-5)', '0');
}

export async function runApiServer(
  flags: ServerFlags,
): Promise<{ stop(): Promise<void>; port: number; api: ApiServer }> {
  const log = createLogger(Number(flags.v));
  mkdirSync(join(flags.dataDir, 'server'), { recursive: true });
  const datastore = flags.datastore ?? `sqlite://${join(flags.dataDir, 'server', 'state.db')}`;
  const store = await openStore(datastore);
  const [lo, hi] = flags.serviceNodePortRange.split('-').map(Number) as [number, number];
  const port = Number(flags.port);
  // The port is known only after listening (--port 0): start HTTP first, serve once ready.
  let api: ApiServer | undefined;
  const http = await startHttpServer({
    host: flags.bindAddress,
    port,
    handler: async (request, peer) =>
      api
        ? api.handle(request, undefined, peer)
        : new Response('the API server is starting', { status: 503 }),
    onUpgrade: (req, socket, head, peer) =>
      api ? api.handleUpgrade(req, socket, head, peer) : socket.destroy(),
  });
  api = new ApiServer({
    store,
    serviceAccountKeys: loadOrCreateServiceAccountKeys(join(flags.dataDir, 'server', 'tls', 'service.key')),
    advertiseAddress: `${flags.bindAddress}:${http.port}`,
    serviceCIDR: flags.serviceCidr,
    nodePortRange: [lo, hi],
    endpoint: { ip: flags.bindAddress === '0.0.0.0' ? '127.0.0.1' : flags.bindAddress, port: http.port },
    metricResolutionMs: parseDuration(flags.metricResolution) / 1e6,
    log: (m) => log.warn(m),
  });
  await api.start();
  const ca = loadOrCreateClusterCA(join(flags.dataDir, 'server', 'tls'));
  const components = await startComponents(api, { ...flags, rootCACert: ca.cert }, log);
  const server = `http://${flags.bindAddress === '0.0.0.0' ? '127.0.0.1' : flags.bindAddress}:${http.port}`;
  writeKubeconfig(flags.writeKubeconfig, { server });
  log.info({ server, kubeconfig: flags.writeKubeconfig, datastore }, 'API server ready');
  const ready = api;
  return {
    port: http.port,
    api: ready,
    async stop() {
      await components.stop();
      await http.close();
      await ready.stop();
      await store.close();
    },
  };
}

function onSignals(stop: () => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(1);
      stopping = true;
      stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

export function registerServerCommands(program: Command): void {
  const server = addServerFlags(
    program
      .command('server')
      .description(
        'run a cluster server: API server, scheduler, controllers and (unless --disable-agent) a local agent',
      ),
  )
    .option('--controllers <list>', 'controllers to run, upstream syntax: *, name, -name', '*')
    .option('--disable-controllers', 'do not run the controller manager in this process')
    .option('--horizontal-pod-autoscaler-sync-period <duration>', 'how often each HPA is reconciled', '15s')
    .option(
      '--horizontal-pod-autoscaler-downscale-stabilization <duration>',
      'window of recommendations an HPA scale-down may not go below',
      '5m0s',
    )
    .option('--disable-scheduler', 'do not run the scheduler in this process')
    .option(
      '--scheduler-config <file>',
      'a KubeSchedulerConfiguration for the scheduler (kubescheduler.config.k8s.io/v1)',
    )
    .option('--disable-agent', 'do not run a kubelet and proxy on this machine');
  addNodeFlags(server).action(async (flags: ServerFlags) => {
    const running = await runApiServer(flags);
    console.log(
      `kts server is ready. Use it with: export KUBECONFIG=${flags.writeKubeconfig}; kubectl get ns`,
    );
    onSignals(running.stop);
  });
  addServerFlags(program.command('apiserver').description('run the API server alone')).action(
    async (flags: ServerFlags) => {
      const running = await runApiServer({
        ...flags,
        disableControllers: true,
        disableScheduler: true,
        disableAgent: true,
      });
      onSignals(running.stop);
    },
  );
}
