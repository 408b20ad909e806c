// What the garbage collector does with one object, given what its owners turned out to be
// (upstream's attemptToDeleteItem and classifyReferences), and the merge patches it sends.
// Pure: the live lookups happen before, the writes after.
import type { OwnerReference } from 'kubernetes-types/meta/v1.d.ts';
import { FINALIZER_FOREGROUND, FINALIZER_ORPHAN } from './graph.ts';

/** What a live lookup of an owner found. */
export type OwnerState = { present: false } | { present: true; deletingDependents: boolean };

export interface Classification {
  /** Owners that exist and are not waiting for their dependents. */
  solid: OwnerReference[];
  /** Owners that do not exist (or exist with another uid). */
  dangling: OwnerReference[];
  /** Owners being deleted in the foreground, waiting for their dependents to go. */
  waitingForDependentsDeletion: OwnerReference[];
}

export function classifyReferences(
  refs: readonly OwnerReference[],
  lookup: (ref: OwnerReference) => OwnerState,
): Classification {
  const c: Classification = { solid: [], dangling: [], waitingForDependentsDeletion: [] };
  for (const ref of refs) {
    const s = lookup(ref);
    if (!s.present) c.dangling.push(ref);
    else if (s.deletingDependents) c.waitingForDependentsDeletion.push(ref);
    else c.solid.push(ref);
  }
  return c;
}

export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

export type ItemAction =
  | { action: 'none' }
  /** Remove references to absent owners and to owners waiting on their dependents (it has a solid owner). */
  | { action: 'removeReferences'; uids: string[] }
  /** Delete it; first stop blocking owners when one of its own dependents waits on it (cycle guard). */
  | { action: 'delete'; policy: PropagationPolicy; unblockFirst: boolean };

export interface ItemFacts {
  ownerReferences: readonly OwnerReference[];
  finalizers: readonly string[];
  /** How many dependents the graph knows of. */
  dependents: number;
  /** Whether one of them is itself being deleted in the foreground. */
  aDependentIsDeletingDependents: boolean;
}

/** The decision for an object that is not itself waiting on dependents. */
export function decideItem(item: ItemFacts, c: Classification): ItemAction {
  if (item.ownerReferences.length === 0) return { action: 'none' };
  if (c.solid.length > 0) {
    if (c.dangling.length === 0 && c.waitingForDependentsDeletion.length === 0) return { action: 'none' };
    return {
      action: 'removeReferences',
      uids: [...c.dangling, ...c.waitingForDependentsDeletion].map((r) => r.uid),
    };
  }
  if (c.waitingForDependentsDeletion.length > 0 && item.dependents > 0) {
    return { action: 'delete', policy: 'Foreground', unblockFirst: item.aDependentIsDeletingDependents };
  }
  const policy: PropagationPolicy = item.finalizers.includes(FINALIZER_ORPHAN)
    ? 'Orphan'
    : item.finalizers.includes(FINALIZER_FOREGROUND)
      ? 'Foreground'
      : 'Background';
  return { action: 'delete', policy, unblockFirst: false };
}

interface Meta {
  uid?: string;
  resourceVersion?: string;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
}

/** Merge patch dropping the references to `uids` (conditional on the object's resourceVersion). */
export function removeReferencesPatch(
  meta: Meta,
  uids: readonly string[],
): { metadata: Record<string, unknown> } {
  const drop = new Set(uids);
  const kept = (meta.ownerReferences ?? []).filter((r) => !drop.has(r.uid));
  return {
    metadata: {
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
      ownerReferences: kept.length ? kept : null,
    },
  };
}

/** Merge patch turning every blockOwnerDeletion: true into false. */
export function unblockReferencesPatch(meta: Meta): { metadata: Record<string, unknown> } | undefined {
  const refs = meta.ownerReferences ?? [];
  if (!refs.some((r) => r.blockOwnerDeletion === true)) return undefined;
  const ownerReferences = refs.map((r) =>
    r.blockOwnerDeletion === true ? { ...r, blockOwnerDeletion: false } : r,
  );
  return { metadata: { uid: meta.uid, resourceVersion: meta.resourceVersion, ownerReferences } };
}

/** Merge patch removing one finalizer, or undefined when it is not there. */
export function removeFinalizerPatch(
  meta: Meta,
  finalizer: string,
): { metadata: Record<string, unknown> } | undefined {
  const finalizers = meta.finalizers ?? [];
  if (!finalizers.includes(finalizer)) return undefined;
  const kept = finalizers.filter((f) => f !== finalizer);
  return {
    metadata: { uid: meta.uid, resourceVersion: meta.resourceVersion, finalizers: kept.length ? kept : null },
  };
}
