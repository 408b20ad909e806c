// The node's heartbeat: its Lease in kube-node-lease, renewed every 10 s (a quarter of its 40 s
// duration), owned by the Node so it goes when the node is deleted (upstream's
// nodelease controller). A failed renewal is retried quickly, backing off to 7 s.

import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Node } from 'kubernetes-types/core/v1.js';
import { type Client, isConflict, isNotFound, LEASES, type ResourceClient } from '../../client/index.ts';
import { formatMicroTime } from '../../machinery/time.ts';
import { errorText, type Log } from '../internal/log.ts';
import { sleep } from '../internal/timers.ts';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
export const LEASE_DURATION_SECONDS = 40;

export interface NodeLeaseOptions {
  client: Client;
  nodeName: string;
  /** The Node, for the owner reference (its uid). */
  node: () => Node | undefined;
  log: Log;
  renewIntervalMs?: number;
}

/** The lease object the kubelet writes (pure). */
export function desiredLease(nodeName: string, node: Node | undefined, renewTime: Date, base?: Lease): Lease {
  const lease: Lease = {
    ...(base ?? {}),
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { ...(base?.metadata ?? {}), name: nodeName, namespace: NODE_LEASE_NAMESPACE },
    spec: {
      ...(base?.spec ?? {}),
      holderIdentity: nodeName,
      leaseDurationSeconds: LEASE_DURATION_SECONDS,
      renewTime: formatMicroTime(renewTime),
    },
  };
  const uid = node?.metadata?.uid;
  if (uid && !lease.metadata?.ownerReferences?.length) {
    lease.metadata!.ownerReferences = [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid }];
  }
  return lease;
}

export class NodeLease {
  readonly #o: NodeLeaseOptions;
  readonly #leases: ResourceClient<Lease>;
  #latest: Lease | undefined;

  constructor(o: NodeLeaseOptions) {
    this.#o = o;
    this.#leases = o.client.resource<Lease>(LEASES).namespace(NODE_LEASE_NAMESPACE);
  }

  /** Renews until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    const interval = this.#o.renewIntervalMs ?? (LEASE_DURATION_SECONDS * 1000) / 4;
    let retry = 200;
    while (!signal.aborted) {
      try {
        await this.renew();
        retry = 200;
        await sleep(interval, signal);
      } catch (err) {
        this.#o.log.warn({ err: errorText(err) }, 'failed to renew the node lease, will retry');
        await sleep(retry, signal);
        retry = Math.min(retry * 2, 7000);
      }
    }
  }

  async renew(): Promise<void> {
    const { nodeName } = this.#o;
    if (!this.#latest) {
      try {
        this.#latest = await this.#leases.get(nodeName);
      } catch (err) {
        if (!isNotFound(err)) throw err;
        this.#latest = await this.#leases.create(desiredLease(nodeName, this.#o.node(), new Date()));
        return;
      }
    }
    try {
      this.#latest = await this.#leases.update(
        desiredLease(nodeName, this.#o.node(), new Date(), this.#latest),
      );
    } catch (err) {
      // Someone else wrote it (or it was deleted): read it afresh next time.
      this.#latest = undefined;
      if (!isConflict(err) && !isNotFound(err)) throw err;
      await this.renew();
    }
  }
}
