// The `persistentvolume-binder` controller (a simple form of upstream's persistent volume
// controller): claims are bound to matching available volumes (capacity, access modes, class,
// selector), both sides marked; claims of a WaitForFirstConsumer class take only a volume
// pre-bound to them until the scheduler's selected-node annotation names a node, whose labels
// the volumes' node affinity must then admit; claims no volume fits are handed to their class's
// provisioner; volume phases follow their claims (Available, Bound, Released) and a claim whose
// volume vanished is Lost. Events as upstream: WaitForFirstConsumer, ExternalProvisioning, FailedBinding, ClaimLost.
import type { Node, PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.d.ts';
import type { StorageClass } from 'kubernetes-types/storage/v1.d.ts';
import {
  descriptor,
  type EventRecorder,
  isNotFound,
  NODES,
  type ResourceDescriptor,
  splitKey,
} from '../../client/index.ts';
import { deepEqual } from '../../machinery/json-value.ts';
import type { ControllerDefinition } from '../controller-definition.ts';
import { runControllers } from '../internal/run.ts';
import {
  ANN_BETA_STORAGE_PROVISIONER,
  ANN_BIND_COMPLETED,
  ANN_SELECTED_NODE,
  ANN_STORAGE_PROVISIONER,
  boundClaim,
  boundClaimStatus,
  boundVolume,
  claimClass,
  delaysBinding,
  findMatchingVolume,
  selectedNodeLabels,
  volumePhase,
} from './match.ts';

export const PVS: ResourceDescriptor = descriptor('v1', 'persistentvolumes', false, 'PersistentVolume');
export const PVCS: ResourceDescriptor = descriptor(
  'v1',
  'persistentvolumeclaims',
  true,
  'PersistentVolumeClaim',
);
export const STORAGE_CLASSES: ResourceDescriptor = descriptor(
  'storage.k8s.io/v1',
  'storageclasses',
  false,
  'StorageClass',
);

type Claim = PersistentVolumeClaim;

export const persistentVolumeBinder: ControllerDefinition = {
  name: 'persistentvolume-binder',
  enabledByDefault: true,
  async start(ctx) {
    const volumes = ctx.informers.informerFor<PersistentVolume>(PVS);
    const claims = ctx.informers.informerFor<Claim>(PVCS);
    const classes = ctx.informers.informerFor<StorageClass>(STORAGE_CLASSES);
    const nodes = ctx.informers.informerFor<Node>(NODES);
    const pvClient = ctx.client.resource<PersistentVolume>(PVS);
    const pvcClient = ctx.client.resource<Claim>(PVCS);
    const recorder: EventRecorder = ctx.recorder('persistentvolume-controller');
    const about = (c: Claim) => ({ ...c, apiVersion: 'v1', kind: 'PersistentVolumeClaim' });
    /** Events said once per claim state, as upstream's repeated syncs would be folded by the correlator. */
    const said = new Map<string, string>();
    const sayOnce = (c: Claim, type: 'Normal' | 'Warning', reason: string, message: string) => {
      const key = `${c.metadata?.uid}`;
      if (said.get(key) === `${reason}|${message}`) return;
      said.set(key, `${reason}|${message}`);
      recorder.event(about(c), type, reason, message);
    };

    const setClaimStatus = async (claim: Claim, status: NonNullable<Claim['status']>) => {
      if (deepEqual({ ...claim.status, ...status }, claim.status)) return;
      await pvcClient.namespace(claim.metadata?.namespace ?? '').updateStatus({
        ...claim,
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        status: { ...claim.status, ...status },
      });
    };
    const setVolumePhase = async (pv: PersistentVolume, phase: string) => {
      if (pv.status?.phase === phase) return;
      await pvClient.updateStatus({
        ...pv,
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        status: { ...pv.status, phase },
      });
    };

    const bind = async (claim: Claim, pv: PersistentVolume) => {
      let volume = pv;
      if (pv.spec?.claimRef?.uid !== claim.metadata?.uid)
        volume = await pvClient.update(boundVolume(pv, claim));
      await setVolumePhase(volume, 'Bound');
      const updated = await pvcClient
        .namespace(claim.metadata?.namespace ?? '')
        .update(boundClaim(claim, volume));
      await setClaimStatus(updated, boundClaimStatus(volume));
    };

    const syncClaim = async (key: string) => {
      const { namespace, name } = splitKey(key);
      const claim = claims.lister.get(namespace, name);
      if (!claim || claim.metadata?.deletionTimestamp) return;
      const annotations = claim.metadata?.annotations ?? {};
      if (annotations[ANN_BIND_COMPLETED]) {
        const pv = volumes.lister.get(claim.spec?.volumeName ?? '');
        if (!pv) {
          if (claim.status?.phase !== 'Lost') {
            recorder.event(
              about(claim),
              'Warning',
              'ClaimLost',
              'Bound claim has lost its PersistentVolume. Data on the volume is lost!',
            );
            await setClaimStatus(claim, { phase: 'Lost' });
          }
          return;
        }
        if (!pv.spec?.claimRef || pv.spec.claimRef.uid === claim.metadata?.uid) {
          if (!pv.spec?.claimRef) await bind(claim, pv);
          else await setClaimStatus(claim, boundClaimStatus(pv));
          return;
        }
        sayOnce(
          claim,
          'Warning',
          'ClaimMisbound',
          'Two claims are bound to the same volume, this one is bound incorrectly',
        );
        await setClaimStatus(claim, { phase: 'Lost' });
        return;
      }
      if (claim.spec?.volumeName) {
        const pv = volumes.lister.get(claim.spec.volumeName);
        if (
          pv &&
          (!pv.spec?.claimRef ||
            pv.spec.claimRef.uid === claim.metadata?.uid ||
            (!pv.spec.claimRef.uid && pv.spec.claimRef.name === name))
        ) {
          await bind(claim, pv);
        } else if (pv) {
          sayOnce(
            claim,
            'Warning',
            'FailedBinding',
            `volume "${pv.metadata?.name}" already bound to a different claim.`,
          );
        }
        return;
      }
      const className = claimClass(claim);
      const sc = className ? classes.lister.get(className) : undefined;
      const selectedNode = annotations[ANN_SELECTED_NODE];
      const delayBinding = delaysBinding(sc);
      // A delayed claim's selected node: the scheduler chose it, so its real labels decide which
      // unbound volumes fit (upstream's scheduler binder); a node gone since fits no constrained volume.
      const nodeLabels =
        delayBinding && selectedNode ? selectedNodeLabels(nodes.lister.get(selectedNode)) : undefined;
      // A volume pre-bound to the claim is bound even while binding waits for a consumer.
      const pv = findMatchingVolume(claim, volumes.lister.list(), { delayBinding, nodeLabels });
      if (pv) {
        await bind(claim, pv);
        return;
      }
      if (delayBinding && !selectedNode) {
        sayOnce(
          claim,
          'Normal',
          'WaitForFirstConsumer',
          'waiting for first consumer to be created before binding',
        );
        return;
      }
      if (sc?.provisioner && sc.provisioner !== 'kubernetes.io/no-provisioner') {
        if (annotations[ANN_STORAGE_PROVISIONER] !== sc.provisioner) {
          await pvcClient.namespace(namespace).update({
            ...claim,
            metadata: {
              ...claim.metadata,
              annotations: {
                ...annotations,
                [ANN_STORAGE_PROVISIONER]: sc.provisioner,
                [ANN_BETA_STORAGE_PROVISIONER]: sc.provisioner,
              },
            },
          });
        }
        sayOnce(
          claim,
          'Normal',
          'ExternalProvisioning',
          `Waiting for a volume to be created either by the external provisioner '${sc.provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
        );
        return;
      }
      const why = className
        ? `storageclass.storage.k8s.io "${className}" not found`
        : 'no persistent volumes available for this claim and no storage class is set';
      if (className && !sc) sayOnce(claim, 'Warning', 'ProvisioningFailed', why);
      else sayOnce(claim, 'Normal', 'FailedBinding', why);
    };

    const syncVolume = async (name: string) => {
      const pv = volumes.lister.get(name);
      if (!pv) return;
      const ref = pv.spec?.claimRef;
      const claim = ref ? claims.lister.get(ref.namespace ?? '', ref.name ?? '') : undefined;
      const phase = volumePhase(pv, claim);
      if (phase) await setVolumePhase(pv, phase);
    };

    const pendingClaims = () =>
      claims.lister
        .list()
        .filter((c) => !c.metadata?.annotations?.[ANN_BIND_COMPLETED])
        .map((c) => `${c.metadata?.namespace}/${c.metadata?.name}`);
    /** A volume's claim; an unclaimed volume may suit any pending claim. */
    const claimKeyOfVolume = (pv: PersistentVolume) => {
      const ref = pv.spec?.claimRef;
      return ref?.name ? [`${ref.namespace}/${ref.name}`] : pendingClaims();
    };
    const claimsOnNode = (node: Node) =>
      claims.lister
        .list()
        .filter(
          (c) =>
            !c.metadata?.annotations?.[ANN_BIND_COMPLETED] &&
            c.metadata?.annotations?.[ANN_SELECTED_NODE] === node.metadata?.name,
        )
        .map((c) => `${c.metadata?.namespace}/${c.metadata?.name}`);
    const quiet = (e: unknown) => isNotFound(e);
    return runControllers(ctx, [
      {
        name: 'persistentvolume-binder-claims',
        for: PVCS,
        watches: [
          { resource: PVS, map: claimKeyOfVolume },
          // A new class may let a pending claim be provisioned.
          { resource: STORAGE_CLASSES, map: pendingClaims },
          // A selected node appearing or relabelled may admit volumes its claims could not take.
          { resource: NODES, map: claimsOnNode },
        ],
        workers: 1,
        async reconcile(key) {
          try {
            await syncClaim(key);
          } catch (e) {
            if (!quiet(e)) throw e;
          }
        },
      },
      {
        name: 'persistentvolume-binder-volumes',
        for: PVS,
        watches: [{ resource: PVCS, map: (c: Claim) => (c.spec?.volumeName ? [c.spec.volumeName] : []) }],
        workers: 1,
        async reconcile(name) {
          try {
            await syncVolume(name);
          } catch (e) {
            if (!quiet(e)) throw e;
          }
        },
      },
    ]);
  },
};
