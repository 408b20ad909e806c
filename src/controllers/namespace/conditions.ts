// The conditions a terminating namespace carries while the namespace controller empties it
// (upstream's namespaceConditionUpdater): one of each type, True with the failure while
// something is wrong, False with the "ok" reason and message otherwise. lastTransitionTime moves
// only when the status flips.
import type { NamespaceCondition } from 'kubernetes-types/core/v1.d.ts';

export const CONDITION_TYPES = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;

type ConditionType = (typeof CONDITION_TYPES)[number];

const OK: Record<ConditionType, { reason: string; message: string }> = {
  NamespaceDeletionDiscoveryFailure: {
    reason: 'ResourcesDiscovered',
    message: 'All resources successfully discovered',
  },
  NamespaceDeletionGroupVersionParsingFailure: {
    reason: 'ParsedGroupVersions',
    message: 'All legacy kube types successfully parsed',
  },
  NamespaceDeletionContentFailure: {
    reason: 'ContentDeleted',
    message: 'All content successfully deleted, may be waiting on finalization',
  },
  NamespaceContentRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
  NamespaceFinalizersRemaining: {
    reason: 'ContentHasNoFinalizers',
    message: 'All content-preserving finalizers finished',
  },
};

/** What one deletion pass found. */
export interface DeletionPass {
  /** Group versions whose discovery failed (`apps/v1` → error). */
  discoveryFailures: Map<string, string>;
  /** Errors deleting or listing content, one per resource. */
  deleteErrors: string[];
  /** Instances left per resource, keyed `resource.group` (`pods.`, `deployments.apps`). */
  remaining: Map<string, number>;
  /** Instances left per finalizer they carry. */
  finalizersRemaining: Map<string, number>;
}

/** The failure conditions of a pass (types not listed are fine). */
export function failureConditions(pass: DeletionPass, now: string): NamespaceCondition[] {
  const out: NamespaceCondition[] = [];
  const failing = (type: ConditionType, reason: string, message: string) =>
    out.push({ type, status: 'True', lastTransitionTime: now, reason, message });
  if (pass.discoveryFailures.size > 0) {
    const groups = [...pass.discoveryFailures].map(([gv, e]) => `${gv}: ${e}`).sort();
    const err = `unable to retrieve the complete list of server APIs: ${groups.join(', ')}`;
    failing(
      'NamespaceDeletionDiscoveryFailure',
      'DiscoveryFailed',
      `Discovery failed for some groups, ${pass.discoveryFailures.size} failing: ${err}`,
    );
  }
  if (pass.deleteErrors.length > 0) {
    const msgs = [...pass.deleteErrors].sort();
    failing(
      'NamespaceDeletionContentFailure',
      'ContentDeletionFailed',
      `Failed to delete all resource types, ${msgs.length} remaining: ${msgs.join(', ')}`,
    );
  }
  const remaining = [...pass.remaining]
    .filter(([, n]) => n > 0)
    .map(([gr, n]) => `${gr} has ${n} resource instances`)
    .sort();
  if (remaining.length > 0)
    failing(
      'NamespaceContentRemaining',
      'SomeResourcesRemain',
      `Some resources are remaining: ${remaining.join(', ')}`,
    );
  const byFinalizer = [...pass.finalizersRemaining]
    .filter(([, n]) => n > 0)
    .map(([f, n]) => `${f} in ${n} resource instances`)
    .sort();
  if (byFinalizer.length > 0) {
    failing(
      'NamespaceFinalizersRemaining',
      'SomeFinalizersRemain',
      `Some content in the namespace has finalizers remaining: ${byFinalizer.join(', ')}`,
    );
  }
  return out;
}

/**
 * Merges a pass's conditions into the namespace's current ones (every controlled type ends up
 * present). Returns the new list and whether anything changed.
 */
export function mergeConditions(
  current: readonly NamespaceCondition[] | undefined,
  pass: DeletionPass,
  now: string,
): { conditions: NamespaceCondition[]; changed: boolean } {
  const conditions = (current ?? []).map((c) => ({ ...c }));
  const failures = failureConditions(pass, now);
  let changed = false;
  for (const type of CONDITION_TYPES) {
    const wanted = failures.find((c) => c.type === type) ?? {
      type,
      status: 'False',
      lastTransitionTime: now,
      ...OK[type],
    };
    const old = conditions.find((c) => c.type === type);
    if (!old) {
      conditions.push(wanted);
      changed = true;
    } else if (
      old.status !== wanted.status ||
      old.reason !== wanted.reason ||
      old.message !== wanted.message
    ) {
      if (old.status !== wanted.status) old.lastTransitionTime = now;
      old.status = wanted.status;
      old.reason = wanted.reason;
      old.message = wanted.message;
      changed = true;
    }
  }
  return { conditions, changed };
}
