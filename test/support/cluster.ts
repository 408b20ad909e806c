// A workload test cluster: a `kts server`, the real scheduler and hollow nodes (each their own
// `kts` process), a separate `kts controller-manager`, and the pod-completer fixture for pods
// that run to completion; helpers to add nodes, make namespaces and read objects.
import { type RunningControllerManager, startControllerManager } from './controller-manager.ts';
import { type KtsProcess, startKts } from './kts-process.ts';
import { type RunningServer, startServer } from './kts-server.ts';
import { kubectlOk } from './kubectl.ts';
import { PodCompleter } from './pod-completer.ts';

export interface WorkloadCluster {
  server: RunningServer;
  kubeconfig: string;
  manager: RunningControllerManager;
  /** Starts `count` more hollow nodes, numbered from `startIndex` (stop() removes them). */
  addHollowNodes(count: number, startIndex: number): Promise<KtsProcess>;
  /** Restarts the controller manager (after a kill) with the same arguments. */
  restartManager(): RunningControllerManager;
  /** Creates a namespace with its default ServiceAccount. */
  namespace(name: string): Promise<string>;
  /** `kubectl get -o json` of one object, parsed. */
  get<T = any>(namespace: string, resource: string, name: string): Promise<T>;
  /** `kubectl get -o json` of a list, parsed items. */
  list<T = any>(namespace: string, resource: string, selector?: string): Promise<T[]>;
  stop(): Promise<void>;
}

export async function startWorkloadCluster(
  o: { nodes?: number; managerArgs?: string[] } = {},
): Promise<WorkloadCluster> {
  const server = await startServer();
  const kc = server.kubeconfig;
  const processes: KtsProcess[] = [];
  const completer = new PodCompleter(kc);
  const hollow = (count: number, startIndex: number) => {
    const p = startKts(
      [
        'hollow-nodes',
        '--kubeconfig',
        kc,
        '--count',
        String(count),
        '--start-index',
        String(startIndex),
        '--remove-on-stop',
      ],
      'hollow nodes ready',
    );
    processes.push(p);
    return p;
  };
  const managerArgs = o.managerArgs ?? [];
  const stopAll = async () => {
    await Promise.all(processes.map((p) => p.stop().catch(() => {})));
    await completer.stop().catch(() => {});
    await server.stop();
  };
  let manager: RunningControllerManager;
  try {
    processes.push(startKts(['scheduler', '--kubeconfig', kc, '--no-leader-elect']));
    await hollow(o.nodes ?? 3, 0).ready;
    await completer.start();
    manager = startControllerManager(kc, managerArgs);
    processes.push(manager);
    await manager.ready;
  } catch (e) {
    await stopAll();
    throw e;
  }
  const cluster: WorkloadCluster = {
    server,
    kubeconfig: kc,
    manager,
    async addHollowNodes(count, startIndex) {
      const p = hollow(count, startIndex);
      await p.ready;
      return p;
    },
    restartManager() {
      cluster.manager = startControllerManager(kc, managerArgs);
      processes.push(cluster.manager);
      return cluster.manager;
    },
    async namespace(name) {
      await kubectlOk(kc, ['create', 'namespace', name]).catch((e) => {
        if (!/AlreadyExists|already exists/.test(String(e))) throw e;
      });
      // The serviceaccount controller makes it too once it runs; either way pods need it.
      await kubectlOk(kc, ['-n', name, 'create', 'serviceaccount', 'default']).catch((e) => {
        if (!/AlreadyExists|already exists/.test(String(e))) throw e;
      });
      return name;
    },
    async get(namespace, resource, name) {
      return JSON.parse(await kubectlOk(kc, ['get', resource, name, '-n', namespace, '-o', 'json']));
    },
    async list(namespace, resource, selector) {
      const args = ['get', resource, '-n', namespace, '-o', 'json'];
      if (selector) args.push('-l', selector);
      return JSON.parse(await kubectlOk(kc, args)).items;
    },
    stop: stopAll,
  };
  return cluster;
}
