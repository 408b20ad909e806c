// Leader election on a coordination.k8s.io/v1 Lease, as client-go's leaderelection package:
// candidates try to acquire the lease every retry period; the holder renews it, and gives up
// leadership when it cannot renew within the renew deadline; others take over once the lease
// has not been renewed for its duration, measured on their own clock from when they last saw
// it change (no clock sync needed). Every write is optimistic: an update carries the
// resourceVersion it was based on, so two candidates can never both win.
// Defaults as upstream: lease 15 s, renew deadline 10 s, retry period 2 s.
import { isConflict, isNotFound } from './api-error.ts';
import type { Client } from './client.ts';
import type { EventRecorder } from './event-recorder.ts';
import { sleep } from './internal/sleep.ts';
import type { ObjectLike } from './object.ts';
import { LEASES } from './resource.ts';
import type { ResourceClient } from './resource-client.ts';

/** coordination.k8s.io/v1 Lease (the fields leader election uses). */
export interface Lease extends ObjectLike {
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

type LeaseSpec = NonNullable<Lease['spec']>;

export interface LeaderElectionOptions {
  client: Client;
  /** The Lease's namespace and name, e.g. `kube-system` / `kube-scheduler`. */
  namespace: string;
  name: string;
  /** This candidate's unique identity (upstream: `<hostname>_<uuid>`). */
  identity: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /** On a graceful stop, hand the lease back at once (holder '', duration 1 s). Default true. */
  releaseOnCancel?: boolean;
  /** Called when this candidate becomes leader; `signal` aborts when it stops leading. */
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  /** Called once when a candidate that led stops leading (lost the lease or was stopped). */
  onStoppedLeading?(): void;
  /** Called whenever the observed leader changes (including to this candidate). */
  onNewLeader?(identity: string): void;
  onError?(e: unknown): void;
  /** Records `LeaderElection` events on the Lease ("<identity> became leader", "... stopped leading"), as upstream. */
  eventRecorder?: EventRecorder;
  /** The clock (ms), for tests. */
  now?: () => number;
}

const JITTER_FACTOR = 1.2;

/** Formats a time as a meta/v1 MicroTime (RFC 3339 with microseconds). */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Runs one candidate. Usage: `await new LeaderElector({ client, namespace, name, identity, onStartedLeading }).run(signal)`. */
export class LeaderElector {
  readonly #o: Required<
    Omit<LeaderElectionOptions, 'onStoppedLeading' | 'onNewLeader' | 'onError' | 'eventRecorder'>
  > &
    Pick<LeaderElectionOptions, 'onStoppedLeading' | 'onNewLeader' | 'onError' | 'eventRecorder'>;
  readonly #leases: ResourceClient<Lease>;
  #lease: Lease | undefined;
  #observed: LeaseSpec = {};
  #observedRaw = '';
  #observedAt = 0;
  #reportedLeader = '';

  constructor(o: LeaderElectionOptions) {
    this.#o = {
      leaseDurationMs: 15_000,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2_000,
      releaseOnCancel: true,
      now: () => Date.now(),
      ...o,
    };
    const { leaseDurationMs, renewDeadlineMs, retryPeriodMs } = this.#o;
    if (leaseDurationMs <= renewDeadlineMs)
      throw new Error('leaseDuration must be greater than renewDeadline');
    if (renewDeadlineMs <= JITTER_FACTOR * retryPeriodMs)
      throw new Error(`renewDeadline must be greater than retryPeriod*${JITTER_FACTOR}`);
    if (!o.identity) throw new Error('leader election needs an identity');
    this.#leases = o.client.resource<Lease>(LEASES).namespace(o.namespace);
  }

  /** Whether this candidate holds the lease, as last observed. */
  isLeader(): boolean {
    return this.#observed.holderIdentity === this.#o.identity;
  }

  /** The identity of the last observed holder ('' when none). */
  getLeader(): string {
    return this.#observed.holderIdentity ?? '';
  }

