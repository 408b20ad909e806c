// The scheduling queue (upstream's PriorityQueue): an active heap ordered by the QueueSort
// plugin (priority, then FIFO), a back-off heap for pods that failed recently, and a pool of
// unschedulable pods that wait for a cluster event that could help them (decided by the
// queueing hints of the plugins that rejected them). Events that happen while a pod is being
// scheduled are remembered, so a pod rejected meanwhile is not parked past the event that
// would have made it fit.
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import {
  type ClusterEvent,
  type ClusterEventWithHint,
  eventMatches,
  UNSCHEDULABLE_TIMEOUT,
  unscheduledPodUpdateEvents,
} from '../framework/events.ts';
import type { QueuedPodInfo } from '../framework/interfaces.ts';
import { PodInfo } from '../framework/pod-info.ts';
import type { Result } from '../framework/status.ts';
import { Heap } from './heap.ts';
import { Nominator } from './nominator.ts';

/** What the queue needs from the profile a pod belongs to. */
export interface QueueProfile {
  preEnqueue(pod: PodInfo): Result;
  /** The events each plugin registered, with their hints. */
  hints: readonly { plugin: string; events: readonly ClusterEventWithHint[] }[];
}

export interface SchedulingQueueOptions {
  less: (a: QueuedPodInfo, b: QueuedPodInfo) => boolean;
  profileOf: (pod: Pod) => QueueProfile | undefined;
  podInitialBackoffMs?: number;
  podMaxBackoffMs?: number;
  podMaxInUnschedulablePodsDurationMs?: number;
  now?: () => number;
  /** Called with rejections of hints that threw (they count as Queue). */
  onHintError?: (e: unknown, plugin: string) => void;
}

type Strategy = 'skip' | 'backoff' | 'immediately';

interface RecordedEvent {
  seq: number;
  event: ClusterEvent;
  oldObj: unknown;
  newObj: unknown;
}

export type QueueName = 'activeQ' | 'backoffQ' | 'unschedulablePods';

export class SchedulingQueue {
  readonly nominator = new Nominator();
  readonly #o: Required<Omit<SchedulingQueueOptions, 'onHintError'>> &
    Pick<SchedulingQueueOptions, 'onHintError'>;
  readonly #active: Heap<QueuedPodInfo>;
  readonly #backoff: Heap<QueuedPodInfo>;
  readonly #unschedulable = new Map<string, QueuedPodInfo>();
  /** uid → sequence number of the last event recorded when it was popped. */
  readonly #inFlight = new Map<string, number>();
  #events: RecordedEvent[] = [];
  #seq = 0;
  #schedulingCycle = 0;
  #waiters: (() => void)[] = [];
  #timers: ReturnType<typeof setInterval>[] = [];

