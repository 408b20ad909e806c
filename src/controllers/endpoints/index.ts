// The `endpoints` controller: Endpoints for every Service with a selector, following its pods'
// readiness; Endpoints of deleted Services are deleted; Services without a selector (and
// ExternalName ones) are left to whoever writes their Endpoints.
import type { Endpoints, Pod, Service } from 'kubernetes-types/core/v1.d.ts';
import {
  type EventRecorder,
  isNotFound,
  PODS,
  type ResourceDescriptor,
  splitKey,
} from '../../client/index.ts';
import type { ControllerDefinition } from '../controller-definition.ts';
import { errorMessage, isNamespaceTerminating } from '../internal/errors.ts';
import { runControllers } from '../internal/run.ts';
import { selectedPods, servicesForPod, TriggerTimeTracker } from '../internal/service-endpoints.ts';
import { desiredSubsets, endpointsAction } from './desired.ts';

export const SERVICES: ResourceDescriptor = {
  group: '',
  version: 'v1',
  resource: 'services',
  namespaced: true,
  kind: 'Service',
};
export const ENDPOINTS: ResourceDescriptor = {
  group: '',
  version: 'v1',
  resource: 'endpoints',
  namespaced: true,
  kind: 'Endpoints',
};

export const endpointsController: ControllerDefinition = {
  name: 'endpoints',
  enabledByDefault: true,
  async start(ctx) {
    const services = ctx.informers.informerFor<Service>(SERVICES);
    const pods = ctx.informers.informerFor<Pod>(PODS);
    const endpoints = ctx.informers.informerFor<Endpoints>(ENDPOINTS);
    const client = ctx.client.resource<Endpoints>(ENDPOINTS);
    const recorder: EventRecorder = ctx.recorder('endpoint-controller');
    const tracker = new TriggerTimeTracker();
    return runControllers(ctx, [
      {
        name: 'endpoint-controller',
        for: SERVICES,
        watches: [
          {
            resource: PODS,
            map: (pod: Pod) =>
              servicesForPod(services.lister.namespace(pod.metadata?.namespace ?? '').list(), pod),
          },
          { resource: ENDPOINTS, map: (ep: Endpoints) => [`${ep.metadata?.namespace}/${ep.metadata?.name}`] },
        ],
        workers: 5,
        async reconcile(key) {
          const { namespace, name } = splitKey(key);
          const svc = services.lister.get(namespace, name);
          if (!svc) {
            tracker.delete(key);
            if (!endpoints.lister.get(namespace, name)) return;
            try {
              await client.namespace(namespace).delete(name);
            } catch (e) {
              if (!isNotFound(e)) throw e;
            }
            return;
          }
          const selected = selectedPods(svc, pods.lister.namespace(namespace).list());
          if (!selected) return;
          const trigger = tracker.compute(key, svc, selected);
          const { subsets } = desiredSubsets(svc, selected);
          const step = endpointsAction(svc, endpoints.lister.get(namespace, name), subsets, trigger);
          if (step.action === 'none') return;
          try {
            if (step.action === 'create') await client.namespace(namespace).create(step.endpoints);
            else await client.namespace(namespace).update(step.endpoints);
          } catch (e) {
            if (step.action === 'create' && isNamespaceTerminating(e)) return;
            if (step.action === 'create') {
              recorder.event(
                step.endpoints,
                'Warning',
                'FailedToCreateEndpoint',
                `Failed to create endpoint for service ${namespace}/${name}: ${errorMessage(e)}`,
              );
            } else {
              recorder.event(
                step.endpoints,
                'Warning',
                'FailedToUpdateEndpoint',
                `Failed to update endpoint ${namespace}/${name}: ${errorMessage(e)}`,
              );
            }
            throw e;
          }
        },
      },
    ]);
  },
};
