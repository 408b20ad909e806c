// The `persistentvolumeclaim-protection` and `persistentvolume-protection` controllers: the API
// server puts protection finalizers on claims and volumes; these remove them once a deleted
// claim is no longer mounted by a pod (checked against a live list too, as upstream) and a
// deleted volume is no longer bound.
import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.d.ts';
import { isNotFound, PODS, splitKey } from '../../client/index.ts';
import type { ControllerDefinition } from '../controller-definition.ts';
import { runControllers } from '../internal/run.ts';
import { PVCS, PVS } from '../persistentvolume-binder/index.ts';
import {
  claimReleasable,
  PV_PROTECTION,
  PVC_PROTECTION,
  podUsesClaim,
  volumeReleasable,
  withoutFinalizerPatch,
} from './in-use.ts';

export const claimProtectionController: ControllerDefinition = {
  name: 'persistentvolumeclaim-protection',
  enabledByDefault: true,
  async start(ctx) {
    const claims = ctx.informers.informerFor<PersistentVolumeClaim>(PVCS);
    const pods = ctx.informers.informerFor<Pod>(PODS);
    const client = ctx.client.resource<PersistentVolumeClaim>(PVCS);
    const claimsOfPod = (pod: Pod) =>
      (pod.spec?.volumes ?? []).flatMap((v) => {
        const name =
          v.persistentVolumeClaim?.claimName ?? (v.ephemeral ? `${pod.metadata?.name}-${v.name}` : undefined);
        return name ? [`${pod.metadata?.namespace}/${name}`] : [];
      });
    return runControllers(ctx, [
      {
        name: 'pvc-protection-controller',
        for: PVCS,
        watches: [{ resource: PODS, map: claimsOfPod }],
        workers: 1,
        async reconcile(key) {
          const { namespace, name } = splitKey(key);
          const claim = claims.lister.get(namespace, name);
          if (!claim || !claimReleasable(claim, pods.lister.namespace(namespace).list())) return;
          // The cache may lag behind a pod just created: ask the server before letting go.
          const live = await ctx.client.resource<Pod>(PODS).namespace(namespace).list();
          if (live.items.some((p) => podUsesClaim(p, claim))) return;
          try {
            await client
              .namespace(namespace)
              .patch(name, 'merge', withoutFinalizerPatch(claim.metadata, PVC_PROTECTION));
          } catch (e) {
            if (!isNotFound(e)) throw e;
          }
        },
      },
    ]);
  },
};

export const volumeProtectionController: ControllerDefinition = {
  name: 'persistentvolume-protection',
  enabledByDefault: true,
  async start(ctx) {
    const volumes = ctx.informers.informerFor<PersistentVolume>(PVS);
    const client = ctx.client.resource<PersistentVolume>(PVS);
    return runControllers(ctx, [
      {
        name: 'pv-protection-controller',
        for: PVS,
        workers: 1,
        async reconcile(name) {
          const pv = volumes.lister.get(name);
          if (!pv || !volumeReleasable(pv)) return;
          try {
            await client.patch(name, 'merge', withoutFinalizerPatch(pv.metadata, PV_PROTECTION));
          } catch (e) {
            if (!isNotFound(e)) throw e;
          }
        },
      },
    ]);
  },
};