  constructor(o: SchedulingQueueOptions) {
    this.#o = {
      podInitialBackoffMs: 1000,
      podMaxBackoffMs: 10_000,
      podMaxInUnschedulablePodsDurationMs: 5 * 60_000,
      now: () => Date.now(),
      ...o,
    };
    this.#active = new Heap((q) => q.podInfo.key, o.less);
    this.#backoff = new Heap(
      (q) => q.podInfo.key,
      (a, b) => this.#backoffExpiry(a) < this.#backoffExpiry(b),
    );
  }

  get schedulingCycle(): number {
    return this.#schedulingCycle;
  }

  /** Sizes of the sub-queues (for logs and tests). */
  stats(): { active: number; backoff: number; unschedulable: number; inFlight: number } {
    return {
      active: this.#active.size,
      backoff: this.#backoff.size,
      unschedulable: this.#unschedulable.size,
      inFlight: this.#inFlight.size,
    };
  }

  /** Where a pod currently waits (undefined: not queued, e.g. in flight). */
  whereIs(key: string): QueueName | undefined {
    if (this.#active.has(key)) return 'activeQ';
    if (this.#backoff.has(key)) return 'backoffQ';
    if (this.#unschedulable.has(key)) return 'unschedulablePods';
    return undefined;
  }

  /** Starts the periodic flushes: back-off expiries every second, long-unschedulable pods every 30 s. */
  run(): void {
    if (this.#timers.length) return;
    const flushBackoff = setInterval(() => this.flushBackoffCompleted(), 1000);
    const flushUnschedulable = setInterval(() => this.flushUnschedulableLeftover(), 30_000);
    flushBackoff.unref?.();
    flushUnschedulable.unref?.();
    this.#timers.push(flushBackoff, flushUnschedulable);
  }

  /** Stops the periodic flushes and wakes anyone waiting in waitForPod (the queue keeps its pods). */
  stop(): void {
    for (const t of this.#timers) clearInterval(t);
    this.#timers = [];
    this.#wake();
  }

  /** Wakes anyone waiting in waitForPod. */
  wakeAll(): void {
    this.#wake();
  }

  #newQueued(pod: Pod): QueuedPodInfo {
    return {
      podInfo: new PodInfo(pod),
      timestamp: this.#o.now(),
      attempts: 0,
      initialAttemptTimestamp: undefined,
      unschedulablePlugins: new Set(),
      pendingPlugins: new Set(),
      gated: false,
    };
  }

  #wake(): void {
    for (const w of this.#waiters.splice(0)) w();
  }

  /** Runs PreEnqueue; a gated pod goes to the unschedulable pool instead. */
  #addToActive(q: QueuedPodInfo): boolean {
    const profile = this.#o.profileOf(q.podInfo.pod);
    const s = profile?.preEnqueue(q.podInfo) ?? null;
    if (s !== null && !s.isSuccess()) {
      q.gated = true;
      q.unschedulablePlugins = new Set(s.plugin ? [s.plugin] : []);
      this.#unschedulable.set(q.podInfo.key, q);
      return false;
    }
    q.gated = false;
    this.#active.addOrUpdate(q);
    this.#wake();
    return true;
  }

  /** A new pending pod. */
  add(pod: Pod): void {
    const q = this.#newQueued(pod);
    this.#unschedulable.delete(q.podInfo.key);
    this.#backoff.delete(q.podInfo.key);
    this.#addToActive(q);
    this.#nominate(q.podInfo);
  }

  #nominate(info: PodInfo): void {
    const nnn = info.pod.status?.nominatedNodeName;
    if (nnn) this.nominator.add(info, nnn);
    else this.nominator.delete(info);
  }

  /** A pending pod changed. */
  update(oldPod: Pod, newPod: Pod): void {
    const events = unscheduledPodUpdateEvents(oldPod, newPod);
    const uid = newPod.metadata?.uid ?? '';
    if (this.#inFlight.has(uid)) {
      for (const e of events) this.#record(e, oldPod, newPod);
      return;
    }
    const key = `${newPod.metadata?.namespace ?? ''}/${newPod.metadata?.name ?? ''}`;
    const refresh = (q: QueuedPodInfo) => {
      q.podInfo = new PodInfo(newPod);
      this.#nominate(q.podInfo);
    };
    const inActive = this.#active.get(key);
    if (inActive) {
      refresh(inActive);
      this.#active.addOrUpdate(inActive);
      return;
    }
    const inBackoff = this.#backoff.get(key);
    if (inBackoff) {
      refresh(inBackoff);
      this.#backoff.addOrUpdate(inBackoff);
      return;
    }
    const parked = this.#unschedulable.get(key);
    if (parked) {
      refresh(parked);
      for (const e of events) {
        const strategy = this.#worthRequeuing(parked, e, oldPod, newPod);
        if (strategy === 'skip') continue;
        this.#unschedulable.delete(key);
        this.#requeue(parked, strategy);
        break;
      }
      return;
    }
    this.add(newPod);
  }

  /** A pending pod was deleted (or got bound by someone else). */
  delete(pod: Pod): void {
    const key = `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
    this.#active.delete(key);
    this.#backoff.delete(key);
    this.#unschedulable.delete(key);
    this.nominator.delete({ uid: pod.metadata?.uid ?? '' });
  }

  /** The next pod to schedule, or undefined when the active queue is empty. */
  pop(): QueuedPodInfo | undefined {
    const q = this.#active.pop();
    if (!q) return undefined;
    q.attempts++;
    q.initialAttemptTimestamp ??= this.#o.now();
    this.#schedulingCycle++;
    this.#inFlight.set(q.podInfo.uid, this.#seq);
    return q;
  }

  /** Resolves when a pod may be available (or wakeAll/stop was called). */
  waitForPod(): Promise<void> {
    if (this.#active.size > 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** The pod's scheduling (and binding) attempt is over. */
  done(uid: string): void {
    if (!this.#inFlight.delete(uid)) return;
    if (this.#inFlight.size === 0) {
      this.#events = [];
      return;
    }
    if (this.#events.length > 1024) {
      let min = Number.POSITIVE_INFINITY;
      for (const s of this.#inFlight.values()) if (s < min) min = s;
      this.#events = this.#events.filter((e) => e.seq > min);
    }
  }

  #record(event: ClusterEvent, oldObj: unknown, newObj: unknown): void {
    if (this.#inFlight.size === 0) return;
    this.#events.push({ seq: ++this.#seq, event, oldObj, newObj });
  }

  #backoffDuration(q: QueuedPodInfo): number {
    if (q.attempts === 0) return 0;
    let d = this.#o.podInitialBackoffMs;
    for (let i = 1; i < q.attempts; i++) {
      if (d > this.#o.podMaxBackoffMs - d) return this.#o.podMaxBackoffMs;
      d += d;
    }
    return d;
  }

  #backoffExpiry(q: QueuedPodInfo): number {
    return q.timestamp + this.#backoffDuration(q);
  }

  isBackingOff(q: QueuedPodInfo): boolean {
    return this.#backoffExpiry(q) > this.#o.now();
  }

  #worthRequeuing(q: QueuedPodInfo, event: ClusterEvent, oldObj: unknown, newObj: unknown): Strategy {
    const rejectors = new Set([...q.unschedulablePlugins, ...q.pendingPlugins]);
    if (rejectors.size === 0) return 'backoff';
    if (event.resource === '*') {
      const target = newObj as Pod | undefined;
      if (target?.metadata?.uid && target.metadata.uid !== q.podInfo.uid) return 'skip';
      return 'backoff';
    }
    const profile = this.#o.profileOf(q.podInfo.pod);
    if (!profile) return 'backoff';
    let strategy: Strategy = 'skip';
    for (const { plugin, events } of profile.hints) {
      if (!rejectors.has(plugin)) continue;
      for (const registered of events) {
        if (!eventMatches(registered.event, event)) continue;
        let hint: 'Queue' | 'QueueSkip' = 'Queue';
        if (registered.hint) {
          try {
            hint = registered.hint(q.podInfo.pod, oldObj, newObj);
          } catch (e) {
            this.#o.onHintError?.(e, plugin);
            hint = 'Queue';
          }
        }
        if (hint === 'QueueSkip') continue;
        if (q.pendingPlugins.has(plugin)) return 'immediately';
        if (q.pendingPlugins.size === 0) return 'backoff';
        strategy = 'backoff';
      }
    }
    return strategy;
  }

  #requeue(q: QueuedPodInfo, strategy: Strategy): QueueName {
    if (strategy === 'skip') {
      this.#unschedulable.set(q.podInfo.key, q);
      return 'unschedulablePods';
    }
    if (strategy === 'backoff' && this.isBackingOff(q)) {
      this.#backoff.addOrUpdate(q);
      return 'backoffQ';
    }
    return this.#addToActive(q) ? 'activeQ' : 'unschedulablePods';
  }

  /**
   * A pod that failed its attempt comes back: to the unschedulable pool, unless an event seen
   * during its attempt could make it fit (then back-off or active), or it failed without a
   * rejecting plugin (an error: back-off).
   */
  addUnschedulableIfNotPresent(q: QueuedPodInfo): QueueName | undefined {
    const uid = q.podInfo.uid;
    const since = this.#inFlight.get(uid) ?? this.#seq;
    try {
      const key = q.podInfo.key;
      if (this.#unschedulable.has(key) || this.#active.has(key) || this.#backoff.has(key)) return undefined;
      q.timestamp = this.#o.now();
      let strategy: Strategy = 'skip';
      if (q.unschedulablePlugins.size === 0 && q.pendingPlugins.size === 0) strategy = 'backoff';
      else {
        for (const e of this.#events) {
          if (e.seq <= since) continue;
          const s = this.#worthRequeuing(q, e.event, e.oldObj, e.newObj);
          if (s === 'immediately') {
            strategy = s;
            break;
          }
          if (s === 'backoff') {
            strategy = s;
            if (q.pendingPlugins.size === 0) break;
          }
        }
      }
      const where = this.#requeue(q, strategy);
      this.#nominate(q.podInfo);
      return where;
    } finally {
      this.done(uid);
    }
  }

  /** A cluster event: moves the unschedulable pods it may help (per their rejectors' hints). */
  moveAllToActiveOrBackoffQueue(
    event: ClusterEvent,
    oldObj: unknown,
    newObj: unknown,
    preCheck?: (pod: Pod) => boolean,
  ): void {
    if (this.#unschedulable.size > 0) {
      for (const [key, q] of [...this.#unschedulable]) {
        if (preCheck && !preCheck(q.podInfo.pod)) continue;
        if (q.gated && q.unschedulablePlugins.has('SchedulingGates')) continue;
        const strategy = this.#worthRequeuing(q, event, oldObj, newObj);
        if (strategy === 'skip') continue;
        this.#unschedulable.delete(key);
        this.#requeue(q, strategy);
      }
    }
    this.#record(event, oldObj, newObj);
  }

  /** Moves pods whose back-off expired to the active queue. */
  flushBackoffCompleted(): void {
    for (;;) {
      const q = this.#backoff.peek();
      if (!q || this.isBackingOff(q)) return;
      this.#backoff.pop();
      this.#addToActive(q);
    }
  }

  /** Moves pods parked longer than the maximum (5 min) back, as upstream's leftover flush. */
  flushUnschedulableLeftover(): void {
    const now = this.#o.now();
    const stale = [...this.#unschedulable.values()].filter(
      (q) => now - q.timestamp > this.#o.podMaxInUnschedulablePodsDurationMs,
    );
    for (const q of stale) {
      if (q.gated && q.unschedulablePlugins.has('SchedulingGates')) continue;
      this.#unschedulable.delete(q.podInfo.key);
      this.#requeue(q, this.#worthRequeuing(q, UNSCHEDULABLE_TIMEOUT, undefined, undefined));
    }
  }

  /** Every queued pod (for debugging and tests). */
  pendingPods(): Pod[] {
    return [...this.#active.list(), ...this.#backoff.list(), ...this.#unschedulable.values()].map(
      (q) => q.podInfo.pod,
    );
  }
}
