// Whether a node suits a pod's claims (upstream's FindPodVolumes): the volumes of bound claims
// must admit the node by their node affinity; each unbound WaitForFirstConsumer claim needs an
// available static volume that fits it and the node, or a class that provisions volumes for the
// node's topology. Also which nodes the pod's bound local volumes pin it to (GetEligibleNodes).
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.d.ts';
import type { StorageClass } from 'kubernetes-types/storage/v1.d.ts';
import { labelSelectorMatches } from '../../../machinery/label-selector.ts';
import type { Labels } from '../../../machinery/labels.ts';
import { parseQuantity, type Quantity } from '../../../machinery/quantity.ts';
import { compileNodeSelector } from '../../framework/node-selector.ts';
import {
  ANN_SELECTED_NODE,
  claimClassName,
  type PodVolumeClaims,
  type StorageLookup,
  volumeClassName,
} from './pod-claims.ts';

export const ERR_REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
export const ERR_REASON_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const ERR_REASON_PV_NOT_EXIST =
  'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';
/** A class whose volumes are made by hand only. */
export const NOT_SUPPORTED_PROVISIONER = 'kubernetes.io/no-provisioner';
const HOSTNAME = 'kubernetes.io/hostname';

/** The node as the checks see it. */
export interface NodeFacts {
  name: string;
  labels: Labels;
}

export interface StaticBinding {
  claim: PersistentVolumeClaim;
  volume: PersistentVolume;
}

/** What binding the pod's claims on one node takes (upstream's PodVolumes). */
export interface PodVolumes {
  staticBindings: StaticBinding[];
  dynamicProvisions: PersistentVolumeClaim[];
}

/** Whether the volume's required node affinity admits the node (none admits every node). */
export function volumeFitsNode(pv: PersistentVolume, node: NodeFacts): boolean {
  const required = pv.spec?.nodeAffinity?.required;
  if (!required) return true;
  return compileNodeSelector(required)(node.labels, node.name);
}

/** Whether the class's allowedTopologies admit the node's labels (none admits every node). */
export function topologyAllows(sc: StorageClass, labels: Labels): boolean {
  const terms = sc.allowedTopologies ?? [];
  if (terms.length === 0) return true;
  return terms.some((t) =>
    (t.matchLabelExpressions ?? []).every((e) => {
      const v = labels[e.key];
      return v !== undefined && e.values.includes(v);
    }),
  );
}

const ZERO = parseQuantity('0');
function storageOf(list: Record<string, unknown> | undefined): Quantity {
  try {
    const v = list?.storage;
    return v === undefined || v === null ? ZERO : parseQuantity(String(v));
  } catch {
    return ZERO;
  }
}

function boundTo(pv: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = pv.spec?.claimRef;
  if (!ref) return false;
  if (ref.name !== claim.metadata?.name || ref.namespace !== claim.metadata?.namespace) return false;
  return !ref.uid || ref.uid === claim.metadata?.uid;
}

/**
 * The smallest available volume for an unbound claim on the node (upstream's FindMatchingVolume
 * with delayed binding): a volume pre-bound to the claim wins if it fits the node; others must be
 * Available, unclaimed, of the claim's class, mode and access modes, big enough, matching the
 * claim's selector and the node. Volumes in `excluded` are taken by the pod's other claims.
 */
export function findMatchingVolume(
  claim: PersistentVolumeClaim,
  volumes: readonly PersistentVolume[],
  node: NodeFacts,
  excluded: ReadonlySet<string>,
): PersistentVolume | undefined {
  const requested = storageOf(claim.spec?.resources?.requests);
  const mode = claim.spec?.volumeMode ?? 'Filesystem';
  const className = claimClassName(claim);
  const accessModes = claim.spec?.accessModes ?? [];
  let best: PersistentVolume | undefined;
  let bestSize: Quantity | undefined;
  for (const pv of volumes) {
    if (excluded.has(pv.metadata?.name ?? '')) continue;
    if (pv.spec?.claimRef && !boundTo(pv, claim)) continue;
    const size = storageOf(pv.spec?.capacity);
    if (size.cmp(requested) < 0) continue;
    if ((pv.spec?.volumeMode ?? 'Filesystem') !== mode) continue;
    if (pv.metadata?.deletionTimestamp) continue;
    const fitsNode = volumeFitsNode(pv, node);
    if (boundTo(pv, claim)) return fitsNode ? pv : undefined;
    if (pv.status?.phase !== 'Available') continue;
    if (volumeClassName(pv) !== className) continue;
    if (claim.spec?.selector && !labelSelectorMatches(claim.spec.selector, pv.metadata?.labels ?? {}))
      continue;
    if (!fitsNode) continue;
    if (!accessModes.every((m) => (pv.spec?.accessModes ?? []).includes(m))) continue;
    if (!bestSize || bestSize.cmp(size) > 0) {
      best = pv;
      bestSize = size;
    }
  }
  return best;
}