  /**
   * Campaigns until leader, leads until the lease is lost or `signal` aborts, then releases
   * (if configured) and returns. A process usually exits (or campaigns again) after it returns.
   */
  async run(signal: AbortSignal): Promise<void> {
    if (!(await this.#acquire(signal))) return;
    this.#recordEvent('became leader');
    const leading = new AbortController();
    const stop = () => leading.abort();
    signal.addEventListener('abort', stop, { once: true });
    try {
      Promise.resolve()
        .then(() => this.#o.onStartedLeading(leading.signal))
        .catch((e: unknown) => this.#o.onError?.(e));
      await this.#renew(leading.signal);
    } finally {
      signal.removeEventListener('abort', stop);
      leading.abort();
      this.#recordEvent('stopped leading');
      if (this.#o.releaseOnCancel) await this.#release();
      this.#o.onStoppedLeading?.();
    }
  }

  async #acquire(signal: AbortSignal): Promise<boolean> {
    while (!signal.aborted) {
      const ok = await this.#tryAcquireOrRenew(signal);
      this.#reportTransition();
      if (ok) return true;
      await sleep(this.#o.retryPeriodMs * (1 + Math.random() * JITTER_FACTOR), signal);
    }
    return false;
  }

  /** Renews every retry period; returns when a renewal did not succeed within the renew deadline, or on abort. */
  async #renew(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const deadline = this.#o.now() + this.#o.renewDeadlineMs;
      let renewed = false;
      while (!signal.aborted && this.#o.now() < deadline) {
        const timeout = AbortSignal.any([signal, AbortSignal.timeout(Math.max(1, deadline - this.#o.now()))]);
        renewed = await this.#tryAcquireOrRenew(timeout);
        this.#reportTransition();
        if (renewed) break;
        await sleep(Math.min(this.#o.retryPeriodMs, Math.max(0, deadline - this.#o.now())), signal);
      }
      if (!renewed) return; // lost (or stopped)
      await sleep(this.#o.retryPeriodMs, signal);
    }
  }

  async #tryAcquireOrRenew(signal: AbortSignal): Promise<boolean> {
    const now = this.#o.now();
    const record: LeaseSpec = {
      holderIdentity: this.#o.identity,
      leaseDurationSeconds: Math.max(1, Math.round(this.#o.leaseDurationMs / 1000)),
      acquireTime: microTime(now),
      renewTime: microTime(now),
    };
    try {
      // Fast path: we lead and our lease is valid; renew on top of the lease we last wrote.
      if (this.isLeader() && this.#leaseValid(now) && this.#lease) {
        record.acquireTime = this.#observed.acquireTime ?? record.acquireTime;
        record.leaseTransitions = this.#observed.leaseTransitions ?? 0;
        try {
          await this.#write(record, signal);
          return true;
        } catch (e) {
          if (signal.aborted) return false;
          // Fall back to reading the lease (someone else may have written it).
          if (!isConflict(e)) this.#o.onError?.(e);
        }
      }
      let current: Lease;
      try {
        current = await this.#leases.get(this.#o.name, { signal });
      } catch (e) {
        if (!isNotFound(e)) throw e;
        record.leaseTransitions = 0;
        this.#lease = await this.#leases.create(
          {
            apiVersion: 'coordination.k8s.io/v1',
            kind: 'Lease',
            metadata: { name: this.#o.name, namespace: this.#o.namespace },
            spec: record,
          },
          { signal },
        );
        this.#observe(record, now);
        return true;
      }
      this.#lease = current;
      const old = current.spec ?? {};
      const raw = JSON.stringify(old);
      if (raw !== this.#observedRaw) {
        this.#observe(old, now);
        this.#observedRaw = raw;
      }
      if (old.holderIdentity && this.#leaseValid(now) && !this.isLeader()) return false;
      if (this.isLeader()) {
        record.acquireTime = old.acquireTime ?? record.acquireTime;
        record.leaseTransitions = old.leaseTransitions ?? 0;
      } else {
        record.leaseTransitions = (old.leaseTransitions ?? 0) + 1;
      }
      await this.#write(record, signal);
      return true;
    } catch (e) {
      if (!signal.aborted && !isConflict(e)) this.#o.onError?.(e);
      return false;
    }
  }

  /** Writes our record on top of the lease we last read or wrote (optimistic concurrency). */
  async #write(record: LeaseSpec, signal?: AbortSignal): Promise<void> {
    const base = this.#lease!;
    const next: Lease = { ...base, spec: record };
    this.#lease = await this.#leases.update(next, signal ? { signal } : {});
    this.#observe(record, this.#o.now());
  }

  #observe(spec: LeaseSpec, now: number): void {
    this.#observed = spec;
    this.#observedRaw = JSON.stringify(spec);
    this.#observedAt = now;
  }

  #leaseValid(now: number): boolean {
    return this.#observedAt + (this.#observed.leaseDurationSeconds ?? 0) * 1000 > now;
  }

  /** Hands the lease back: holder '' and a 1 s duration, so a successor need not wait it out. */
  async #release(): Promise<void> {
    const deadline = AbortSignal.timeout(this.#o.renewDeadlineMs);
    for (let attempt = 0; attempt < 5 && !deadline.aborted; attempt++) {
      try {
        const current = await this.#leases.get(this.#o.name, { signal: deadline });
        this.#lease = current;
        if (current.spec?.holderIdentity !== this.#o.identity) return;
        const now = this.#o.now();
        await this.#write(
          {
            holderIdentity: '',
            leaseDurationSeconds: 1,
            acquireTime: microTime(now),
            renewTime: microTime(now),
            leaseTransitions: current.spec?.leaseTransitions ?? 0,
          },
          deadline,
        );
        return;
      } catch (e) {
        if (!isConflict(e)) {
          this.#o.onError?.(e);
          return;
        }
      }
    }
  }

  #recordEvent(what: string): void {
    const lease = this.#lease;
    if (!this.#o.eventRecorder || !lease?.metadata) return;
    const subject = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: lease.metadata };
    this.#o.eventRecorder.event(subject, 'Normal', 'LeaderElection', `${this.#o.identity} ${what}`);
  }

  #reportTransition(): void {
    const holder = this.#observed.holderIdentity ?? '';
    if (holder === this.#reportedLeader) return;
    this.#reportedLeader = holder;
    this.#o.onNewLeader?.(holder);
  }
}
