// Adoption and release by controller owner references (upstream's ControllerRefManager): an
// owner claims the objects its selector matches. Objects it controls and still matches are
// kept; objects it controls but no longer matches are released (its owner reference removed);
// orphans it matches are adopted (an owner reference with controller: true added). Objects
// controlled by someone else are never touched. The decision is pure (classifyClaims); the
// patches that carry it out are written by claimObjects.
import { isNotFound, type ObjectLike, type ResourceClient } from '../../client/index.ts';
import { isInvalid } from './errors.ts';
import type { OwnerReference } from './types.ts';

/** What an owner looks like to the claim logic. */
export interface ClaimOwner {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; uid: string; deletionTimestamp?: string };
}

/** The claim-side view of an owner object of the given apiVersion and kind. */
export function claimOwnerOf(obj: ObjectLike, apiVersion: string, kind: string): ClaimOwner {
  const m = obj.metadata ?? {};
  const meta: ClaimOwner['metadata'] = { name: m.name ?? '', namespace: m.namespace ?? '', uid: m.uid ?? '' };
  if (m.deletionTimestamp) meta.deletionTimestamp = m.deletionTimestamp;
  return { apiVersion, kind, metadata: meta };
}

/** The controller reference an owner puts on what it creates or adopts (`metav1.NewControllerRef`). */
export function controllerRef(owner: ClaimOwner): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export interface ClaimDecision<T> {
  /** Controlled by the owner and matching: the owner's objects. */
  owned: T[];
  /** Orphans to adopt (become the owner's once adopted). */
  adopt: T[];
  /** Controlled by the owner but no longer matching. */
  release: T[];
}

/** `ClaimObject` over a list, without side effects. */
export function classifyClaims<T extends ObjectLike>(
  owner: ClaimOwner,
  objects: readonly T[],
  match: (obj: T) => boolean,
): ClaimDecision<T> {
  const decision: ClaimDecision<T> = { owned: [], adopt: [], release: [] };
  const ownerDeleting = !!owner.metadata.deletionTimestamp;
  for (const obj of objects) {
    const ref = obj.metadata?.ownerReferences?.find((r) => r.controller === true);
    if (ref) {
      if (ref.uid !== owner.metadata.uid) continue;
      if (match(obj)) decision.owned.push(obj);
      else if (!ownerDeleting) decision.release.push(obj);
      continue;
    }
    if (ownerDeleting || !match(obj)) continue;
    if (obj.metadata?.deletionTimestamp) continue;
    if (owner.metadata.namespace && owner.metadata.namespace !== obj.metadata?.namespace) continue;
    decision.adopt.push(obj);
  }
  return decision;
}

/** The strategic merge patch that adopts an object (`ownerRefControllerPatch`), adding finalizers if given. */
export function adoptPatch(
  owner: ClaimOwner,
  uid: string,
  finalizers: string[] = [],
): Record<string, unknown> {
  const metadata: Record<string, unknown> = { ownerReferences: [controllerRef(owner)], uid };
  if (finalizers.length) metadata.finalizers = finalizers;
  return { metadata };
}

/** The strategic merge patch that releases an object (`deleteOwnerRefStrategicMergePatch`). */
export function releasePatch(
  ownerUid: string,
  uid: string,
  finalizers: string[] = [],
): Record<string, unknown> {
  const metadata: Record<string, unknown> = { ownerReferences: [{ $patch: 'delete', uid: ownerUid }], uid };
  if (finalizers.length) metadata['$deleteFromPrimitiveList/finalizers'] = finalizers;
  return { metadata };
}

export interface ClaimOptions {
  /**
   * Checked once before the first adoption: the owner, read fresh from the API, is still the
   * same object and not being deleted (upstream's RecheckDeletionTimestamp). Throws otherwise.
   */
  canAdopt(): Promise<void>;
  /** Finalizers added on adoption and removed on release (the Job's tracking finalizer). */
  finalizers?: string[];
}

/**
 * Claims objects for an owner: adopts and releases through the API, returns the owner's
 * objects (adopted ones included). Throws the first adopt/release failure other than NotFound
 * (the caller requeues), after processing every object.
 */
export async function claimObjects<T extends ObjectLike>(
  owner: ClaimOwner,
  objects: readonly T[],
  match: (obj: T) => boolean,
  api: ResourceClient<T>,
  o: ClaimOptions,
): Promise<T[]> {
  const d = classifyClaims(owner, objects, match);
  if (d.adopt.length === 0 && d.release.length === 0) return d.owned;
  const claimed = [...d.owned];
  let firstError: unknown;
  let adoptCheck: Promise<void> | undefined;
  const ns = (obj: T) => api.namespace(obj.metadata?.namespace ?? owner.metadata.namespace ?? '');
  for (const obj of d.release) {
    try {
      await ns(obj).patch(
        obj.metadata!.name!,
        'strategic',
        releasePatch(owner.metadata.uid, obj.metadata?.uid ?? '', o.finalizers),
      );
    } catch (e) {
      if (!isNotFound(e) && !isInvalid(e)) firstError ??= e;
    }
  }
  for (const obj of d.adopt) {
    try {
      adoptCheck ??= o.canAdopt();
      await adoptCheck;
      const adopted = await ns(obj).patch(
        obj.metadata!.name!,
        'strategic',
        adoptPatch(owner, obj.metadata?.uid ?? '', o.finalizers),
      );
      claimed.push(adopted);
    } catch (e) {
      if (!isNotFound(e)) firstError ??= e;
    }
  }
  if (firstError !== undefined) throw firstError;
  return claimed;
}

/**
 * The usual canAdopt: a fresh read of the owner must have the same uid and no deletion
 * timestamp. Usage: `canAdopt: () => recheckOwner(api.namespace(ns), owner)`.
 */
export async function recheckOwner(api: ResourceClient<ObjectLike>, owner: ClaimOwner): Promise<void> {
  const fresh = await api.get(owner.metadata.name);
  if (fresh.metadata?.uid !== owner.metadata.uid) {
    throw new Error(
      `original ${owner.metadata.namespace}/${owner.metadata.name} is gone: got uid ${fresh.metadata?.uid}, wanted ${owner.metadata.uid}`,
    );
  }
  if (fresh.metadata?.deletionTimestamp) {
    throw new Error(
      `${owner.metadata.namespace}/${owner.metadata.name} has just been deleted at ${fresh.metadata.deletionTimestamp}`,
    );
  }
}
