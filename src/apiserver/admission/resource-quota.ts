// ResourceQuota (upstream's validating plugin, last in the chain): a create (or an update of a
// Service or claim) that would take a quota of its namespace past a hard limit is rejected
// with 403 `exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2`. The usage is
// charged to the quota's status.used at admission with compare-and-swap, re-checked against the
// quota as stored at that moment, so concurrent creates cannot both pass; a write that fails
// afterwards gives the charge back (the quota controller corrects any drift anyway).

import { evaluatorFor, type QuotaLike, quotaMatches } from '../../api/quota/evaluators.ts';
import {
  addLists,
  formatResourceList,
  lessThanOrEqual,
  maskList,
  parseResourceList,
  prettyPrint,
  type ResourceList,
  removeZeros,
  subtractLists,
} from '../../api/quota/resource-list.ts';
import type { KubeObject } from '../../api/strategy.ts';
import { parseQuantity } from '../../machinery/quantity.ts';
import { forbidden, StatusError } from '../../machinery/status.ts';
import type { AdmissionAttributes, AdmissionPlugin, RequestContext, UserInfo } from '../registry/context.ts';
import type { GenericRegistry } from '../registry/generic-registry.ts';
import type { AdmissionServer } from './server.ts';

export interface QuotaServer extends AdmissionServer {
  registryFor(group: string, resource: string): GenericRegistry;
  context(user: UserInfo): RequestContext;
}

const QUOTA_PREFIX = '/registry/resourcequotas/';
const QUOTA_ADMISSION: UserInfo = { username: 'system:apiserver', groups: ['system:masters'] };

type Quota = KubeObject & QuotaLike;

/** Updates quotas may have to be charged for (creates of anything; Services and claims also on update). */
function handles(attrs: AdmissionAttributes): boolean {
  if (attrs.subresource || !attrs.namespace || !attrs.resource.namespaced) return false;
  if (attrs.operation === 'CREATE') return true;
  if (attrs.operation !== 'UPDATE' || attrs.resource.group !== '') return false;
  return attrs.resource.resource === 'services' || attrs.resource.resource === 'persistentvolumeclaims';
}

const hardNamesOf = (q: Quota) => Object.keys(q.status?.hard ?? {});

export function resourceQuota(server: QuotaServer): AdmissionPlugin {
  return {
    name: 'ResourceQuota',
    async validate(attrs) {
      if (!handles(attrs)) return;
      const quotas = server.dispatcher.cacheFor(QUOTA_PREFIX).list({ namespace: attrs.namespace })
        .items as Quota[];
      if (quotas.length === 0) return;
      const qualified = { group: attrs.resource.group, resource: attrs.resource.resource };
      const evaluator = evaluatorFor(attrs.resource.group, attrs.resource.resource);
      const obj = attrs.object!;
      const nowMs = attrs.context.now.getTime();

      const interesting: Quota[] = [];
      for (const q of quotas) {
        const hard = hardNamesOf(q);
        if (!quotaMatches(evaluator, q, hard, obj)) continue;
        const restricted = evaluator.matchingResources(hard);
        const violation = evaluator.constraints(restricted, obj);
        if (violation)
          throw forbidden(qualified, attrs.name, `failed quota: ${q.metadata?.name}: ${violation}`);
        const used = q.status?.used ?? {};
        if (restricted.some((r) => !(r in used))) {
          throw forbidden(
            qualified,
            attrs.name,
            `status unknown for quota: ${q.metadata?.name}, resources: ${[...restricted].sort().join(',')}`,
          );
        }
        interesting.push(q);
      }
      if (interesting.length === 0) return;

      let delta = removeZeros(evaluator.usage(obj, nowMs));
      if (attrs.operation === 'UPDATE' && attrs.oldObject) {
        const old = attrs.oldObject;
        const oldUsage = evaluator.usage(old, nowMs);
        // Only what grows is charged (an update never frees quota here; the controller does).
        delta = removeZeros(
          Object.fromEntries(
            Object.entries(subtractLists(delta, oldUsage)).filter(([, v]) => v.sign() > 0),
          ) as ResourceList,
        );
      }
      if (Object.keys(delta).length === 0) return;

      const charge = (q: Quota): ResourceList => {
        const hard = parseResourceList(q.status?.hard);
        const requested = maskList(delta, Object.keys(hard));
        if (Object.keys(requested).length === 0) return {};
        const used = parseResourceList(q.status?.used);
        const next = addLists(used, requested);
        const verdict = lessThanOrEqual(maskList(next, Object.keys(requested)), hard);
        if (!verdict.ok) {
          throw forbidden(
            qualified,
            attrs.name,
            `exceeded quota: ${q.metadata?.name}, requested: ${prettyPrint(maskList(requested, verdict.exceeded))}, used: ${prettyPrint(maskList(used, verdict.exceeded))}, limited: ${prettyPrint(maskList(hard, verdict.exceeded))}`,
          );
        }
        return requested;
      };

      if (attrs.context.dryRun) {
        for (const q of interesting) charge(q);
        return;
      }
      const registry = server.registryFor('', 'resourcequotas');
      for (const q of interesting) {
        const name = q.metadata?.name ?? '';
        let charged: ResourceList = {};
        await registry.guaranteedUpdate(
          attrs.namespace,
          name,
          (current) => {
            if (!current)
              throw new StatusError(409, 'Conflict', `resource quota ${name} was deleted while admitting`);
            const stored = current as Quota;
            charged = charge(stored);
            if (Object.keys(charged).length === 0) return current;
            const used = addLists(parseResourceList(stored.status?.used), charged);
            current.status = { ...(current.status as object), used: formatResourceList(used) };
            return current;
          },
          server.context(QUOTA_ADMISSION),
          { subresource: 'status' },
        );
        if (Object.keys(charged).length === 0) continue;
        const refund = charged;
        attrs.context.rollbacks.push(async () => {
          await registry.guaranteedUpdate(
            attrs.namespace,
            name,
            (current) => {
              if (!current) throw new StatusError(404, 'NotFound', 'gone');
              const left = subtractLists(parseResourceList((current as Quota).status?.used), refund);
              for (const [k, v] of Object.entries(left)) if (v.sign() < 0) left[k] = parseQuantity('0');
              current.status = { ...(current.status as object), used: formatResourceList(left) };
              return current;
            },
            server.context(QUOTA_ADMISSION),
            { subresource: 'status' },
          );
        });
      }
    },
  };
}