/**
 * The node's verdict for the pod's claims: the bindings it would take, or the reasons it does
 * not fit (in upstream's order). Throws where upstream returns an error (a claim to provision
 * without a class, a class that does not exist).
 */
export function findPodVolumes(
  claims: PodVolumeClaims,
  node: NodeFacts,
  lookup: StorageLookup,
): { podVolumes: PodVolumes; reasons: string[] } {
  const podVolumes: PodVolumes = { staticBindings: [], dynamicProvisions: [] };
  let boundSatisfied = true;
  let boundFound = true;
  let unboundSatisfied = true;
  const reasons = () => {
    const out: string[] = [];
    if (!boundSatisfied) out.push(ERR_REASON_NODE_CONFLICT);
    if (!unboundSatisfied) out.push(ERR_REASON_BIND_CONFLICT);
    if (!boundFound) out.push(ERR_REASON_PV_NOT_EXIST);
    return out;
  };

  for (const claim of claims.bound) {
    const pv = lookup.volume(claim.spec?.volumeName ?? '');
    if (!pv) {
      boundFound = false;
      break;
    }
    if (!volumeFitsNode(pv, node)) {
      boundSatisfied = false;
      break;
    }
  }

  if (claims.unboundDelayBinding.length === 0) return { podVolumes, reasons: reasons() };
  const toMatch: PersistentVolumeClaim[] = [];
  const toProvision: PersistentVolumeClaim[] = [];
  for (const claim of claims.unboundDelayBinding) {
    const selected = claim.metadata?.annotations?.[ANN_SELECTED_NODE];
    if (selected === undefined) toMatch.push(claim);
    else if (selected !== node.name) {
      // Another node was chosen for it already: only that node can have its volume.
      unboundSatisfied = false;
      return { podVolumes, reasons: reasons() };
    } else toProvision.push(claim);
  }

  if (toMatch.length > 0) {
    // Smallest requests first, so that each takes the smallest volume that fits it.
    const bySize = [...toMatch].sort((a, b) =>
      storageOf(a.spec?.resources?.requests).cmp(storageOf(b.spec?.resources?.requests)),
    );
    const volumes = lookup.volumes();
    const chosen = new Set<string>();
    for (const claim of bySize) {
      const pv = findMatchingVolume(claim, volumes, node, chosen);
      if (!pv) {
        toProvision.push(claim);
        unboundSatisfied = false;
        continue;
      }
      chosen.add(pv.metadata?.name ?? '');
      podVolumes.staticBindings.push({ claim, volume: pv });
    }
  }

  if (toProvision.length > 0) {
    unboundSatisfied = true;
    for (const claim of toProvision) {
      const className = claimClassName(claim);
      if (!className)
        throw new Error(`no class for claim "${claim.metadata?.namespace}/${claim.metadata?.name}"`);
      const sc = lookup.storageClass(className);
      if (!sc) throw new Error(`failed to find storage class "${className}"`);
      if (
        !sc.provisioner ||
        sc.provisioner === NOT_SUPPORTED_PROVISIONER ||
        !topologyAllows(sc, node.labels)
      ) {
        unboundSatisfied = false;
        podVolumes.dynamicProvisions = [];
        return { podVolumes, reasons: reasons() };
      }
      podVolumes.dynamicProvisions.push(claim);
    }
  }
  return { podVolumes, reasons: reasons() };
}

/**
 * The nodes the pod's bound local volumes allow (hostname In terms of their node affinity),
 * intersected over the claims; `undefined` when no bound volume restricts the node by name.
 */
export function eligibleNodes(
  bound: readonly PersistentVolumeClaim[],
  lookup: StorageLookup,
): Set<string> | undefined {
  let out: Set<string> | undefined;
  for (const claim of bound) {
    const pv = lookup.volume(claim.spec?.volumeName ?? '');
    const names = pv ? localVolumeNodeNames(pv) : undefined;
    if (!names) continue;
    out = out ? new Set([...out].filter((n) => names.has(n))) : names;
  }
  return out;
}

/** The node names a volume's affinity pins it to, if every term names hosts. */
function localVolumeNodeNames(pv: PersistentVolume): Set<string> | undefined {
  const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms ?? [];
  if (terms.length === 0) return undefined;
  const out = new Set<string>();
  for (const t of terms) {
    let names: Set<string> | undefined;
    for (const e of t.matchExpressions ?? []) {
      if (e.key !== HOSTNAME || e.operator !== 'In') continue;
      const values = new Set(e.values ?? []);
      names = names ? new Set([...names].filter((n) => values.has(n))) : values;
    }
    // A term that does not name hosts may match any node: no restriction can be derived.
    if (!names) return undefined;
    for (const n of names) out.add(n);
  }
  return out;
}
