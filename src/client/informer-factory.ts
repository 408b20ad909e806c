// One informer per resource and selector for a whole process (client-go's
// SharedInformerFactory): the controllers of a controller manager asking for pods all share
// one cache and one watch; a kubelet asking for `spec.nodeName=<node>` pods gets its own.
import type { Client } from './client.ts';
import { type InformerOptions, type InformerSelector, SharedInformer } from './informer.ts';
import type { ObjectLike } from './object.ts';
import type { ReflectorOptions } from './reflector.ts';
import { apiVersionOf, type ResourceDescriptor } from './resource.ts';
import { fieldSelectorQuery, labelSelectorQuery } from './selectors.ts';

export interface InformerFactoryOptions {
  /** Default resync period of every informer's handlers, in ms (0: none). */
  resyncPeriodMs?: number;
  /** Restrict every informer to one namespace (default: all). */
  namespace?: string;
  freeze?: boolean;
  reflector?: ReflectorOptions;
  /** Every informer's transform (see InformerOptions.transform), e.g. `stripManagedFields`. */
  transform?: <T extends ObjectLike>(obj: T) => T;
  onError?: (e: unknown, context: string) => void;
}

/** Shares informers. Usage: `const f = new InformerFactory(client); const pods = f.informerFor<Pod>(PODS); f.start(); await f.waitForSync()`. */
export class InformerFactory {
  readonly client: Client;
  readonly #o: InformerFactoryOptions;
  readonly #informers = new Map<string, SharedInformer<any>>();
  #started = false;

  constructor(client: Client, o: InformerFactoryOptions = {}) {
    this.client = client;
    this.#o = o;
  }

  /**
   * The shared informer of a resource (and selector). Informers asked for after start() are
   * started at once. Indexers given here are added to the shared informer if missing.
   */
  informerFor<T extends ObjectLike>(
    d: ResourceDescriptor,
    o: InformerSelector & Pick<InformerOptions<T>, 'indexers'> = {},
  ): SharedInformer<T> {
    const namespace = o.namespace ?? this.#o.namespace;
    const labelSelector = o.labelSelector === undefined ? '' : labelSelectorQuery(o.labelSelector);
    const fieldSelector = o.fieldSelector === undefined ? '' : fieldSelectorQuery(o.fieldSelector);
    const key = [apiVersionOf(d), d.resource, namespace ?? '', labelSelector, fieldSelector].join('|');
    let informer = this.#informers.get(key) as SharedInformer<T> | undefined;
    if (!informer) {
      const opts: InformerOptions<T> = {};
      if (namespace) opts.namespace = namespace;
      if (labelSelector) opts.labelSelector = labelSelector;
      if (fieldSelector) opts.fieldSelector = fieldSelector;
      if (this.#o.resyncPeriodMs) opts.resyncPeriodMs = this.#o.resyncPeriodMs;
      if (this.#o.freeze !== undefined) opts.freeze = this.#o.freeze;
      if (this.#o.reflector) opts.reflector = this.#o.reflector;
      if (this.#o.onError) opts.onError = this.#o.onError;
      if (this.#o.transform) opts.transform = this.#o.transform;
      informer = new SharedInformer<T>(this.client, d, opts);
      this.#informers.set(key, informer);
      if (this.#started) informer.start();
    }
    for (const [name, fn] of Object.entries(o.indexers ?? {})) {
      try {
        informer.addIndexers({ [name]: fn });
      } catch {
        // Already indexed under that name by another user of the shared informer.
      }
    }
    return informer;
  }

  /** Starts every informer asked for so far, and any asked for later. */
  start(): void {
    this.#started = true;
    for (const i of this.#informers.values()) i.start();
  }

  /** Resolves true once every informer asked for so far has synced (false if one stopped first). */
  async waitForSync(signal?: AbortSignal): Promise<boolean> {
    const results = await Promise.all([...this.#informers.values()].map((i) => i.waitForSync(signal)));
    return results.every(Boolean);
  }

  /** Stops every informer and waits for their loops to end. */
  async shutdown(): Promise<void> {
    await Promise.all([...this.#informers.values()].map((i) => i.stop()));
  }
}
