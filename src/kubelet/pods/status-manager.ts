// The pod status manager (upstream's status.Manager): keeps the status the kubelet last
// computed for each pod and writes it through `pods/status` when it differs from what the API
// shows — one write in flight per pod, the newest status wins, conflicts retried against a
// fresh read. It also finishes a graceful deletion: once a terminating pod's containers are
// gone it deletes the object with grace period 0 (and the pod's UID as precondition).
// Static pods' statuses go to their mirror pods.
import type { Pod, PodStatus } from 'kubernetes-types/core/v1.js';
import { type Client, isConflict, isNotFound, PODS, type ResourceClient } from '../../client/index.ts';
import { canonicalJson } from '../internal/canonical-json.ts';
import { errorText, type Log } from '../internal/log.ts';
import { sleep } from '../internal/timers.ts';

export interface StatusManagerOptions {
  client: Client;
  log: Log;
  /** The pod as the API currently shows it (informer cache), by namespace/name. */
  apiPod: (namespace: string, name: string) => Pod | undefined;
}

interface Entry {
  namespace: string;
  name: string;
  /** The UID of the object to write to (the mirror pod's for a static pod). */
  status: PodStatus;
  version: number;
  written: number;
  writing?: Promise<void>;
}

/** Status fields compared to decide whether a write is needed (upstream: isPodStatusByKubeletEqual). */
function comparable(status: PodStatus | undefined): string {
  return canonicalJson({
    ...status,
    conditions: [...(status?.conditions ?? [])]
      .map((c) => ({ ...c, lastProbeTime: c.lastProbeTime ?? undefined }))
      .sort((a, b) => (a.type < b.type ? -1 : 1)),
  });
}

export class StatusManager {
  readonly #o: StatusManagerOptions;
  readonly #pods: ResourceClient<Pod>;
  readonly #entries = new Map<string, Entry>();
  #stopped = false;

  constructor(o: StatusManagerOptions) {
    this.#o = o;
    this.#pods = o.client.resource<Pod>(PODS);
  }

  /** The status last computed for a pod (by the UID the kubelet runs it under). */
  get(uid: string): PodStatus | undefined {
    return this.#entries.get(uid)?.status;
  }

  /**
   * Records a pod's new status and writes it if the API shows something else. `target` is the
   * API object's namespace/name (a static pod's mirror pod shares them).
   */
  set(uid: string, target: { namespace: string; name: string }, status: PodStatus): void {
    let entry = this.#entries.get(uid);
    if (!entry) {
      entry = { ...target, status, version: 0, written: -1 };
      this.#entries.set(uid, entry);
    }
    if (comparable(entry.status) !== comparable(status) || entry.version === 0) {
      entry.status = status;
      entry.version++;
    }
    this.#flush(uid, entry);
  }

  /** Forgets a pod (it is gone from the API and the node). */
  forget(uid: string): void {
    this.#entries.delete(uid);
  }

  /** Resolves when every pending write is done. */
  async settled(): Promise<void> {
    await Promise.all([...this.#entries.values()].map((e) => e.writing));
  }

  /** Stops writing (a stopped kubelet must not overwrite what its successor reports). */
  stop(): void {
    this.#stopped = true;
  }

  #flush(uid: string, entry: Entry): void {
    if (entry.writing || this.#stopped) return;
    const api = this.#o.apiPod(entry.namespace, entry.name);
    if (entry.written === entry.version && api && comparable(api.status) === comparable(entry.status)) return;
    entry.writing = this.#write(entry)
      .catch((err) =>
        this.#o.log.warn(
          { pod: `${entry.namespace}/${entry.name}`, err: errorText(err) },
          'pod status update failed',
        ),
      )
      .finally(() => {
        entry.writing = undefined;
        if (this.#entries.get(uid) === entry && entry.written !== entry.version) {
          // A newer status arrived while writing, or the write failed: try again shortly.
          setTimeout(() => this.#flush(uid, entry), entry.written === -2 ? 1000 : 0).unref();
        }
      });
  }

  async #write(entry: Entry): Promise<void> {
    const pods = this.#pods.namespace(entry.namespace);
    const version = entry.version;
    let pod = this.#o.apiPod(entry.namespace, entry.name);
    for (let attempt = 0; attempt < 5; attempt++) {
      if (!pod) {
        try {
          pod = await pods.get(entry.name);
        } catch (err) {
          if (isNotFound(err)) {
            entry.written = version;
            return;
          }
          throw err;
        }
      }
      if (comparable(pod.status) === comparable(entry.status)) {
        entry.written = version;
        return;
      }
      try {
        await pods.updateStatus({ ...pod, status: entry.status });
        entry.written = version;
        return;
      } catch (err) {
        if (isNotFound(err)) {
          entry.written = version;
          return;
        }
        if (!isConflict(err)) {
          entry.written = -2;
          throw err;
        }
        pod = undefined;
        await sleep(10 * (attempt + 1));
      }
    }
    entry.written = -2;
  }

  /** Deletes a terminated pod's API object with grace 0 (finishing its graceful deletion). */
  async deletePod(pod: Pod): Promise<void> {
    const ns = pod.metadata?.namespace ?? '';
    try {
      await this.#pods.namespace(ns).delete(pod.metadata?.name ?? '', {
        gracePeriodSeconds: 0,
        preconditions: { uid: pod.metadata?.uid },
      });
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
  }
}
