// The agent's container runtime, brought up in order: kts's own containerd (or an existing CRI
// endpoint), the safety route for the cluster CIDR, the built-in images (the pause image must be
// there before any pod), the archives in <data-dir>/agent/images/, and — once the node knows its
// podCIDR — the CNI network. This is what `kts agent` / `kts server` call before the pod workers.
import { join } from 'node:path';
import { DEFAULT_BRIDGE, DEFAULT_CLUSTER_CIDR, DEFAULT_NETWORK_NAME } from './cni/conflist.ts';
import {
  ensureUnreachableRoute,
  type NodeNetworkOptions,
  removeUnreachableRoute,
  setupNodeNetwork,
  teardownNodeNetwork,
} from './cni/pod-network.ts';
import { type ContainerdLayout, containerdLayout, DEFAULT_CONTAINERD_RUN_DIR } from './containerd/config.ts';
import { ContainerdSupervisor, type SupervisorEvent } from './containerd/supervisor.ts';
import { CriClient, criTarget } from './cri/cri-client.ts';
import { type DirectoryImport, ensureBuiltinImages, importImageDirectory } from './images/agent-images.ts';
import { PAUSE_IMAGE } from './images/builtin-images.ts';

export interface NodeRuntimeOptions {
  /** kts's data dir (default /var/lib/kts); the agent's things live in <dataDir>/agent. */
  dataDir?: string;
  /** containerd's volatile state (default /run/kts/containerd). */
  runDir?: string;
  /** Use this CRI endpoint instead of starting containerd (kubelet --container-runtime-endpoint). */
  containerRuntimeEndpoint?: string;
  /** Where the runtime reads CNI configs (an external runtime's; ours by default). */
  cniConfDir?: string;
  /** The cluster's pod CIDR, guarded by the unreachable route (default 10.42.0.0/16). */
  clusterCIDR?: string;
  /** CNI network and bridge names (defaults `kts`, `kts0`). */
  networkName?: string;
  bridge?: string;
  onEvent?: (event: SupervisorEvent) => void;
}

export interface NodeRuntime {
  cri: CriClient;
  /** `unix:///…` */
  endpoint: string;
  /** Set when kts runs its own containerd. */
  layout?: ContainerdLayout;
  supervisor?: ContainerdSupervisor;
  /** Built-in images imported at this start (empty when they were there already). */
  builtinImported: string[];
  /** What happened to each archive of the images directory. */
  archives: DirectoryImport[];
  /** Writes the CNI network for the node's podCIDR (idempotent; call again if it changes). */
  setupPodNetwork(podCIDR: string): Promise<NodeNetworkOptions>;
  /** Stops containerd (containers keep running) and closes the client. */
  stop(): Promise<void>;
  /** The network options last set up, for teardown. */
  network?: NodeNetworkOptions;
  /** Removes the network setup (conflist, bridge, leases, chains) and the safety route. */
  teardownPodNetwork(): Promise<void>;
}

export async function startNodeRuntime(options: NodeRuntimeOptions = {}): Promise<NodeRuntime> {
  const agentDir = join(options.dataDir ?? '/var/lib/kts', 'agent');
  const clusterCIDR = options.clusterCIDR ?? DEFAULT_CLUSTER_CIDR;
  let layout: ContainerdLayout | undefined;
  let supervisor: ContainerdSupervisor | undefined;
  let endpoint: string;
  if (options.containerRuntimeEndpoint) {
    endpoint = criTarget(options.containerRuntimeEndpoint);
  } else {
    layout = containerdLayout({
      agentDir,
      runDir: options.runDir ?? DEFAULT_CONTAINERD_RUN_DIR,
      cniConfDir: options.cniConfDir,
    });
    supervisor = new ContainerdSupervisor({ layout, sandboxImage: PAUSE_IMAGE, onEvent: options.onEvent });
    await supervisor.start();
    endpoint = supervisor.endpoint;
  }
  // Before any pod can get an address, traffic to pod subnets no node holds goes nowhere.
  await ensureUnreachableRoute(clusterCIDR);

  const cri = new CriClient(endpoint);
  const socket = endpoint.slice('unix://'.length);
  try {
    await cri.waitForReady(30_000);
    const builtinImported = await ensureBuiltinImages(cri, { socket });
    const archives = await importImageDirectory(join(agentDir, 'images'), {
      socket,
      stateFile: join(agentDir, 'images-imported.json'),
    });
    const cniConfDir = options.cniConfDir ?? layout?.cniConfDir ?? '/etc/cni/net.d';
    const runtime: NodeRuntime = {
      cri,
      endpoint,
      layout,
      supervisor,
      builtinImported,
      archives,
      async setupPodNetwork(podCIDR: string) {
        const network: NodeNetworkOptions = {
          networkName: options.networkName ?? DEFAULT_NETWORK_NAME,
          bridge: options.bridge ?? DEFAULT_BRIDGE,
          podCIDR,
          clusterCIDR,
          ipamDataDir: join(agentDir, 'cni', 'ipam'),
          cniConfDir,
        };
        await setupNodeNetwork(network);
        runtime.network = network;
        return network;
      },
      async teardownPodNetwork() {
        if (runtime.network) await teardownNodeNetwork(runtime.network);
        else await removeUnreachableRoute(clusterCIDR);
      },
      async stop() {
        cri.close();
        await supervisor?.stop();
      },
    };
    return runtime;
  } catch (err) {
    cri.close();
    await supervisor?.stop();
    throw err;
  }
}
