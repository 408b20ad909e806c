// A test fixture standing in for a scheduler and kubelets (until the hollow nodes run in
// tests): it registers Ready nodes (keeping their Leases fresh), binds unscheduled pods (to
// the node a DaemonSet pod's required affinity names, else round-robin), marks bound pods
// Running and Ready — or Succeeded, for pods that run to completion — and finishes graceful
// deletions as a kubelet would. Everything goes through the API, like the real components.
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import {
  type Client,
  connect,
  InformerFactory,
  isConflict,
  isNotFound,
  LEASES,
  loadKubeconfig,
  microTime,
  NODES,
  PODS,
  type SharedInformer,
} from '../../src/client/index.ts';

export interface PodRunnerOptions {
  /** Node names to register (more can be added with addNode). */
  nodes: string[];
  /**
   * The exit code of a pod that runs to completion (restartPolicy Never/OnFailure); default:
   * its `kts.test/exit-code` annotation, else 0.
   */
  exitCode?(pod: Pod): number | undefined;
}

export class PodRunner {
  readonly client: Client;
  readonly #close: () => Promise<void>;
  readonly #factory: InformerFactory;
  readonly #pods: SharedInformer<Pod>;
  readonly #nodes: string[] = [];
  readonly #busy = new Set<string>();
  readonly #o: PodRunnerOptions;
  #next = 0;
  #leaseTimer: ReturnType<typeof setInterval> | undefined;
  #stopped = false;

  constructor(kubeconfig: string, o: PodRunnerOptions) {
    const { client, close } = connect(loadKubeconfig(kubeconfig), { fieldManager: 'test-pod-runner' });
    this.client = client;
    this.#close = close;
    this.#o = o;
    this.#factory = new InformerFactory(client, { freeze: false });
    this.#pods = this.#factory.informerFor<Pod>(PODS);
  }

