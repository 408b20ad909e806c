// Status conditions as upstream's per-kind helpers keep them: setting a condition that already
// has the same status and reason changes nothing; a new status replaces the old condition.

/** A meta/v1 Time (RFC 3339, whole seconds, UTC). */
export function metaTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export interface BasicCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export function getCondition<C extends BasicCondition>(
  conditions: readonly C[] | undefined,
  type: string,
): C | undefined {
  return conditions?.find((c) => c.type === type);
}

/** The conditions without those of `type`. */
export function removeCondition<C extends BasicCondition>(
  conditions: readonly C[] | undefined,
  type: string,
): C[] {
  return (conditions ?? []).filter((c) => c.type !== type);
}

/**
 * `SetCondition` of ReplicaSets/ReplicationControllers/StatefulSets: unchanged when status and
 * reason are the same; otherwise the condition replaces any of its type (appended last).
 */
export function setCondition<C extends BasicCondition>(
  conditions: readonly C[] | undefined,
  condition: C,
): C[] {
  const current = getCondition(conditions, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason)
    return [...(conditions ?? [])];
  return [...removeCondition(conditions, condition.type), condition];
}
