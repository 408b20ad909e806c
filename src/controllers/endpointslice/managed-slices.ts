// The EndpointSlices one manager writes for its Services (the endpointslice controller's, or the
// mirroring controller's, told apart by the managed-by label): the cache of them by Service,
// and writing a sync's changes while remembering them, so that a later sync of the Service
// waits until the cache shows them (a slice just created must not look missing).
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.d.ts';
import {
  type HandlerRegistration,
  isNotFound,
  type ResourceClient,
  type ResourceDescriptor,
  type SharedInformer,
} from '../../client/index.ts';
import type { ControllerContext } from '../controller-definition.ts';
import { WriteTracker } from '../internal/write-tracker.ts';
import { LABEL_MANAGED_BY, LABEL_SERVICE_NAME, type SliceChanges } from './reconciler.ts';

export const ENDPOINT_SLICES: ResourceDescriptor = {
  group: 'discovery.k8s.io',
  version: 'v1',
  resource: 'endpointslices',
  namespaced: true,
  kind: 'EndpointSlice',
};

/** The Service key of a slice that `managedBy` manages, from its labels. */
export function sliceServiceKey(slice: EndpointSlice, managedBy: string): string[] {
  const labels = slice.metadata?.labels ?? {};
  const name = labels[LABEL_SERVICE_NAME];
  return name && labels[LABEL_MANAGED_BY] === managedBy ? [`${slice.metadata?.namespace}/${name}`] : [];
}

export class ManagedSlices {
  readonly #managedBy: string;
  readonly #informer: SharedInformer<EndpointSlice>;
  readonly #api: ResourceClient<EndpointSlice>;
  readonly #writes = new WriteTracker();
  readonly #deletions: HandlerRegistration;

  constructor(ctx: ControllerContext, managedBy: string) {
    this.#managedBy = managedBy;
    this.#informer = ctx.informers.informerFor<EndpointSlice>(ENDPOINT_SLICES);
    this.#api = ctx.client.resource<EndpointSlice>(ENDPOINT_SLICES);
    this.#deletions = this.#informer.addEventHandler({
      onDelete: (s) => {
        for (const key of this.serviceKeys(s)) this.#writes.observedDeletion(key, s.metadata?.name ?? '');
      },
    });
  }

  /** The Service key of a slice of this manager (none for another's): the slice watch's map. */
  serviceKeys(slice: EndpointSlice): string[] {
    return sliceServiceKey(slice, this.#managedBy);
  }

  /** This manager's cached slices of a Service. */
  of(namespace: string, service: string): EndpointSlice[] {
    return this.#informer.lister
      .namespace(namespace)
      .list({ [LABEL_SERVICE_NAME]: service, [LABEL_MANAGED_BY]: this.#managedBy });
  }

  /** Whether the cached slices of `key` lag behind this manager's own writes. */
  isStale(key: string, cached: readonly EndpointSlice[]): boolean {
    return this.#writes.isStale(key, cached);
  }

  /** The Service is gone: nothing more to wait for. */
  forget(key: string): void {
    this.#writes.forget(key);
  }

  /** Creates, updates, then deletes (a slice already gone counts as deleted), remembering each write. */
  async apply(key: string, namespace: string, changes: SliceChanges): Promise<void> {
    const ns = this.#api.namespace(namespace);
    for (const s of changes.create) this.#writes.written(key, await ns.create(s));
    for (const s of changes.update) this.#writes.written(key, await ns.update(s));
    for (const s of changes.delete) {
      try {
        await ns.delete(s.metadata?.name ?? '');
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
      this.#writes.deleted(key, s.metadata?.name ?? '');
    }
  }

  /** Stops listening for slice deletions. */
  stop(): void {
    this.#deletions.remove();
  }
}
