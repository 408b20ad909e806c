// The `endpointslice-mirroring` controller: Endpoints written by hand (or by another tool) for a
// Service without a selector are mirrored into EndpointSlices, so slice consumers (kube-proxy,
// DNS) see them too. Mirrored slices go when the Endpoints, the Service, or the mirroring
// (skip-mirror label, a selector on the Service) goes.
import type { Endpoints, Service } from 'kubernetes-types/core/v1.d.ts';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.d.ts';
import { isNotFound, splitKey } from '../../client/index.ts';
import type { ControllerDefinition } from '../controller-definition.ts';
import { ENDPOINTS, SERVICES } from '../endpoints/index.ts';
import { ENDPOINT_SLICES, sliceServiceKey } from '../endpointslice/index.ts';
import { LABEL_MANAGED_BY, LABEL_SERVICE_NAME } from '../endpointslice/reconciler.ts';
import { isNamespaceTerminating } from '../internal/errors.ts';
import { runControllers } from '../internal/run.ts';
import { WriteTracker } from '../internal/write-tracker.ts';
import { MAX_ENDPOINTS_PER_SUBSET, MIRROR_CONTROLLER_NAME, mirrorSlices, shouldMirror } from './mirror.ts';

export const endpointSliceMirroringController: ControllerDefinition = {
  name: 'endpointslice-mirroring',
  enabledByDefault: true,
  async start(ctx) {
    const endpoints = ctx.informers.informerFor<Endpoints>(ENDPOINTS);
    const services = ctx.informers.informerFor<Service>(SERVICES);
    const slices = ctx.informers.informerFor<EndpointSlice>(ENDPOINT_SLICES);
    const client = ctx.client.resource<EndpointSlice>(ENDPOINT_SLICES);
    const recorder = ctx.recorder('endpointslicemirroring-controller');
    const writes = new WriteTracker();
    const deletions = slices.addEventHandler({
      onDelete: (s) => {
        for (const key of sliceServiceKey(s, MIRROR_CONTROLLER_NAME))
          writes.observedDeletion(key, s.metadata?.name ?? '');
      },
    });
    return runControllers(
      ctx,
      [
        {
          name: 'endpointslicemirroring-controller',
          for: ENDPOINTS,
          watches: [
            { resource: SERVICES, map: (s: Service) => [`${s.metadata?.namespace}/${s.metadata?.name}`] },
            {
              resource: ENDPOINT_SLICES,
              map: (s: EndpointSlice) => sliceServiceKey(s, MIRROR_CONTROLLER_NAME),
            },
          ],
          workers: 2,
          async reconcile(key) {
            const { namespace, name } = splitKey(key);
            const ns = client.namespace(namespace);
            const mirrored = slices.lister
              .namespace(namespace)
              .list({ [LABEL_SERVICE_NAME]: name, [LABEL_MANAGED_BY]: MIRROR_CONTROLLER_NAME });
            const ep = endpoints.lister.get(namespace, name);
            const svc = services.lister.get(namespace, name);
            if (!shouldMirror(ep) || !svc || svc.spec?.selector) {
              for (const s of mirrored) {
                try {
                  await ns.delete(s.metadata?.name ?? '');
                } catch (e) {
                  if (!isNotFound(e)) throw e;
                }
                writes.deleted(key, s.metadata?.name ?? '');
              }
              return;
            }
            if (writes.isStale(key, mirrored)) return { requeue: true };
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
              if (!ep.metadata?.deletionTimestamp)
                for (const s of result.create) writes.written(key, await ns.create(s));
              for (const s of result.update) writes.written(key, await ns.update(s));
              for (const s of result.delete) {
                try {
                  await ns.delete(s.metadata?.name ?? '');
                } catch (e) {
                  if (!isNotFound(e)) throw e;
                }
                writes.deleted(key, s.metadata?.name ?? '');
              }
            } catch (e) {
              if (isNamespaceTerminating(e)) return;
              throw e;
            }
          },
        },
      ],
      { stop: () => deletions.remove() },
    );
  },
};
