// What client-go's EventCorrelator decides before an Event is written, as pure logic over a
// clock: identical events (same source, object, type, reason, message) become one Event whose
// `count` grows (a patch of count/lastTimestamp/message); more than 10 events differing only by
// message within 10 minutes collapse into "(combined from similar events): ..."; and a source
// may emit 25 events about one object, then one per 5 minutes (spam filter).

/** core/v1 ObjectReference. */
export interface ObjectReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

/** core/v1 Event (the fields the recorder writes). */
export interface CoreEvent {
  apiVersion: 'v1';
  kind: 'Event';
  metadata: {
    name: string;
    namespace: string;
    resourceVersion?: string;
    annotations?: Record<string, string>;
  };
  involvedObject: ObjectReference;
  reason: string;
  message: string;
  source: { component?: string; host?: string };
  firstTimestamp: string;
  lastTimestamp: string;
  count: number;
  type: 'Normal' | 'Warning';
  reportingComponent: string;
  reportingInstance: string;
}

export interface CorrelatorOptions {
  lruCacheSize?: number;
  /** Events a source may send about one object before throttling (25). */
  burst?: number;
  /** Refill of that budget, events per second (1/300). */
  qps?: number;
  /** Distinct messages for one reason within the interval before they are combined (10). */
  maxEvents?: number;
  maxIntervalSeconds?: number;
  /** Milliseconds since the epoch. */
  now?: () => number;
}

export interface CorrelationResult {
  event: CoreEvent;
  /** Present when the event repeats an existing one: a strategic merge patch for it. */
  patch?: { count: number; lastTimestamp: string; message: string };
  skip: boolean;
}

let lastSecond = Number.NaN;
let lastFormatted = '';

/** Formats a time as meta/v1 Time (RFC 3339, whole seconds). */
export function metaTime(ms: number): string {
  // Events come in bursts within one second: format each second once.
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastFormatted = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
    lastSecond = second;
  }
  return lastFormatted;
}

interface LruEntry<V> {
  key: string;
  value: V;
  older: LruEntry<V> | undefined;
  newer: LruEntry<V> | undefined;
}

/**
 * A least-recently-used cache of `max` entries (upstream's golang-lru). The recency order is a
 * linked list: evicting through a Map's insertion order (`keys().next()`) walks over every
 * slot deleted since the Map last rehashed, microseconds per event once the cache is full.
 */
class Lru<V> {
  readonly #max: number;
  readonly #map = new Map<string, LruEntry<V>>();
  #oldest: LruEntry<V> | undefined;
  #newest: LruEntry<V> | undefined;
  constructor(max: number) {
    this.#max = max;
  }
  get(k: string): V | undefined {
    const e = this.#map.get(k);
    if (e === undefined) return undefined;
    this.#unlink(e);
    this.#append(e);
    return e.value;
  }
  set(k: string, v: V): void {
    const e = this.#map.get(k);
    if (e !== undefined) {
      e.value = v;
      this.#unlink(e);
      this.#append(e);
      return;
    }
    const added: LruEntry<V> = { key: k, value: v, older: undefined, newer: undefined };
    this.#map.set(k, added);
    this.#append(added);
    if (this.#map.size > this.#max && this.#oldest) {
      const evicted = this.#oldest;
      this.#unlink(evicted);
      this.#map.delete(evicted.key);
    }
  }
  #append(e: LruEntry<V>): void {
    e.older = this.#newest;
    e.newer = undefined;
    if (this.#newest) this.#newest.newer = e;
    else this.#oldest = e;
    this.#newest = e;
  }
  #unlink(e: LruEntry<V>): void {
    if (e.older) e.older.newer = e.newer;
    else this.#oldest = e.newer;
    if (e.newer) e.newer.older = e.older;
    else this.#newest = e.older;
    e.older = undefined;
    e.newer = undefined;
  }
}

function objectPart(e: CoreEvent, withFieldPath: boolean): string[] {
  const o = e.involvedObject;
  const parts = [
    e.source.component ?? '',
    e.source.host ?? '',
    o.kind ?? '',
    o.namespace ?? '',
    o.name ?? '',
  ];
  if (withFieldPath) parts.push(o.fieldPath ?? '');
  parts.push(o.uid ?? '', o.apiVersion ?? '', e.type);
  return parts;
}

/** Identity of an event for counting: source, object, type, reason, message. */
export function eventKey(e: CoreEvent): string {
  return [...objectPart(e, true), e.reason, e.message].join('');
}

function spamKey(e: CoreEvent): string {
  return objectPart(e, false).join('');
}

function aggregateKey(e: CoreEvent): string {
  return [...objectPart(e, false), e.reason, e.reportingComponent, e.reportingInstance].join('');
}

