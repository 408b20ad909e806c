// The `endpointslice` controller: EndpointSlices for every Service with a selector (at most 100
// endpoints each, with ready/serving/terminating conditions, node and zone), owned by the
// Service so the garbage collector removes them with it.
import type { Node, Pod, Service } from 'kubernetes-types/core/v1.d.ts';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.d.ts';
import { isNotFound, NODES, PODS, type ResourceDescriptor, splitKey } from '../../client/index.ts';
import type { ControllerDefinition } from '../controller-definition.ts';
import { SERVICES } from '../endpoints/index.ts';
import { errorMessage, isNamespaceTerminating } from '../internal/errors.ts';
import { runControllers } from '../internal/run.ts';
import { selectorMatches, servicesForPod, TriggerTimeTracker } from '../internal/service-endpoints.ts';
import { WriteTracker } from '../internal/write-tracker.ts';
import { CONTROLLER_NAME, LABEL_MANAGED_BY, LABEL_SERVICE_NAME, reconcileSlices } from './reconciler.ts';

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

export const endpointSliceController: ControllerDefinition = {
  name: 'endpointslice',
  enabledByDefault: true,
  async start(ctx) {
    const services = ctx.informers.informerFor<Service>(SERVICES);
    const pods = ctx.informers.informerFor<Pod>(PODS);
    const nodes = ctx.informers.informerFor<Node>(NODES);
    const slices = ctx.informers.informerFor<EndpointSlice>(ENDPOINT_SLICES);
    const client = ctx.client.resource<EndpointSlice>(ENDPOINT_SLICES);
    const recorder = ctx.recorder('endpoint-slice-controller');
    const triggers = new TriggerTimeTracker();
    const writes = new WriteTracker();
    const deletions = slices.addEventHandler({
      onDelete: (s) => {
        for (const key of sliceServiceKey(s, CONTROLLER_NAME))
          writes.observedDeletion(key, s.metadata?.name ?? '');
      },
    });
    return runControllers(
      ctx,
      [
        {
          name: 'endpointslice-controller',
          for: SERVICES,
          watches: [
            {
              resource: PODS,
              map: (pod: Pod) =>
                servicesForPod(services.lister.namespace(pod.metadata?.namespace ?? '').list(), pod),
            },
            { resource: ENDPOINT_SLICES, map: (s: EndpointSlice) => sliceServiceKey(s, CONTROLLER_NAME) },
            { resource: NODES, map: () => [] },
          ],
          workers: 5,
          async reconcile(key) {
            const { namespace, name } = splitKey(key);
            const svc = services.lister.get(namespace, name);
            if (!svc) {
              // Its slices are owned by it: the garbage collector removes them.
              triggers.delete(key);
              writes.forget(key);
              return;
            }
            if (svc.spec?.type === 'ExternalName' || !svc.spec?.selector) return;
            const selector = svc.spec.selector;
            const selected = pods.lister
              .namespace(namespace)
              .list()
              .filter((p) => selectorMatches(selector, p.metadata?.labels));
            const existing = slices.lister
              .namespace(namespace)
              .list({ [LABEL_SERVICE_NAME]: name, [LABEL_MANAGED_BY]: CONTROLLER_NAME });
            if (writes.isStale(key, existing)) return { requeue: true };
            const trigger = triggers.compute(key, svc, selected);
            const changes = reconcileSlices({
              service: svc,
              pods: selected,
              node: (n) => nodes.lister.get(n),
              existing,
              triggerTimeMs: trigger,
            });
            try {
              const ns = client.namespace(namespace);
              for (const s of changes.create) writes.written(key, await ns.create(s));
              for (const s of changes.update) writes.written(key, await ns.update(s));
              for (const s of changes.delete) {
                try {
                  await ns.delete(s.metadata?.name ?? '');
                } catch (e) {
                  if (!isNotFound(e)) throw e;
                }
                writes.deleted(key, s.metadata?.name ?? '');
              }
            } catch (e) {
              if (isNamespaceTerminating(e)) return;
              recorder.event(
                { ...svc, apiVersion: 'v1', kind: 'Service' },
                'Warning',
                'FailedToUpdateEndpointSlices',
                `Error updating Endpoint Slices for Service ${namespace}/${name}: ${errorMessage(e)}`,
              );
              throw e;
            }
            if (changes.missingNodes.length) {
              throw new Error(
                `skipping Pods ${changes.missingNodes.join(', ')} for Service ${namespace}/${name}: Node not found`,
              );
            }
          },
        },
      ],
      { stop: () => deletions.remove() },
    );
  },
};
