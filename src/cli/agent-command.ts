// `kts agent`: the node side of a cluster (kubelet; the proxy later) joining an API server, and
// runAgent(), which `kts server` also calls to run its local agent in-process. Wiring only:
// the container runtime (node-runtime.ts), a client, the kubelet.
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { Client, connect, type Fetch, loadKubeconfig } from '../client/index.ts';
import { DEFAULT_CONTAINERD_RUN_DIR } from '../kubelet/containerd/config.ts';
import { DEFAULT_KUBELET_PORT } from '../kubelet/defaults.ts';
import type { Kubelet, KubeletOptions } from '../kubelet/kubelet.ts';
import type { NodeRuntime } from '../kubelet/node-runtime.ts';
import { createLogger, type Logger } from './logger.ts';

export const DEFAULT_DATA_DIR = '/var/lib/kts';

export interface AgentOptions {
  /** An existing client; otherwise built from `fetch`, kubeconfig or server+token. */
  client?: Client;
  /** A transport into the API server (kts server's in-process one), with `server` as its base URL. */
  fetch?: Fetch;
  server?: string;
  token?: string;
  kubeconfig?: string;
  dataDir?: string;
  nodeName?: string;
  nodeIP?: string;
  /** Static pod manifests (default /etc/kts/manifests). */
  podManifestPath?: string;
  containerRuntimeEndpoint?: string;
  kubeletPort?: number;
  /** Set the node's podCIDR when the node-ipam controller has not. */
  podCIDR?: string;
  clusterCIDR?: string;
  clusterDNS?: string[];
  clusterDomain?: string;
  /** A server's own node: labelled control-plane (as k3s labels its servers). */
  controlPlane?: boolean;
  /** Volatile runtime state (default /run/kts/containerd for the default data dir). */
  runDir?: string;
  podLogsDir?: string;
  podsCgroup?: string;
  bridge?: string;
  networkName?: string;
  log?: Logger;
  /** Kubelet timings (tests shorten them). */
  timings?: Pick<KubeletOptions, 'nodeStatusUpdateMs' | 'runtimeDownThresholdMs' | 'plegPeriodMs'>;
}

export interface RunningAgent {
  kubelet: Kubelet;
  runtime: NodeRuntime;
  /** Stops the kubelet and starts a new one on the same runtime (containers keep running). */
  restartKubelet(): Promise<Kubelet>;
  /** Stops the kubelet and containerd; the pods' containers keep running. */
  stop(): Promise<void>;
}

/** A data dir other than the default gets its own runtime state dir, so two agents never share one. */
export function defaultRunDir(dataDir: string): string {
  if (dataDir === DEFAULT_DATA_DIR) return DEFAULT_CONTAINERD_RUN_DIR;
  const hash = createHash('sha256').update(dataDir).digest('hex').slice(0, 10);
  return `/run/kts/containerd-${hash}`;
}

function clientFor(o: AgentOptions): { client: Client; close(): Promise<void> } {
  if (o.client) return { client: o.client, close: async () => {} };
  const userAgent = 'kubelet/v1.32.4-kts.1 (linux) kts';
  if (o.fetch) {
    const client = new Client({
      fetch: o.fetch,
      fieldManager: 'kubelet',
      userAgent,
      ...(o.server ? { server: o.server } : {}),
    });
    return { client, close: async () => {} };
  }
  if (o.kubeconfig) {
    const c = connect(loadKubeconfig(o.kubeconfig), { fieldManager: 'kubelet', userAgent });
    return c;
  }
  if (!o.server) throw new Error('kts agent needs --server URL (with --token) or --kubeconfig FILE');
  const c = connect(
    { server: o.server, token: o.token, namespace: 'default' },
    { fieldManager: 'kubelet', userAgent },
  );
  return c;
}

export async function runAgent(o: AgentOptions): Promise<RunningAgent> {
  // Loaded here, not at the top: every kts command loads this file to register `kts agent`.
  const [{ Kubelet }, { detectNodeIP }, { startNodeRuntime }] = await Promise.all([
    import('../kubelet/kubelet.ts'),
    import('../kubelet/node/node-ip.ts'),
    import('../kubelet/node-runtime.ts'),
  ]);
  const log = o.log ?? createLogger(0, 'kts-agent');
  const dataDir = o.dataDir ?? DEFAULT_DATA_DIR;
  const { client, close } = clientFor(o);
  const runtime = await startNodeRuntime({
    dataDir,
    runDir: o.runDir ?? defaultRunDir(dataDir),
    containerRuntimeEndpoint: o.containerRuntimeEndpoint,
    clusterCIDR: o.clusterCIDR,
    bridge: o.bridge,
    networkName: o.networkName,
    onEvent: (e) => log.info({ event: e }, 'containerd'),
  });
  const nodeIP = o.nodeIP ?? (await detectNodeIP());
  const kubeletOptions: KubeletOptions = {
    client,
    runtime,
    nodeName: (o.nodeName ?? hostname()).toLowerCase(),
    nodeIP,
    rootDir: join(dataDir, 'agent', 'kubelet'),
    podLogsDir: o.podLogsDir ?? join(dataDir, 'agent', 'logs', 'pods'),
    port: o.kubeletPort ?? DEFAULT_KUBELET_PORT,
    podManifestPath: o.podManifestPath ?? '/etc/kts/manifests',
    podCIDR: o.podCIDR,
    controlPlane: o.controlPlane,
    clusterDNS: o.clusterDNS,
    clusterDomain: o.clusterDomain,
    podsCgroup: o.podsCgroup,
    log,
    ...o.timings,
  };
  let kubelet = new Kubelet(kubeletOptions);
  try {
    await kubelet.start();
  } catch (err) {
    await kubelet.stop().catch(() => {});
    await runtime.stop();
    await close();
    throw err;
  }
  return {
    get kubelet() {
      return kubelet;
    },
    runtime,
    async restartKubelet() {
      await kubelet.stop();
      kubelet = new Kubelet(kubeletOptions);
      await kubelet.start();
      return kubelet;
    },
    async stop() {
      await kubelet.stop();
      await runtime.stop();
      await close();
    },
  };
}

