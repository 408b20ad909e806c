// Leases for keys with a TTL. Granting one lease per write would double the writes for Events, so
// writes close in time share a lease, as the Kubernetes API server's lease manager does: a lease
// is granted for ttl + a reuse window and reused for the same ttl during that window. A key then
// lives between ttl and ttl + window seconds; the window is 5% of the ttl, at most a minute.
import type { Etcd3 } from 'etcd3';

interface CachedLease {
  id: string;
  /** Reusable until this time (ms since the epoch). */
  reuseUntil: number;
}

export function reuseWindowSeconds(ttlSeconds: number): number {
  return Math.min(60, ttlSeconds * 0.05);
}

export class LeaseCache {
  readonly #client: Etcd3;
  readonly #leases = new Map<number, CachedLease>();
  readonly #granting = new Map<number, Promise<string>>();

  constructor(client: Etcd3) {
    this.#client = client;
  }

  /** A lease ID that expires no sooner than `ttlSeconds` from now. */
  async leaseFor(ttlSeconds: number, now = Date.now()): Promise<string> {
    const cached = this.#leases.get(ttlSeconds);
    if (cached && now < cached.reuseUntil) return cached.id;
    let granting = this.#granting.get(ttlSeconds);
    if (!granting) {
      granting = this.#grant(ttlSeconds, now).finally(() => this.#granting.delete(ttlSeconds));
      this.#granting.set(ttlSeconds, granting);
    }
    return granting;
  }

  async #grant(ttlSeconds: number, now: number): Promise<string> {
    const window = reuseWindowSeconds(ttlSeconds);
    const response = await this.#client.leaseClient.leaseGrant({ TTL: Math.ceil(ttlSeconds + window) });
    this.#leases.set(ttlSeconds, { id: response.ID, reuseUntil: now + window * 1000 });
    return response.ID;
  }
}
