// The `local-path-provisioner` (k3s's rancher.io/local-path, run here in the controller manager):
// makes sure the default StorageClass `local-path` exists, provisions a hostPath volume on the
// selected node for each claim of that class the binder hands over, and deletes the volumes
// their claims released (reclaim policy Delete). The binder then binds claim and volume.
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.d.ts';
import type { StorageClass } from 'kubernetes-types/storage/v1.d.ts';
import { isAlreadyExists, isNotFound, splitKey } from '../../client/index.ts';
import type { ControllerDefinition } from '../controller-definition.ts';
import { errorMessage } from '../internal/errors.ts';
import { runControllers } from '../internal/run.ts';
import { PVCS, PVS, STORAGE_CLASSES } from '../persistentvolume-binder/index.ts';
import { claimClass } from '../persistentvolume-binder/match.ts';
import {
  LOCAL_PATH_CLASS_NAME,
  localPathStorageClass,
  provisionedVolume,
  shouldDelete,
  shouldProvision,
  volumeNameFor,
} from './provision.ts';

export const localPathProvisioner: ControllerDefinition = {
  name: 'local-path-provisioner',
  enabledByDefault: true,
  async start(ctx) {
    const claims = ctx.informers.informerFor<PersistentVolumeClaim>(PVCS);
    const volumes = ctx.informers.informerFor<PersistentVolume>(PVS);
    const classes = ctx.informers.informerFor<StorageClass>(STORAGE_CLASSES);
    const pvClient = ctx.client.resource<PersistentVolume>(PVS);
    const recorder = ctx.recorder('rancher.io/local-path');
    const ensureClass = async () => {
      try {
        await ctx.client.resource<StorageClass>(STORAGE_CLASSES).create(localPathStorageClass());
      } catch (e) {
        if (!isAlreadyExists(e))
          console.error(
            `local-path-provisioner: creating StorageClass ${LOCAL_PATH_CLASS_NAME}: ${errorMessage(e)}`,
          );
      }
    };
    return runControllers(
      ctx,
      [
        {
          name: 'local-path-provisioner-claims',
          for: PVCS,
          watches: [
            {
              resource: STORAGE_CLASSES,
              map: (sc: StorageClass) =>
                claims.lister
                  .list()
                  .filter((c) => claimClass(c) === sc.metadata?.name)
                  .map((c) => `${c.metadata?.namespace}/${c.metadata?.name}`),
            },
          ],
          workers: 2,
          async reconcile(key) {
            const { namespace, name } = splitKey(key);
            const claim = claims.lister.get(namespace, name);
            if (!claim) return;
            const sc = classes.lister.get(claimClass(claim));
            if (!sc || !shouldProvision(claim, sc)) return;
            if (volumes.lister.get(volumeNameFor(claim))) return;
            const about = { ...claim, apiVersion: 'v1', kind: 'PersistentVolumeClaim' };
            recorder.event(
              about,
              'Normal',
              'Provisioning',
              `External provisioner is provisioning volume for claim "${namespace}/${name}"`,
            );
            const pv = provisionedVolume(claim, sc, ctx.settings.localPathStorageDir);
            try {
              await pvClient.create(pv);
            } catch (e) {
              if (isAlreadyExists(e)) return;
              recorder.event(
                about,
                'Warning',
                'ProvisioningFailed',
                `failed to provision volume with StorageClass "${sc.metadata?.name}": ${errorMessage(e)}`,
              );
              throw e;
            }
            recorder.event(
              about,
              'Normal',
              'ProvisioningSucceeded',
              `Successfully provisioned volume ${pv.metadata?.name}`,
            );
          },
        },
        {
          name: 'local-path-provisioner-volumes',
          for: PVS,
          workers: 1,
          async reconcile(name) {
            const pv = volumes.lister.get(name);
            if (!pv || !shouldDelete(pv)) return;
            // The directory on the node is the node's to clean; the volume object goes now.
            try {
              await pvClient.delete(name, { preconditions: { uid: pv.metadata?.uid ?? '' } });
            } catch (e) {
              if (!isNotFound(e)) throw e;
            }
          },
        },
      ],
      { start: ensureClass },
    );
  },
};
