// What a DELETE does to an object (upstream's BeforeDelete + deletion finalizers), as a pure
// decision: delete it now from the store, or write it back marked as terminating (graceful
// deletion, finalizers still pending), or leave it as it is.
import type { KubeObject } from '../../api/strategy.ts';
import { rfc3339 } from './object-meta.ts';

export const FINALIZER_ORPHAN = 'orphan';
export const FINALIZER_FOREGROUND = 'foregroundDeletion';

export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: PropagationPolicy;
  /** Deprecated form of propagationPolicy=Orphan. */
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

export type DeleteDecision =
  | { action: 'delete' }
  /** Write this object (a copy of the current one with deletion fields and finalizers set). */
  | { action: 'mark'; object: KubeObject }
  /** Already terminating in the same way: nothing to write. */
  | { action: 'pending' };

/**
 * Decides the effect of a DELETE on `current`.
 * - Graceful: a positive grace period (as the kind's strategy settled it) sets deletionTimestamp
 *   to now + grace; a later DELETE may only shorten it. Grace 0 deletes at once (if no finalizers).
 * - Finalizers: Foreground adds `foregroundDeletion`, Orphan adds `orphan`, Background removes
 *   both; any finalizer left keeps the object, marked with deletionTimestamp, until they are gone.
 */
export function decideDelete(
  current: KubeObject,
  options: DeleteOptions,
  now: Date,
  /** Something besides finalizers keeps the object (namespaces' spec.finalizers). */
  otherwisePending = false,
): DeleteDecision {
  const meta = current.metadata ?? {};
  const finalizers = new Set(meta.finalizers ?? []);
  const policy: PropagationPolicy | undefined =
    options.propagationPolicy ??
    (options.orphanDependents === true
      ? 'Orphan'
      : options.orphanDependents === false
        ? 'Background'
        : undefined);
  const alreadyDeleting = meta.deletionTimestamp !== undefined;
  // Upstream lets the policy change finalizers only when the object is not already being deleted with that set.
  if (policy === 'Foreground') {
    finalizers.add(FINALIZER_FOREGROUND);
    finalizers.delete(FINALIZER_ORPHAN);
  } else if (policy === 'Orphan') {
    finalizers.add(FINALIZER_ORPHAN);
    finalizers.delete(FINALIZER_FOREGROUND);
  } else if (policy === 'Background' && !alreadyDeleting) {
    finalizers.delete(FINALIZER_ORPHAN);
    finalizers.delete(FINALIZER_FOREGROUND);
  }

  let grace = options.gracePeriodSeconds ?? 0;
  if (grace < 0) grace = 0;
  const currentGrace = meta.deletionGracePeriodSeconds;
  const finalizersChanged =
    finalizers.size !== (meta.finalizers?.length ?? 0) ||
    [...finalizers].some((f) => !meta.finalizers?.includes(f));

  if (finalizers.size === 0 && !otherwisePending) {
    if (grace === 0) return { action: 'delete' };
    if (alreadyDeleting && currentGrace !== undefined && currentGrace <= grace) return { action: 'pending' };
    return {
      action: 'mark',
      object: marked(current, [...finalizers], grace, now, alreadyDeleting && currentGrace !== undefined),
    };
  }

  // Finalizers pending: the object stays until they are removed.
  if (alreadyDeleting) {
    const shorter = currentGrace !== undefined && grace < currentGrace;
    if (!shorter && !finalizersChanged) return { action: 'pending' };
    const object = marked(current, [...finalizers], shorter ? grace : (currentGrace ?? 0), now, !shorter);
    return { action: 'mark', object };
  }
  return { action: 'mark', object: marked(current, [...finalizers], grace, now, false) };
}

function marked(
  current: KubeObject,
  finalizers: string[],
  grace: number,
  now: Date,
  keepTimestamp: boolean,
): KubeObject {
  const meta = { ...current.metadata };
  if (!keepTimestamp || meta.deletionTimestamp === undefined) {
    meta.deletionTimestamp = rfc3339(new Date(now.getTime() + grace * 1000));
  }
  meta.deletionGracePeriodSeconds = grace;
  if (finalizers.length > 0) meta.finalizers = finalizers;
  else delete meta.finalizers;
  return { ...current, metadata: meta };
}

/** After an update: a terminating object whose last finalizer is gone (and grace is over) is deleted (upstream's shouldDeleteDuringUpdate). */
export function shouldDeleteAfterUpdate(obj: KubeObject, otherwisePending = false): boolean {
  const meta = obj.metadata;
  return (
    !otherwisePending &&
    meta?.deletionTimestamp !== undefined &&
    (meta.finalizers?.length ?? 0) === 0 &&
    (meta.deletionGracePeriodSeconds ?? 0) === 0
  );
}