interface Bucket {
  tokens: number;
  last: number;
}

/** Upstream's correlator. Usage: `const r = correlator.correlate(ev); if (!r.skip) write(r.event, r.patch)`. */
export class EventCorrelator {
  readonly #now: () => number;
  readonly #burst: number;
  readonly #qps: number;
  readonly #maxEvents: number;
  readonly #maxIntervalMs: number;
  readonly #spam: Lru<Bucket>;
  readonly #aggregates: Lru<{ localKeys: Set<string>; last: number }>;
  readonly #observed: Lru<{ count: number; firstTimestamp: string; name: string; resourceVersion?: string }>;

  constructor(o: CorrelatorOptions = {}) {
    const size = o.lruCacheSize ?? 4096;
    this.#now = o.now ?? (() => Date.now());
    this.#burst = o.burst ?? 25;
    this.#qps = o.qps ?? 1 / 300;
    this.#maxEvents = o.maxEvents ?? 10;
    this.#maxIntervalMs = (o.maxIntervalSeconds ?? 600) * 1000;
    this.#spam = new Lru(size);
    this.#aggregates = new Lru(size);
    this.#observed = new Lru(size);
  }

  /** Aggregates, counts and filters one new event. */
  correlate(newEvent: CoreEvent): CorrelationResult {
    const { event: aggregated, key } = this.#aggregate(newEvent);
    const { event, patch } = this.#observe(aggregated, key);
    if (this.#isSpam(event)) return { event, skip: true };
    return patch ? { event, patch, skip: false } : { event, skip: false };
  }

  /** Records what the server stored (name, resourceVersion, count) so the next repeat patches it. */
  updateState(stored: CoreEvent): void {
    this.#observed.set(eventKey(stored), {
      count: stored.count,
      firstTimestamp: stored.firstTimestamp,
      name: stored.metadata.name,
      resourceVersion: stored.metadata.resourceVersion,
    });
  }

  #aggregate(e: CoreEvent): { event: CoreEvent; key: string } {
    const now = this.#now();
    const aKey = aggregateKey(e);
    let record = this.#aggregates.get(aKey);
    if (!record || now - record.last > this.#maxIntervalMs) record = { localKeys: new Set(), last: 0 };
    record.localKeys.add(e.message);
    record.last = now;
    this.#aggregates.set(aKey, record);
    if (record.localKeys.size < this.#maxEvents) return { event: e, key: eventKey(e) };
    // Over the threshold: stop growing the set, and emit one combined event under the aggregate key.
    record.localKeys.delete(record.localKeys.values().next().value!);
    const t = metaTime(now);
    const combined: CoreEvent = {
      ...e,
      metadata: { name: eventName(e.involvedObject.name ?? '', now), namespace: e.metadata.namespace },
      count: 1,
      firstTimestamp: t,
      lastTimestamp: t,
      message: `(combined from similar events): ${e.message}`,
    };
    return { event: combined, key: aKey };
  }

  #observe(e: CoreEvent, key: string): { event: CoreEvent; patch?: CorrelationResult['patch'] } {
    const last = this.#observed.get(key);
    let event = e;
    let patch: CorrelationResult['patch'];
    if (last && last.count > 0) {
      const metadata: CoreEvent['metadata'] = { ...e.metadata, name: last.name };
      if (last.resourceVersion) metadata.resourceVersion = last.resourceVersion;
      event = { ...e, metadata, firstTimestamp: last.firstTimestamp, count: last.count + 1 };
      patch = { count: event.count, lastTimestamp: event.lastTimestamp, message: event.message };
    }
    this.#observed.set(key, {
      count: event.count,
      firstTimestamp: event.firstTimestamp,
      name: event.metadata.name,
      resourceVersion: event.metadata.resourceVersion,
    });
    return patch ? { event, patch } : { event };
  }

  #isSpam(e: CoreEvent): boolean {
    const now = this.#now();
    const key = spamKey(e);
    const b = this.#spam.get(key) ?? { tokens: this.#burst, last: now };
    b.tokens = Math.min(this.#burst, b.tokens + ((now - b.last) / 1000) * this.#qps);
    b.last = now;
    const spam = b.tokens < 1;
    if (!spam) b.tokens -= 1;
    this.#spam.set(key, b);
    return spam;
  }
}

/** `<object name>.<hex nanoseconds>`, or a UUID when that is not a valid name (upstream's GenerateEventName). */
export function eventName(
  objectName: string,
  nowMs: number,
  nanos = BigInt(Math.floor(nowMs)) * 1_000_000n,
): string {
  const name = `${objectName}.${nanos.toString(16)}`;
  const valid =
    name.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name);
  return valid ? name : crypto.randomUUID();
}
