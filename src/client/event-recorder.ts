// Records core/v1 Events about objects, as client-go's record.EventRecorder: what
// `kubectl describe` shows under "Events:". Recording never blocks the caller: events go to a
// bounded queue (dropped when 1000 are waiting) that one writer drains in order. Repeats of an
// identical event patch the existing Event's count/lastTimestamp instead of creating a new
// one (see event-correlator.ts). Writes the server rejects are dropped; network failures are
// retried up to 12 times, 10 s apart (the first wait randomized), as upstream.
import { StatusError } from '../machinery/status.ts';
import { isNotFound } from './api-error.ts';
import type { Client } from './client.ts';
import {
  type CoreEvent,
  type CorrelatorOptions,
  EventCorrelator,
  eventName,
  metaTime,
  type ObjectReference,
} from './event-correlator.ts';
import { sleep } from './internal/sleep.ts';
import type { ObjectLike } from './object.ts';
import { EVENTS } from './resource.ts';
import type { ResourceClient } from './resource-client.ts';

export type EventType = 'Normal' | 'Warning';

export interface EventRecorderOptions {
  client: Client;
  /** `source.component` and `reportingComponent`, e.g. `default-scheduler`, `kubelet`. */
  component: string;
  /** `source.host` and `reportingInstance` (the kubelet's node name; empty for controllers). */
  host?: string;
  correlator?: CorrelatorOptions;
  /** Wait between retries of a write that failed on the network (10 s). */
  retrySleepMs?: number;
  maxTries?: number;
  maxQueued?: number;
  /** Reports events that could not be recorded (and why). */
  onError?: (e: unknown, event?: CoreEvent) => void;
}

/** Emits events. Usage: `recorder.event(pod, 'Warning', 'FailedScheduling', '0/3 nodes are available: ...')`. */
export class EventRecorder {
  readonly #o: EventRecorderOptions;
  readonly #events: ResourceClient<CoreEvent>;
  readonly #correlator: EventCorrelator;
  readonly #now: () => number;
  readonly #queue: CoreEvent[] = [];
  readonly #abort = new AbortController();
  #draining: Promise<void> | undefined;
  #lastNanos = 0n;

  constructor(o: EventRecorderOptions) {
    this.#o = o;
    this.#events = o.client.resource<CoreEvent>(EVENTS);
    this.#now = o.correlator?.now ?? (() => Date.now());
    this.#correlator = new EventCorrelator({ ...o.correlator, now: this.#now });
  }

  /**
   * Records an event about an object (it needs kind and apiVersion) or an ObjectReference
   * (e.g. with a `fieldPath` such as `spec.containers{app}`).
   */
  event(
    about: ObjectLike | ObjectReference,
    type: EventType,
    reason: string,
    message: string,
    annotations?: Record<string, string>,
  ): void {
    if (type !== 'Normal' && type !== 'Warning') {
      this.#o.onError?.(new Error(`unsupported event type: '${type}'`));
      return;
    }
    if (this.#abort.signal.aborted) return;
    let ref: ObjectReference;
    try {
      ref = referenceOf(about);
    } catch (e) {
      this.#o.onError?.(e);
      return;
    }
    const now = this.#now();
    const t = metaTime(now);
    const metadata: CoreEvent['metadata'] = {
      name: eventName(ref.name ?? '', now, this.#nanos(now)),
      namespace: ref.namespace || 'default',
    };
    if (annotations) metadata.annotations = annotations;
    const event: CoreEvent = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata,
      involvedObject: ref,
      reason,
      message,
      source: this.#o.host
        ? { component: this.#o.component, host: this.#o.host }
        : { component: this.#o.component },
      firstTimestamp: t,
      lastTimestamp: t,
      count: 1,
      type,
      reportingComponent: this.#o.component,
      reportingInstance: this.#o.host ?? '',
    };
    if (this.#queue.length >= (this.#o.maxQueued ?? 1000)) {
      this.#o.onError?.(new Error('too many queued events, dropped event'), event);
      return;
    }
    this.#queue.push(event);
    this.#draining ??= this.#drain().finally(() => {
      this.#draining = undefined;
    });
  }

  /** Resolves once every event recorded so far has been written (or given up on). */
  async flush(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  /** Stops recording; waits for the write in progress. Queued events are dropped. */
  async shutdown(): Promise<void> {
    this.#abort.abort();
    this.#queue.length = 0;
    await this.flush();
  }

  async #drain(): Promise<void> {
    while (this.#queue.length && !this.#abort.signal.aborted) {
      const event = this.#queue.shift()!;
      const result = this.#correlator.correlate(event);
      if (result.skip) continue;
      const maxTries = this.#o.maxTries ?? 12;
      for (let tries = 1; !this.#abort.signal.aborted; tries++) {
        if (await this.#write(result.event, result.patch)) break;
        if (tries >= maxTries) break;
        const delay = this.#o.retrySleepMs ?? 10_000;
        await sleep(tries === 1 ? delay * Math.random() : delay, this.#abort.signal);
      }
    }
  }

  /** One attempt; true when done (written, or rejected for good), false to retry. */
  async #write(
    event: CoreEvent,
    patch: { count: number; lastTimestamp: string; message: string } | undefined,
  ): Promise<boolean> {
    const events = this.#events.namespace(event.metadata.namespace);
    try {
      let stored: CoreEvent | undefined;
      if (patch && event.count > 1) {
        try {
          stored = await events.patch(event.metadata.name, 'strategic', patch);
        } catch (e) {
          if (!isNotFound(e)) throw e;
        }
      }
      if (!stored) {
        const { resourceVersion: _rv, ...metadata } = event.metadata;
        // The server stores a core/v1 Event as sent (it adds only metadata the correlator does
        // not keep): what it stored is what we sent, and its answer need not be parsed.
        stored = { ...event, metadata };
        await events.createOnly(stored);
      }
      this.#correlator.updateState(stored);
      return true;
    } catch (e) {
      this.#o.onError?.(e, event);
      return e instanceof StatusError; // the server said no: do not insist
    }
  }

  /** Nanoseconds for the event name, strictly increasing so two events never share a name. */
  #nanos(nowMs: number): bigint {
    let n = BigInt(Math.floor(nowMs)) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);
    if (n <= this.#lastNanos) n = this.#lastNanos + 1n;
    this.#lastNanos = n;
    return n;
  }
}

/** The ObjectReference of an object (kind, apiVersion, namespace, name, uid, resourceVersion). */
export function referenceOf(about: ObjectLike | ObjectReference): ObjectReference {
  if (!('metadata' in about) || about.metadata === undefined) return { ...(about as ObjectReference) };
  const o = about as ObjectLike;
  if (!o.kind || !o.apiVersion)
    throw new Error(`cannot reference an object without kind/apiVersion (${o.metadata?.name})`);
  const ref: ObjectReference = { kind: o.kind, name: o.metadata?.name ?? '', apiVersion: o.apiVersion };
  if (o.metadata?.namespace) ref.namespace = o.metadata.namespace;
  if (o.metadata?.uid) ref.uid = o.metadata.uid;
  if (o.metadata?.resourceVersion) ref.resourceVersion = o.metadata.resourceVersion;
  return ref;
}
