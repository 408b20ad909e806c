// The `endpointslice-mirroring` controller: Endpoints written by hand (or by another tool) for a
// Service without a selector are mirrored into EndpointSlices, so slice consumers (kube-proxy,
// DNS) see them too. Mirrored slices go when the Endpoints, the Service, or the mirroring
// (skip-mirror label, a selector on the Service) goes.
import type { Endpoints, Service } from 'kubernetes-types/core/v1.d.ts';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.d.ts';
import { splitKey } from '../../client/index.ts';
import type { ControllerDefinition } from '../controller-definition.ts';
import { ENDPOINTS, SERVICES } from '../endpoints/index.ts';
import { ENDPOINT_SLICES, ManagedSlices } from '../endpointslice/managed-slices.ts';
import { isNamespaceTerminating } from '../internal/errors.ts';
import { runControllers } from '../internal/run.ts';
import { MAX_ENDPOINTS_PER_SUBSET, MIRROR_CONTROLLER_NAME, mirrorSlices, shouldMirror } from './mirror.ts';

export const endpointSliceMirroringController: ControllerDefinition = {
  name: 'endpointslice-mirroring',
  enabledByDefault: true,
  async start(ctx) {
    const endpoints = ctx.informers.informerFor<Endpoints>(ENDPOINTS);
    const services = ctx.informers.informerFor<Service>(SERVICES);
    const slices = new ManagedSlices(ctx, MIRROR_CONTROLLER_NAME);
    const recorder = ctx.recorder('endpointslicemirroring-controller');
    return runControllers(
      ctx,
      [
        {
          name: 'endpointslicemirroring-controller',
          for: ENDPOINTS,
          watches: [
            { resource: SERVICES, map: (s: Service) => [`${s.metadata?.namespace}/${s.metadata?.name}`] },
            { resource: ENDPOINT_SLICES, map: (s: EndpointSlice) => slices.serviceKeys(s) },
          ],
          workers: 2,
          async reconcile(key) {
            const { namespace, name } = splitKey(key);
            const mirrored = slices.of(namespace, name);
            const ep = endpoints.lister.get(namespace, name);
            const svc = services.lister.get(namespace, name);
            if (!shouldMirror(ep) || !svc || svc.spec?.selector) {
              await slices.apply(key, namespace, { create: [], update: [], delete: mirrored });
              return;
            }
            if (slices.isStale(key, mirrored)) return { requeue: true };
            const result = mirrorSlices(ep, mirrored);
            const about = { ...ep, apiVersion: 'v1', kind: 'Endpoints' };
            if (result.invalidAddresses > 0) {
              recorder.event(
                about,
                'Warning',
                'InvalidIPAddress',
                `Skipped ${result.invalidAddresses} invalid IP addresses when mirroring to EndpointSlices`,
              );
            }
            if (result.tooMany > 0) {
              recorder.event(
                about,
                'Warning',
                'TooManyAddressesToMirror',
                `A max of ${MAX_ENDPOINTS_PER_SUBSET} addresses can be mirrored to EndpointSlices per Endpoints subset. ${result.tooMany} addresses were skipped`,
              );
            }
            try {
              // A terminating Endpoints gets no new slices.
              await slices.apply(key, namespace, {
                create: ep.metadata?.deletionTimestamp ? [] : result.create,
                update: result.update,
                delete: result.delete,
              });
            } catch (e) {
              if (isNamespaceTerminating(e)) return;
              throw e;
            }
          },
        },
      ],
      { stop: () => slices.stop() },
    );
  },
};
