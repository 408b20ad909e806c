// Pods held at Permit (upstream's waitingPodsMap): each waits until every plugin that asked it
// to wait allows it, one rejects it, or a plugin's timeout passes (a rejection by that plugin).
import type { WaitingPod } from './interfaces.ts';
import type { PodInfo } from './pod-info.ts';
import { Code, type Result, Status } from './status.ts';

class Waiting implements WaitingPod {
  readonly pod: PodInfo;
  readonly #pending: Map<string, ReturnType<typeof setTimeout>>;
  readonly #done: Promise<Result>;
  #resolve!: (r: Result) => void;
  #finished = false;

  constructor(pod: PodInfo, waits: ReadonlyMap<string, number>, onFinish: () => void) {
    this.pod = pod;
    this.#done = new Promise<Result>((resolve) => {
      this.#resolve = (r) => {
        if (this.#finished) return;
        this.#finished = true;
        for (const t of this.#pending.values()) clearTimeout(t);
        this.#pending.clear();
        onFinish();
        resolve(r);
      };
    });
    this.#pending = new Map();
    for (const [plugin, ms] of waits) {
      const t = setTimeout(
        () => this.reject(plugin, `rejected due to timeout after waiting ${ms / 1000}s at plugin ${plugin}`),
        ms,
      );
      t.unref?.();
      this.#pending.set(plugin, t);
    }
  }

  get done(): Promise<Result> {
    return this.#done;
  }

  pendingPlugins(): string[] {
    return [...this.#pending.keys()];
  }

  allow(plugin: string): void {
    const t = this.#pending.get(plugin);
    if (t === undefined) return;
    clearTimeout(t);
    this.#pending.delete(plugin);
    if (this.#pending.size === 0) this.#resolve(null);
  }

  reject(plugin: string, message: string): void {
    this.#resolve(new Status(Code.Unschedulable, [message]).withPlugin(plugin));
  }
}

export class WaitingPods {
  readonly #pods = new Map<string, Waiting>();

  add(pod: PodInfo, waits: ReadonlyMap<string, number>): void {
    this.#pods.set(pod.uid, new Waiting(pod, waits, () => this.#pods.delete(pod.uid)));
  }

  get(uid: string): WaitingPod | undefined {
    return this.#pods.get(uid);
  }

  /** Resolves with the verdict; immediately (success) when the pod is not waiting. */
  wait(uid: string): Promise<Result> {
    return this.#pods.get(uid)?.done ?? Promise.resolve(null);
  }

  list(): WaitingPod[] {
    return [...this.#pods.values()];
  }
}
