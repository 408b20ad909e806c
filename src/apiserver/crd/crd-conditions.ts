// CRD status conditions as upstream's helpers write them (SetCRDCondition: replaced in place,
// the transition time kept while the status stays the same), and what the controllers compute:
// accepted names with NamesAccepted/Established, and the Terminating steps of cleanup.
import type { CustomResourceDefinitionCondition } from 'kubernetes-types/apiextensions/v1.d.ts';
import type { Crd } from '../../api/apiextensions/custom-resource-definition.ts';
import { acceptNames } from '../../api/apiextensions/names-accepted.ts';

export const CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

type Condition = CustomResourceDefinitionCondition;
type WritableStatus = {
  conditions?: Condition[];
  acceptedNames?: NonNullable<Crd['status']>['acceptedNames'];
  storedVersions?: string[];
};

const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function findCondition(crd: Crd | undefined, type: string): Condition | undefined {
  return crd?.status?.conditions?.find((c) => c.type === type);
}

export function isConditionTrue(crd: Crd | undefined, type: string): boolean {
  return findCondition(crd, type)?.status === 'True';
}

/** The CRD's status, made writable (created when absent). */
export function statusOf(crd: Crd): WritableStatus {
  const c = crd as { status?: WritableStatus };
  c.status ??= {};
  return c.status;
}

/** upstream's SetCRDCondition. */
export function setCondition(crd: Crd, condition: Omit<Condition, 'lastTransitionTime'>, now: Date): void {
  const status = statusOf(crd);
  const conditions = (status.conditions ??= []);
  const existing = conditions.find((c) => c.type === condition.type);
  if (!existing) {
    conditions.push({ ...condition, lastTransitionTime: rfc3339(now) });
    return;
  }
  if (existing.status !== condition.status || !existing.lastTransitionTime)
    existing.lastTransitionTime = rfc3339(now);
  existing.status = condition.status;
  existing.reason = condition.reason;
  existing.message = condition.message;
}

/** Writes the naming controller's result into `crd`: accepted names, NamesAccepted and Established. */
export function applyAcceptedNames(crd: Crd, others: readonly Crd[], now: Date): void {
  const { acceptedNames, conditions } = acceptNames(crd, others, now);
  statusOf(crd).acceptedNames = acceptedNames;
  for (const type of ['NamesAccepted', 'Established']) {
    const c = conditions.find((x) => x.type === type);
    if (c) setCondition(crd, { type: c.type, status: c.status, reason: c.reason, message: c.message }, now);
  }
}

/** Whether the custom resources of `crd` are served (upstream: names accepted or already established). */
export function isServable(crd: Crd): boolean {
  return isConditionTrue(crd, 'NamesAccepted') || isConditionTrue(crd, 'Established');
}

export function hasCleanupFinalizer(crd: Crd): boolean {
  return (crd.metadata?.finalizers ?? []).includes(CLEANUP_FINALIZER);
}
