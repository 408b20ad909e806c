// Whether the container runtime is up and ready (upstream's runtimeState + updateRuntimeUp):
// the runtime's Status is asked every few seconds; the errors it yields become the Ready
// condition's message. A runtime that has not answered for 30 s is "down"; one that answers
// but says RuntimeReady/NetworkReady=false is "not ready" with its own reason and message.
import type { RuntimeCondition, StatusResponse } from '../cri/types.ts';

/** maxWaitForContainerRuntime. */
export const RUNTIME_DOWN_THRESHOLD_MS = 30_000;

/** kubecontainer.RuntimeCondition's String(). */
function conditionText(c: RuntimeCondition): string {
  return `${c.type}=${c.status} reason:${c.reason} message:${c.message}`;
}

export interface RuntimeHealthOptions {
  thresholdMs?: number;
  now?: () => number;
}

export class RuntimeHealth {
  #lastSync = 0;
  #runtimeError: string | undefined;
  #networkError: string | undefined;
  readonly #thresholdMs: number;
  readonly #now: () => number;

  constructor(o: RuntimeHealthOptions = {}) {
    this.#thresholdMs = o.thresholdMs ?? RUNTIME_DOWN_THRESHOLD_MS;
    this.#now = o.now ?? Date.now;
  }

  /** Records an answer of the runtime's Status call. */
  recordStatus(res: StatusResponse): void {
    const conditions = res.status?.conditions ?? [];
    const runtime = conditions.find((c) => c.type === 'RuntimeReady');
    const network = conditions.find((c) => c.type === 'NetworkReady');
    if (!runtime?.status) {
      this.#runtimeError = `container runtime not ready: ${runtime ? conditionText(runtime) : '<nil>'}`;
      return;
    }
    this.#runtimeError = undefined;
    this.#networkError =
      network && !network.status
        ? `container runtime network not ready: ${conditionText(network)}`
        : undefined;
    this.#lastSync = this.#now();
  }

  /** The runtime is reachable and says it is ready (pods may be started). */
  get runtimeUp(): boolean {
    return this.#lastSync > 0 && this.#now() - this.#lastSync < this.#thresholdMs && !this.#runtimeError;
  }

  /** The reasons the node is not ready, in upstream's order; empty when it is. */
  errors(): string[] {
    const errors: string[] = [];
    if (this.#lastSync === 0) errors.push('container runtime status check may not have completed yet');
    else if (this.#now() - this.#lastSync >= this.#thresholdMs) errors.push('container runtime is down');
    if (this.#runtimeError) errors.push(this.#runtimeError);
    if (this.#networkError) errors.push(this.#networkError);
    return errors;
  }
}
