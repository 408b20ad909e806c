// A workload test cluster: a `kts server`, the pod-runner fixture standing in for nodes, and a
// separate `kts controller-manager` process; helpers to make namespaces and read objects.
import { isAlreadyExists, NAMESPACES } from '../../src/client/index.ts';
import { type RunningControllerManager, startControllerManager } from './controller-manager.ts';
import { type RunningServer, startServer } from './kts-server.ts';
import { kubectlOk } from './kubectl.ts';
import { PodRunner, type PodRunnerOptions } from './pod-runner.ts';

export interface WorkloadCluster {
  server: RunningServer;
  kubeconfig: string;
  runner: PodRunner;
  manager: RunningControllerManager;
  /** Creates a namespace with its default ServiceAccount. */
  namespace(name: string): Promise<string>;
  /** `kubectl get -o json` of one object, parsed. */
  get<T = any>(namespace: string, resource: string, name: string): Promise<T>;
  /** `kubectl get -o json` of a list, parsed items. */
  list<T = any>(namespace: string, resource: string, selector?: string): Promise<T[]>;
  stop(): Promise<void>;
}

export async function startWorkloadCluster(
  o: { nodes?: string[]; managerArgs?: string[] } & Partial<PodRunnerOptions> = {},
): Promise<WorkloadCluster> {
  const server = await startServer();
  const kc = server.kubeconfig;
  const runnerOptions: PodRunnerOptions = { nodes: o.nodes ?? ['node-1', 'node-2', 'node-3'] };
  if (o.exitCode) runnerOptions.exitCode = o.exitCode;
  const runner = new PodRunner(kc, runnerOptions);
  let manager: RunningControllerManager | undefined;
  try {
    await runner.start();
    manager = startControllerManager(kc, o.managerArgs ?? []);
  } catch (e) {
    await runner.stop().catch(() => {});
    await server.stop();
    throw e;
  }
  const cluster: WorkloadCluster = {
    server,
    kubeconfig: kc,
    runner,
    manager,
    async namespace(name) {
      try {
        await runner.client
          .resource(NAMESPACES)
          .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      } catch (e) {
        if (!isAlreadyExists(e)) throw e;
      }
      // The serviceaccount controller makes it too once it runs; either way it must exist for pods.
      try {
        await runner.client
          .resource({
            group: '',
            version: 'v1',
            resource: 'serviceaccounts',
            namespaced: true,
            kind: 'ServiceAccount',
          })
          .namespace(name)
          .create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } });
      } catch (e) {
        if (!isAlreadyExists(e)) throw e;
      }
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
    async stop() {
      await cluster.manager.stop().catch(() => {});
      await runner.stop().catch(() => {});
      await server.stop();
    },
  };
  return cluster;
}
