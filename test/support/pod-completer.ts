// A test fixture for pods that run to completion: hollow nodes report pods Running and never
// finish them (they run no containers), so this plays the containers' exit for pods with
// restartPolicy Never or OnFailure, once Running: Succeeded, or Failed with the exit code of
// their `kts.test/exit-code` annotation. Status writes go through the API as a kubelet's do.
import type { Pod } from 'kubernetes-types/core/v1.js';
import {
  connect,
  InformerFactory,
  isConflict,
  isNotFound,
  loadKubeconfig,
  PODS,
  type SharedInformer,
} from '../../src/client/index.ts';

export const EXIT_CODE_ANNOTATION = 'kts.test/exit-code';

export class PodCompleter {
  readonly #close: () => Promise<void>;
  readonly #factory: InformerFactory;
  readonly #pods: SharedInformer<Pod>;
  readonly #done = new Set<string>();
  readonly #client;

  constructor(kubeconfig: string) {
    const { client, close } = connect(loadKubeconfig(kubeconfig), { fieldManager: 'test-pod-completer' });
    this.#client = client;
    this.#close = close;
    this.#factory = new InformerFactory(client, { freeze: false });
    this.#pods = this.#factory.informerFor<Pod>(PODS);
  }

  async start(): Promise<void> {
    this.#pods.addEventHandler({ onAdd: (p) => this.#handle(p), onUpdate: (_o, p) => this.#handle(p) });
    this.#factory.start();
    await this.#factory.waitForSync();
  }

  async stop(): Promise<void> {
    await this.#factory.shutdown();
    await this.#close();
  }

  #handle(pod: Pod): void {
    const rp = pod.spec?.restartPolicy;
    if (rp !== 'Never' && rp !== 'OnFailure') return;
    if (pod.status?.phase !== 'Running' || pod.metadata?.deletionTimestamp) return;
    const uid = pod.metadata?.uid ?? '';
    if (this.#done.has(uid)) return;
    this.#done.add(uid);
    const exitCode = Number(pod.metadata?.annotations?.[EXIT_CODE_ANNOTATION] ?? 0);
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const cond = (type: string, status: string) => ({ type, status, lastTransitionTime: now });
    const status = {
      ...pod.status,
      phase: exitCode === 0 ? 'Succeeded' : 'Failed',
      conditions: [
        cond('PodScheduled', 'True'),
        cond('Initialized', 'True'),
        cond('ContainersReady', 'False'),
        cond('Ready', 'False'),
      ],
      containerStatuses: (pod.spec?.containers ?? []).map((c) => ({
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
    this.#client
      .resource<Pod>(PODS)
      .namespace(pod.metadata?.namespace ?? '')
      .updateStatus({ ...pod, status } as Pod)
      .catch((e) => {
        this.#done.delete(uid);
        if (!isNotFound(e) && !isConflict(e)) console.error(`pod-completer: ${pod.metadata?.name}: ${e}`);
        // A conflict means the pod changed: the next event retries.
      });
  }
}
