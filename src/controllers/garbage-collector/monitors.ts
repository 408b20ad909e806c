// The garbage collector's view of the cluster (upstream's GraphBuilder monitors): an informer on
// every resource that supports list, watch and delete — discovered at start and again
// periodically, so custom resources defined later are collected too — feeding the dependency
// graph. Informers come from the shared factory: the controllers that already watch pods or
// ReplicaSets share those caches.
import {
  apiVersionOf,
  type HandlerRegistration,
  type InformerFactory,
  type ObjectLike,
  type SharedInformer,
} from '../../client/index.ts';
import type { DiscoveredResource } from '../internal/discovery.ts';
import type { DependencyGraph, GraphWork, ObservedObject } from './graph.ts';

/** Never collected (upstream's default ignored resources): events are too many and own nothing. */
export const IGNORED_RESOURCES = new Set(['/events', 'events.k8s.io/events']);

/** Resources the garbage collector watches: deletable, listable, watchable, not ignored. */
export function monitoredResources(resources: readonly DiscoveredResource[]): DiscoveredResource[] {
  return resources.filter(
    (r) =>
      ['list', 'watch', 'delete'].every((v) => r.verbs.includes(v)) &&
      !IGNORED_RESOURCES.has(`${r.group}/${r.resource}`),
  );
}

export function observed(
  obj: ObjectLike,
  r: Pick<DiscoveredResource, 'group' | 'version' | 'kind'>,
): ObservedObject {
  const m = (obj.metadata ?? {}) as {
    namespace?: string;
    name?: string;
    uid?: string;
    ownerReferences?: ObservedObject['ownerReferences'];
    deletionTimestamp?: string;
    finalizers?: string[];
  };
  return {
    identity: {
      apiVersion: apiVersionOf(r),
      kind: r.kind,
      namespace: m.namespace ?? '',
      name: m.name ?? '',
      uid: m.uid ?? '',
    },
    ownerReferences: m.ownerReferences ?? [],
    deletionTimestamp: m.deletionTimestamp,
    finalizers: m.finalizers ?? [],
  };
}

interface Monitor {
  informer: SharedInformer<ObjectLike>;
  registration: HandlerRegistration;
}

export class Monitors {
  readonly #factory: InformerFactory;
  readonly #graph: DependencyGraph;
  readonly #onWork: (work: GraphWork) => void;
  readonly #monitors = new Map<string, Monitor>();

  constructor(factory: InformerFactory, graph: DependencyGraph, onWork: (work: GraphWork) => void) {
    this.#factory = factory;
    this.#graph = graph;
    this.#onWork = onWork;
  }

  /** Watches exactly these resources from now on; returns the informers newly added. */
  sync(resources: readonly DiscoveredResource[]): SharedInformer<ObjectLike>[] {
    const wanted = new Map(monitoredResources(resources).map((r) => [`${r.group}/${r.resource}`, r]));
    for (const [key, m] of this.#monitors) {
      if (wanted.has(key)) continue;
      m.registration.remove();
      this.#monitors.delete(key);
    }
    const added: SharedInformer<ObjectLike>[] = [];
    for (const [key, r] of wanted) {
      if (this.#monitors.has(key)) continue;
      const informer = this.#factory.informerFor<ObjectLike>(r);
      const registration = informer.addEventHandler({
        onAdd: (obj) => this.#onWork(this.#graph.observe(observed(obj, r))),
        onUpdate: (_old, obj) => this.#onWork(this.#graph.observe(observed(obj, r))),
        onDelete: (obj) => {
          const uid = obj.metadata?.uid;
          if (uid) this.#onWork(this.#graph.remove(uid));
        },
      });
      this.#monitors.set(key, { informer, registration });
      added.push(informer);
    }
    this.#factory.start();
    return added;
  }

  /** Resolves once every monitor's informer has synced. */
  async waitForSync(informers: SharedInformer<ObjectLike>[], signal: AbortSignal): Promise<boolean> {
    const results = await Promise.all(informers.map((i) => i.waitForSync(signal)));
    return results.every(Boolean);
  }

  stop(): void {
    for (const m of this.#monitors.values()) m.registration.remove();
    this.#monitors.clear();
  }
}