  async start(): Promise<void> {
    for (const n of this.#o.nodes) await this.addNode(n);
    this.#pods.addEventHandler({ onAdd: (p) => this.#handle(p), onUpdate: (_o, p) => this.#handle(p) });
    this.#factory.start();
    await this.#factory.waitForSync();
    this.#leaseTimer = setInterval(() => void this.#renewLeases(), 5000);
  }

  /** Registers a Ready, untainted node (with its Lease). */
  async addNode(name: string, labels: Record<string, string> = {}): Promise<void> {
    const nodes = this.client.resource<Node>(NODES);
    await nodes.create({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...labels } },
      spec: {},
    });
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const node = await nodes.get(name);
    await nodes.updateStatus({
      ...node,
      status: {
        capacity: { cpu: '64', memory: '256Gi', pods: '1000' },
        allocatable: { cpu: '64', memory: '256Gi', pods: '1000' },
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'KubeletReady',
            message: 'test node',
            lastHeartbeatTime: now,
            lastTransitionTime: now,
          },
        ],
        addresses: [{ type: 'InternalIP', address: '127.0.0.1' }],
      },
    });
    // The taint admission adds until the node is Ready; a node lifecycle controller would lift it.
    await nodes.patch(name, 'merge', { spec: { taints: null } });
    this.#nodes.push(name);
    await this.#renewLease(name);
  }

  /** Deletes a node and forgets it. */
  async removeNode(name: string): Promise<void> {
    this.#nodes.splice(this.#nodes.indexOf(name), 1);
    await this.client.resource(NODES).delete(name);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#leaseTimer) clearInterval(this.#leaseTimer);
    await this.#factory.shutdown();
    await this.#close();
  }

  async #renewLeases(): Promise<void> {
    for (const n of this.#nodes) await this.#renewLease(n).catch(() => {});
  }

  async #renewLease(node: string): Promise<void> {
    const leases = this.client.resource(LEASES).namespace('kube-node-lease');
    const spec = { holderIdentity: node, leaseDurationSeconds: 40, renewTime: microTime(Date.now()) };
    try {
      const lease = await leases.get(node);
      await leases.update({ ...lease, spec: { ...(lease as { spec?: object }).spec, ...spec } } as never);
    } catch (e) {
      if (!isNotFound(e)) return;
      await leases.create({
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: node },
        spec,
      } as never);
    }
  }

  #handle(pod: Pod): void {
    const key = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
    if (this.#stopped || this.#busy.has(key)) return;
    this.#busy.add(key);
    this.#step(pod)
      .catch((e) => {
        if (!isNotFound(e) && !isConflict(e)) console.error(`pod-runner: ${key}: ${e}`);
      })
      .finally(() => {
        this.#busy.delete(key);
        // The pod may have changed meanwhile: look again at the cached state.
        const current = this.#pods.lister.get(pod.metadata?.namespace ?? '', pod.metadata?.name ?? '');
        if (current && current !== pod && !this.#stopped) setImmediate(() => this.#handle(current));
      });
  }

  async #step(pod: Pod): Promise<void> {
    const ns = pod.metadata?.namespace ?? '';
    const name = pod.metadata?.name ?? '';
    const pods = this.client.resource<Pod>(PODS).namespace(ns);
    const node = pod.spec?.nodeName;
    if (pod.metadata?.deletionTimestamp) {
      if (node && this.#nodes.includes(node)) await pods.delete(name, { gracePeriodSeconds: 0 });
      return;
    }
    if (!node) {
      const target = this.#targetNode(pod);
      if (target) await pods.bind(name, target, pod.metadata?.uid);
      return;
    }
    if (!this.#nodes.includes(node) || pod.status?.phase !== 'Pending') return;
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const containers = pod.spec?.containers ?? [];
    const completes = pod.spec?.restartPolicy === 'Never' || pod.spec?.restartPolicy === 'OnFailure';
    const exitCode = completes
      ? (this.#o.exitCode?.(pod) ?? Number(pod.metadata?.annotations?.['kts.test/exit-code'] ?? 0))
      : undefined;
    const cond = (type: string, status: string) => ({ type, status, lastTransitionTime: now });
    const status =
      exitCode === undefined
        ? {
            phase: 'Running',
            conditions: [
              cond('PodScheduled', 'True'),
              cond('Initialized', 'True'),
              cond('ContainersReady', 'True'),
              cond('Ready', 'True'),
            ],
            containerStatuses: containers.map((c) => ({
              name: c.name,
              image: c.image ?? '',
              imageID: '',
              ready: true,
              started: true,
              restartCount: 0,
              state: { running: { startedAt: now } },
            })),
          }
        : {
            phase: exitCode === 0 ? 'Succeeded' : 'Failed',
            conditions: [
              cond('PodScheduled', 'True'),
              cond('Initialized', 'True'),
              cond('ContainersReady', 'False'),
              cond('Ready', 'False'),
            ],
            containerStatuses: containers.map((c) => ({
              name: c.name,
              image: c.image ?? '',
              imageID: '',
              ready: false,
              started: false,
              restartCount: 0,
              state: {
                terminated: {
                  exitCode,
                  reason: exitCode === 0 ? 'Completed' : 'Error',
                  startedAt: now,
                  finishedAt: now,
                },
              },
            })),
          };
    await pods.updateStatus({
      ...pod,
      status: {
        ...pod.status,
        ...status,
        hostIP: '127.0.0.1',
        podIP: '10.42.0.10',
        podIPs: [{ ip: '10.42.0.10' }],
        startTime: now,
      },
    } as Pod);
  }

  /** A DaemonSet pod's node (required affinity on metadata.name), else the next node round-robin. */
  #targetNode(pod: Pod): string | undefined {
    const terms =
      pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ??
      [];
    for (const t of terms) {
      for (const f of t.matchFields ?? []) {
        if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length) {
          return this.#nodes.includes(f.values[0]!) ? f.values[0] : undefined;
        }
      }
    }
    if (this.#nodes.length === 0) return undefined;
    return this.#nodes[this.#next++ % this.#nodes.length];
  }
}
