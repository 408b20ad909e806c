// A ResourceQuota's status from what its namespace holds (upstream's quota controller
// CalculateUsage): which resources its hard names track, and the summed usage of the objects
// its scopes select, with every tracked name present (0 when nothing uses it).
import type { ResourceQuota, ResourceQuotaStatus } from 'kubernetes-types/core/v1.d.ts';
import {
  claimEvaluator,
  evaluatorFor,
  podEvaluator,
  type QuotaLike,
  serviceEvaluator,
} from '../../api/quota/evaluators.ts';
import {
  addLists,
  formatResourceList,
  maskList,
  parseResourceList,
  type ResourceList,
} from '../../api/quota/resource-list.ts';
import { parseQuantity } from '../../machinery/quantity.ts';

export interface TrackedResource {
  group: string;
  resource: string;
}

/** The resources whose objects a quota's hard names count (`count/deployments.apps` → deployments.apps). */
export function trackedResources(hardNames: readonly string[]): TrackedResource[] {
  const out = new Map<string, TrackedResource>();
  const add = (group: string, resource: string) => out.set(`${group}/${resource}`, { group, resource });
  if (podEvaluator.matchingResources(hardNames).length) add('', 'pods');
  if (serviceEvaluator.matchingResources(hardNames).length) add('', 'services');
  if (claimEvaluator.matchingResources(hardNames).length) add('', 'persistentvolumeclaims');
  for (const n of hardNames) {
    if (['configmaps', 'secrets', 'replicationcontrollers', 'resourcequotas'].includes(n)) add('', n);
    if (!n.startsWith('count/')) continue;
    const rest = n.slice('count/'.length);
    const dot = rest.indexOf('.');
    if (dot < 0) add('', rest);
    else add(rest.slice(dot + 1), rest.slice(0, dot));
  }
  return [...out.values()];
}

/** The status for a quota, given the objects of each tracked resource in its namespace. */
export function quotaStatus(
  quota: ResourceQuota,
  objectsOf: (r: TrackedResource) => readonly unknown[],
  nowMs: number,
): ResourceQuotaStatus {
  const hard = parseResourceList(quota.spec?.hard as Record<string, string> | undefined);
  const names = Object.keys(hard);
  let used: ResourceList = {};
  for (const r of trackedResources(names)) {
    const evaluator = evaluatorFor(r.group, r.resource);
    const tracked = evaluator.matchingResources(names);
    if (tracked.length === 0) continue;
    for (const obj of objectsOf(r)) {
      if (!evaluator.matchesScopes(quota as QuotaLike, obj)) continue;
      used = addLists(used, maskList(evaluator.usage(obj, nowMs), tracked));
    }
  }
  for (const n of names) used[n] ??= parseQuantity('0');
  return { hard: formatResourceList(hard), used: formatResourceList(maskList(used, names)) };
}