/** The node's own flags, shared by `kts agent` and `kts server` (whose local agent takes them, as k3s's server does). */
export interface NodeFlags {
  nodeName?: string;
  nodeIp?: string;
  podManifestPath: string;
  containerRuntimeEndpoint?: string;
  kubeletPort: string;
  clusterDns?: string;
  clusterDomain: string;
  podLogDir?: string;
  cgroupRoot?: string;
  cniBridge?: string;
  cniNetwork?: string;
}

export function addNodeFlags(cmd: Command): Command {
  return cmd
    .option('--node-name <name>', 'node name (default: the hostname)')
    .option('--node-ip <ip>', "the node's InternalIP (default: the address of the default route's interface)")
    .option('--pod-manifest-path <dir>', 'directory of static pod manifests', '/etc/kts/manifests')
    .option('--container-runtime-endpoint <endpoint>', 'use this CRI socket instead of starting containerd')
    .option(
      '--kubelet-port <port>',
      "port of the kubelet's server (0: any free port)",
      String(DEFAULT_KUBELET_PORT),
    )
    .option('--cluster-dns <ips>', 'comma-separated cluster DNS server IPs')
    .option('--cluster-domain <domain>', 'cluster DNS domain', 'cluster.local')
    .option('--pod-log-dir <dir>', 'where pod logs go (default <data-dir>/agent/logs/pods)')
    .option('--cgroup-root <path>', 'cgroup under which pods run (default /kubepods)')
    .option('--cni-bridge <name>', 'the pod network bridge (default kts0)')
    .option('--cni-network <name>', 'the CNI network name (default kts)');
}

/** runAgent's options from the node flags. */
export function nodeOptions(flags: NodeFlags): AgentOptions {
  return {
    nodeName: flags.nodeName,
    nodeIP: flags.nodeIp,
    podManifestPath: flags.podManifestPath,
    containerRuntimeEndpoint: flags.containerRuntimeEndpoint,
    kubeletPort: Number(flags.kubeletPort),
    clusterDNS: flags.clusterDns ? flags.clusterDns.split(',').filter(Boolean) : undefined,
    clusterDomain: flags.clusterDomain,
    podLogsDir: flags.podLogDir,
    podsCgroup: flags.cgroupRoot,
    bridge: flags.cniBridge,
    networkName: flags.cniNetwork,
  };
}

interface AgentFlags extends NodeFlags {
  server?: string;
  token?: string;
  kubeconfig?: string;
  dataDir: string;
  podCidr?: string;
  clusterCidr: string;
  v: string;
}

export function registerAgentCommand(program: Command): void {
  addNodeFlags(
    program
      .command('agent')
      .description('run a node (kubelet) that joins a kts server')
      .option('--server <url>', 'the API server to join')
      .option('--token <token>', 'bearer token for the API server')
      .option('--kubeconfig <file>', 'kubeconfig to reach the API server (instead of --server/--token)')
      .option('--data-dir <dir>', 'directory for the agent state', DEFAULT_DATA_DIR)
      .option('--pod-cidr <cidr>', "the node's pod CIDR when the cluster does not assign one")
      .option(
        '--cluster-cidr <cidr>',
        'the cluster pod CIDR (guarded by an unreachable route)',
        '10.42.0.0/16',
      ),
  )
    .option('-v <level>', 'log verbosity (0-5)', '0')
    .action(async (flags: AgentFlags) => {
      const agent = await runAgent({
        ...nodeOptions(flags),
        server: flags.server,
        token: flags.token,
        kubeconfig: flags.kubeconfig,
        dataDir: flags.dataDir,
        podCIDR: flags.podCidr,
        clusterCIDR: flags.clusterCidr,
        log: createLogger(Number(flags.v), 'kts-agent'),
      });
      let stopping = false;
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.on(signal, () => {
          if (stopping) process.exit(1);
          stopping = true;
          agent.stop().then(
            () => process.exit(0),
            () => process.exit(1),
          );
        });
      }
    });
}
