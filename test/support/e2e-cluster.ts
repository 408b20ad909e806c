// A one-node cluster for kubelet end-to-end suites: a real `kts server --disable-agent`, a test
// agent (kubelet + containerd) in this process, and the namespace objects the controllers would
// make (the default ServiceAccount, kube-root-ca.crt) so pods are admitted and their
// kube-api-access volume can be written.
import { setTimeout as sleep } from 'node:timers/promises';
import { type RunningServer, startServer } from './kts-server.ts';
import { kubectl, kubectlOk } from './kubectl.ts';
import { startTestAgent, type TestAgent } from './node-agent.ts';

export interface E2ECluster {
  server: RunningServer;
  agent: TestAgent;
  kubeconfig: string;
  namespace: string;
  k(args: string[], input?: string): Promise<string>;
  /** Polls until `check` returns a value (or throws the last error after `timeoutMs`). */
  waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs?: number): Promise<T>;
  /** `kubectl get pod NAME -o json`, parsed. */
  pod(name: string): Promise<PodJson>;
  stop(): Promise<void>;
}

export interface PodJson {
  metadata: { name: string; uid: string; annotations?: Record<string, string>; ownerReferences?: unknown[] };
  spec: { nodeName?: string; imagePullSecrets?: { name: string }[] };
  status: {
    phase?: string;
    podIP?: string;
    hostIP?: string;
    qosClass?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: {
      name: string;
      ready: boolean;
      restartCount: number;
      state: Record<string, { reason?: string; message?: string; exitCode?: number }>;
      lastState?: Record<string, { reason?: string; exitCode?: number }>;
    }[];
  };
}

export async function startE2ECluster(
  namespace = 'e2e',
  agentOptions: Parameters<typeof startTestAgent>[1] = {},
): Promise<E2ECluster> {
  const server = await startServer();
  let agent: TestAgent | undefined;
  try {
    const kubeconfig = server.kubeconfig;
    await kubectlOk(kubeconfig, ['create', 'namespace', namespace]);
    await kubectlOk(kubeconfig, ['-n', namespace, 'create', 'serviceaccount', 'default']);
    const rootCA = JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kube-root-ca.crt' },
      data: { 'ca.crt': 'test-ca' },
    });
    await kubectlOk(kubeconfig, ['-n', namespace, 'create', '-f', '-'], { input: rootCA });
    agent = await startTestAgent(kubeconfig, agentOptions);
    const k = (args: string[], input?: string) =>
      kubectlOk(kubeconfig, ['-n', namespace, ...args], input === undefined ? {} : { input });
    const waitFor = async <T>(
      what: string,
      check: () => Promise<T | undefined>,
      timeoutMs = 60_000,
    ): Promise<T> => {
      const deadline = Date.now() + timeoutMs;
      let last: unknown;
      while (Date.now() < deadline) {
        try {
          const v = await check();
          if (v !== undefined) return v;
        } catch (err) {
          last = err;
        }
        await sleep(250);
      }
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    };
    const running = agent;
    return {
      server,
      agent: running,
      kubeconfig,
      namespace,
      k,
      waitFor,
      pod: async (name) => JSON.parse(await k(['get', 'pod', name, '-o', 'json'])) as PodJson,
      async stop() {
        await running.cleanup().finally(() => server.stop());
      },
    };
  } catch (err) {
    await agent?.cleanup().catch(() => {});
    await server.stop();
    throw err;
  }
}

export { kubectl };
