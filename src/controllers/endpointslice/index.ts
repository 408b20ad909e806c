// The `endpointslice` controller: EndpointSlices for every Service with a selector (at most 100
// endpoints each, with ready/serving/terminating conditions, node and zone), owned by the
// Service so the garbage collector removes them with it.
import type { Node, Pod, Service } from 'kubernetes-types/core/v1.d.ts';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.d.ts';
import { NODES, PODS, splitKey } from '../../client/index.ts';
import type { ControllerDefinition } from '../controller-definition.ts';
import { SERVICES } from '../endpoints/index.ts';
import { errorMessage, isNamespaceTerminating } from '../internal/errors.ts';
import { runControllers } from '../internal/run.ts';
import { selectedPods, servicesForPod, TriggerTimeTracker } from '../internal/service-endpoints.ts';
import { ENDPOINT_SLICES, ManagedSlices } from './managed-slices.ts';
import { CONTROLLER_NAME, reconcileSlices } from './reconciler.ts';

export const endpointSliceController: ControllerDefinition = {
  name: 'endpointslice',
  enabledByDefault: true,
  async start(ctx) {
    const services = ctx.informers.informerFor<Service>(SERVICES);
    const pods = ctx.informers.informerFor<Pod>(PODS);
    const nodes = ctx.informers.informerFor<Node>(NODES);
    const slices = new ManagedSlices(ctx, CONTROLLER_NAME);
    const recorder = ctx.recorder('endpoint-slice-controller');
    const triggers = new TriggerTimeTracker();
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
            { resource: ENDPOINT_SLICES, map: (s: EndpointSlice) => slices.serviceKeys(s) },
            { resource: NODES, map: () => [] },
          ],
          workers: 5,
          async reconcile(key) {
            const { namespace, name } = splitKey(key);
            const svc = services.lister.get(namespace, name);
            if (!svc) {
              // Its slices are owned by it: the garbage collector removes them.
              triggers.delete(key);
              slices.forget(key);
              return;
            }
            const selected = selectedPods(svc, pods.lister.namespace(namespace).list());
            if (!selected) return;
            const existing = slices.of(namespace, name);
            if (slices.isStale(key, existing)) return { requeue: true };
            const trigger = triggers.compute(key, svc, selected);
            const changes = reconcileSlices({
              service: svc,
              pods: selected,
              node: (n) => nodes.lister.get(n),
              existing,
              triggerTimeMs: trigger,
            });
            try {
              await slices.apply(key, namespace, changes);
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
      { stop: () => slices.stop() },
    );
  },
};
