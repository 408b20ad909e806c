// Binding claims to volumes (upstream's persistent volume controller, pure part): which
// available volume fits a claim best — enough capacity, the same class and volume mode, every
// requested access mode, the claim's label selector, the selected node's labels if any — and what the
// two objects look like once bound, and which phase a volume is in.
import type { Node, PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.d.ts';
import type { StorageClass } from 'kubernetes-types/storage/v1.d.ts';
import { labelSelectorMatches } from '../../machinery/label-selector.ts';
import { parseQuantity, type Quantity } from '../../machinery/quantity.ts';
import { termMatches } from '../daemonset/node-match.ts';

export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
export const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
export const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
export const ANN_PROVISIONED_BY = 'pv.kubernetes.io/provisioned-by';

const quantity = (v: unknown): Quantity | undefined => {
  try {
    return v === undefined || v === null ? undefined : parseQuantity(String(v));
  } catch {
    return undefined;
  }
};

export function claimClass(claim: PersistentVolumeClaim): string {
  return (
    claim.spec?.storageClassName ??
    claim.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ??
    ''
  );
}

export function volumeClass(pv: PersistentVolume): string {
  return (
    pv.spec?.storageClassName ?? pv.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? ''
  );
}

/**
 * Whether the volume's required node affinity admits a node with these labels (upstream's
 * CheckNodeAffinity): only the labels count, so a term on the metadata.name field never matches;
 * a volume without required affinity fits every node.
 */
export function volumeFitsNode(pv: PersistentVolume, nodeLabels: Record<string, string>): boolean {
  const required = pv.spec?.nodeAffinity?.required;
  if (!required) return true;
  const node = { metadata: { labels: nodeLabels } };
  return (required.nodeSelectorTerms ?? []).some((t) => termMatches(t, node));
}

/** The labels a selected node is matched by; a node that does not exist has none, so it fits no constrained volume. */
export function selectedNodeLabels(node: Node | undefined): Record<string, string> {
  return { ...node?.metadata?.labels };
}

function refersTo(pv: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = pv.spec?.claimRef;
  return (
    !!ref &&
    ref.name === claim.metadata?.name &&
    ref.namespace === claim.metadata?.namespace &&
    (!ref.uid || ref.uid === claim.metadata?.uid)
  );
}

export interface MatchOptions {
  /**
   * The claim's class binds on first consumer: until a node is selected only a volume pre-bound
   * to the claim (its claimRef naming it) qualifies, as in upstream's controller.
   */
  delayBinding?: boolean;
  /**
   * The labels of the node the scheduler selected for a delayed claim (selectedNodeLabels): kts's
   * binder, not the scheduler, then reserves an unbound volume, so it checks that volume's node
   * affinity as upstream's scheduler does. Unset, node affinity is not checked (upstream's
   * controller path); a pre-bound volume is never checked.
   */
  nodeLabels?: Record<string, string>;
}

/**
 * The volume for a claim (upstream's findMatchingVolume): one pre-bound to it (big enough, same
 * volume mode, every access mode; class and selector are the user's choice then), else the
 * smallest available one that fits every constraint.
 */
export function findMatchingVolume(
  claim: PersistentVolumeClaim,
  volumes: readonly PersistentVolume[],
  options: MatchOptions = {},
): PersistentVolume | undefined {
  const { delayBinding = false, nodeLabels } = options;
  const requested = quantity(claim.spec?.resources?.requests?.storage) ?? parseQuantity('0');
  const mode = claim.spec?.volumeMode ?? 'Filesystem';
  const modes = claim.spec?.accessModes ?? [];
  let best: PersistentVolume | undefined;
  let bestSize: Quantity | undefined;
  for (const pv of volumes) {
    if (pv.metadata?.deletionTimestamp) continue;
    if ((pv.spec?.volumeMode ?? 'Filesystem') !== mode) continue;
    if (!modes.every((m) => (pv.spec?.accessModes ?? []).includes(m))) continue;
    const size = quantity(pv.spec?.capacity?.storage);
    if (!size || size.cmp(requested) < 0) continue;
    // A volume reserved for the claim (by its user, the scheduler or a provisioner) is taken
    // whatever the node: upstream's controller never checks node affinity, the scheduler did.
    if (refersTo(pv, claim)) return pv;
    if (delayBinding && nodeLabels === undefined) continue;
    if (pv.spec?.claimRef) continue;
    if (pv.status?.phase && pv.status.phase !== 'Available' && pv.status.phase !== 'Pending') continue;
    if (claim.spec?.selector && !labelSelectorMatches(claim.spec.selector, pv.metadata?.labels)) continue;
    if (volumeClass(pv) !== claimClass(claim)) continue;
    if (nodeLabels !== undefined && !volumeFitsNode(pv, nodeLabels)) continue;
    if (!bestSize || size.cmp(bestSize) < 0) {
      best = pv;
      bestSize = size;
    }
  }
  return best;
}

/** The volume with its claimRef set to the claim (the controller's binding annotation when it chose). */
export function boundVolume(pv: PersistentVolume, claim: PersistentVolumeClaim): PersistentVolume {
  const out = structuredClone(pv) as PersistentVolume & { spec: NonNullable<PersistentVolume['spec']> };
  const chosenByUs = !pv.spec?.claimRef;
  out.spec = {
    ...out.spec,
    claimRef: {
      kind: 'PersistentVolumeClaim',
      apiVersion: 'v1',
      namespace: claim.metadata?.namespace ?? '',
      name: claim.metadata?.name ?? '',
      uid: claim.metadata?.uid ?? '',
      resourceVersion: claim.metadata?.resourceVersion ?? '',
    },
  };
  if (chosenByUs)
    out.metadata = {
      ...out.metadata,
      annotations: { ...out.metadata?.annotations, [ANN_BOUND_BY_CONTROLLER]: 'yes' },
    };
  return out;
}

/** The claim with volumeName and the bind-completed annotation set. */
export function boundClaim(claim: PersistentVolumeClaim, pv: PersistentVolume): PersistentVolumeClaim {
  const out = structuredClone(claim) as PersistentVolumeClaim & {
    spec: NonNullable<PersistentVolumeClaim['spec']>;
  };
  const chosenByUs = !claim.spec?.volumeName;
  out.spec = { ...out.spec, volumeName: pv.metadata?.name ?? '' };
  const annotations: Record<string, string> = { ...out.metadata?.annotations, [ANN_BIND_COMPLETED]: 'yes' };
  if (chosenByUs) annotations[ANN_BOUND_BY_CONTROLLER] = 'yes';
  out.metadata = { ...out.metadata, annotations };
  return out;
}

/** The status of a bound claim: Bound, the volume's access modes and capacity. */
export function boundClaimStatus(pv: PersistentVolume): NonNullable<PersistentVolumeClaim['status']> {
  return {
    phase: 'Bound',
    accessModes: [...(pv.spec?.accessModes ?? [])],
    capacity: { ...pv.spec?.capacity },
  };
}

/**
 * A volume's phase given its claim (upstream's syncVolume): Available when unclaimed (or only
 * reserved by name), Released once the claim is gone, Bound when the claim names it; undefined
 * while the claim has not taken it yet (the claim's sync finishes the binding).
 */
export function volumePhase(
  pv: PersistentVolume,
  claim: PersistentVolumeClaim | undefined,
): 'Available' | 'Bound' | 'Released' | undefined {
  const ref = pv.spec?.claimRef;
  if (!ref?.uid) return 'Available';
  if (!claim || claim.metadata?.uid !== ref.uid) return 'Released';
  return claim.spec?.volumeName === pv.metadata?.name ? 'Bound' : undefined;
}

/** Whether a claim of this class waits for a pod to be scheduled before binding. */
export function delaysBinding(sc: StorageClass | undefined): boolean {
  return sc?.volumeBindingMode === 'WaitForFirstConsumer';
}
