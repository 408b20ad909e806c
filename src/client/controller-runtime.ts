// The one reconcile loop every controller, the scheduler's informers and the kubelet use
// (controller-runtime's model): a controller is declared — for this resource, owns those,
// watches these with a mapping — and implements `reconcile(key)`, level-based: the key
// (`namespace/name`) says what to look at, not what happened.
//
//   informers ──events──▶ handlers map to keys ──▶ workqueue ──▶ workers ──▶ reconcile(key)
//
// Owned objects map to their controller owner's key. A reconcile that throws is retried with
// per-key exponential back-off (TerminalError: not retried); one that succeeds is forgotten
// (back-off reset), or requeued after `requeueAfter` ms if it asks. A key is never reconciled
// by two workers at once.
import type { InformerSelector, SharedInformer } from './informer.ts';
import type { InformerFactory } from './informer-factory.ts';
import { type ObjectLike, objectKey } from './object.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { ResourceDescriptor } from './resource.ts';
import { WorkQueue } from './workqueue.ts';

/** What a reconcile asks for next; nothing means "done until something changes". */
export interface ReconcileResult {
  /** Reconcile this key again after this many milliseconds (back-off is reset). */
  requeueAfter?: number;
  /** Reconcile again with rate-limited back-off (without it being an error). */
  requeue?: boolean;
}

/** An error that retrying cannot fix (invalid spec, ...): reported once, not requeued. */
export class TerminalError extends Error {
  override name = 'TerminalError';
}

/** A secondary resource whose events map to keys of the primary one. */
export interface WatchSpec<T extends ObjectLike = ObjectLike> {
  resource: ResourceDescriptor;
  selector?: InformerSelector;
  /** Keys (`namespace/name` of primary objects) to reconcile when `obj` changes. */
  map(obj: T): string[];
}

export interface ControllerSpec {
  /** For logs and errors, e.g. `replicaset-controller`. */
  name: string;
  /** The primary resource: its own events enqueue its key. */
  for: ResourceDescriptor;
  forSelector?: InformerSelector;
  /** Resources whose controller owner reference points at a `for` object (needs `for.kind`). */
  owns?: ResourceDescriptor[];
  watches?: WatchSpec<any>[];
  reconcile(
    key: string,
    ctx: { signal: AbortSignal },
  ): Promise<ReconcileResult | undefined> | ReconcileResult | undefined;
  /** Concurrent reconciles (default 1, as controller-runtime's MaxConcurrentReconciles). */
  workers?: number;
  rateLimiter?: RateLimiter<string>;
  /** Reports reconcile errors (default: console.error). */
  onError?: (key: string, e: unknown) => void;
}

/** The keys of the controller owners of `obj` that are of the owner kind. */
export function ownerKeys(
  obj: ObjectLike,
  owner: Pick<ResourceDescriptor, 'group' | 'kind' | 'namespaced'>,
): string[] {
  const keys: string[] = [];
  for (const ref of obj.metadata?.ownerReferences ?? []) {
    if (ref.controller !== true || ref.kind !== owner.kind) continue;
    const slash = ref.apiVersion.indexOf('/');
    const group = slash < 0 ? '' : ref.apiVersion.slice(0, slash);
    if (group !== owner.group) continue;
    const ns = owner.namespaced ? obj.metadata?.namespace : undefined;
    keys.push(ns ? `${ns}/${ref.name}` : ref.name);
  }
  return keys;
}

/** A running controller. Usage: `const c = new Controller(factory, spec); await c.start(); ...; await c.stop()`. */
export class Controller {
  readonly spec: ControllerSpec;
  readonly queue: WorkQueue<string>;
  readonly #informers: SharedInformer<any>[] = [];
  readonly #factory: InformerFactory;
  readonly #abort = new AbortController();
  #workers: Promise<void>[] = [];

  /** Declares the controller: asks the factory for its informers and wires their events to the queue. */
  constructor(factory: InformerFactory, spec: ControllerSpec) {
    this.spec = spec;
    this.#factory = factory;
    this.queue = new WorkQueue<string>(spec.rateLimiter ? { rateLimiter: spec.rateLimiter } : {});
    this.#watch(spec.for, spec.forSelector, (obj) => [objectKey(obj)]);
    if (spec.owns?.length && !spec.for.kind)
      throw new Error(`${spec.name}: "owns" needs the kind of "for" (${spec.for.resource})`);
    for (const owned of spec.owns ?? []) this.#watch(owned, undefined, (obj) => ownerKeys(obj, spec.for));
    for (const w of spec.watches ?? []) this.#watch(w.resource, w.selector, w.map);
  }

  /** The informer of the primary resource (its lister is what reconcile usually reads). */
  get informer(): SharedInformer<any> {
    return this.#informers[0]!;
  }

  /** Starts the informers, waits for their caches, then starts the workers. Resolves once workers run. */
  async start(): Promise<void> {
    this.#factory.start();
    const synced = await Promise.all(this.#informers.map((i) => i.waitForSync(this.#abort.signal)));
    if (!synced.every(Boolean) || this.#abort.signal.aborted) return;
    const n = Math.max(1, this.spec.workers ?? 1);
    this.#workers = Array.from({ length: n }, () => this.#work());
  }

  /** Stops taking keys, lets reconciles in flight finish, and waits for the workers. */
  async stop(): Promise<void> {
    this.#abort.abort();
    await this.queue.shutdownWithDrain();
    await Promise.all(this.#workers);
  }

  #watch(d: ResourceDescriptor, selector: InformerSelector | undefined, map: (obj: any) => string[]): void {
    const informer = this.#factory.informerFor(d, selector ?? {});
    this.#informers.push(informer);
    const enqueue = (obj: ObjectLike) => {
      for (const key of map(obj)) this.queue.add(key);
    };
    informer.addEventHandler({
      onAdd: enqueue,
      onUpdate: (oldObj, newObj) => {
        enqueue(newObj);
        if (oldObj !== newObj) enqueue(oldObj); // an owner or mapping may have changed
      },
      onDelete: enqueue,
    });
  }

  async #work(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      try {
        const result = await this.spec.reconcile(key, { signal: this.#abort.signal });
        if (result?.requeueAfter && result.requeueAfter > 0) {
          this.queue.forget(key);
          this.queue.addAfter(key, result.requeueAfter);
        } else if (result?.requeue) {
          this.queue.addRateLimited(key);
        } else {
          this.queue.forget(key);
        }
      } catch (e) {
        if (e instanceof TerminalError) this.queue.forget(key);
        else this.queue.addRateLimited(key);
        this.#report(key, e);
      } finally {
        this.queue.done(key);
      }
    }
  }

  #report(key: string, e: unknown): void {
    try {
      if (this.spec.onError) {
        this.spec.onError(key, e);
        return;
      }
    } catch (reportFailure) {
      e = reportFailure; // a throwing reporter must not kill the worker
    }
    console.error(`${this.spec.name}: reconcile ${key} failed:`, e);
  }
}
