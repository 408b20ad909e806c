// core/v1 ResourceQuota: hard limits per resource name for a namespace, optional scopes (fixed
// after create) or a scope selector; the quota controller writes status (hard and used).
import type { ResourceQuota } from 'kubernetes-types/core/v1.d.ts';
import { QUOTA_SCOPES } from '../internal/enum-values.ts';
import { type FieldError, invalid, required } from '../internal/field-errors.ts';
import { child, key } from '../internal/field-paths.ts';
import { noGeneration } from '../internal/generation.ts';
import { quantityAt, quantityText } from '../internal/json-quantities.ts';
import { clone } from '../internal/semantic.ts';
import { AGE_COLUMN, age, column, NAME_COLUMN } from '../internal/table.ts';
import { type Obj, writable } from '../internal/types.ts';
import type { ResourceStrategy } from '../strategy.ts';
import {
  isScopeValidForResource,
  isStandardQuotaResourceName,
  validateQuotaResourceName,
  validateResourceQuantityValue,
} from './internal/resource-names.ts';

type RQ = Obj<ResourceQuota>;

const CONFLICTING: [string, string][] = [
  ['BestEffort', 'NotBestEffort'],
  ['Terminating', 'NotTerminating'],
];
const EXISTS_ONLY = [
  'BestEffort',
  'NotBestEffort',
  'Terminating',
  'NotTerminating',
  'CrossNamespacePodAffinity',
];

function validateResourceList(list: Record<string, unknown> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [name, value] of Object.entries(list ?? {})) {
    const p = key(path, name);
    errs.push(...validateQuotaResourceName(name, p));
    const q = quantityAt(value, p, errs);
    if (q) errs.push(...validateResourceQuantityValue(name, q, p));
  }
  return errs;
}

function validateSpec(rq: RQ): FieldError[] {
  const spec = rq.spec ?? {};
  const errs = validateResourceList(spec.hard, 'spec.hard');
  const hard = Object.keys(spec.hard ?? {}).sort();
  const scopes = spec.scopes ?? [];
  if (scopes.length) {
    for (const scope of scopes) {
      if (!QUOTA_SCOPES.includes(scope)) errs.push(invalid('spec.scopes', scopes, 'unsupported scope'));
      for (const r of hard) {
        if (isStandardQuotaResourceName(r) && !isScopeValidForResource(scope, r)) {
          errs.push(invalid('spec.scopes', scopes, 'unsupported scope applied to resource'));
        }
      }
    }
    for (const [a, b] of CONFLICTING) {
      if (scopes.includes(a) && scopes.includes(b))
        errs.push(invalid('spec.scopes', scopes, 'conflicting scopes'));
    }
  }
  if (spec.scopeSelector) {
    const path = 'spec.scopeSelector.matchExpressions';
    const seen = new Set<string>();
    for (const req of spec.scopeSelector.matchExpressions ?? []) {
      if (!QUOTA_SCOPES.includes(req.scopeName))
        errs.push(invalid(child(path, 'scopeName'), req.scopeName, 'unsupported scope'));
      for (const r of hard) {
        if (isStandardQuotaResourceName(r) && !isScopeValidForResource(req.scopeName, r)) {
          errs.push(invalid(path, spec.scopeSelector, 'unsupported scope applied to resource'));
        }
      }
      if (EXISTS_ONLY.includes(req.scopeName) && req.operator !== 'Exists') {
        errs.push(
          invalid(
            child(path, 'operator'),
            req.operator,
            "must be 'Exists' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity",
          ),
        );
      }
      const values = req.values ?? [];
      switch (req.operator) {
        case 'In':
        case 'NotIn':
          if (!values.length) {
            errs.push(
              required(
                child(path, 'values'),
                "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector",
              ),
            );
          }
          break;
        case 'Exists':
        case 'DoesNotExist':
          if (values.length) {
            errs.push(
              invalid(
                child(path, 'values'),
                values,
                "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector",
              ),
            );
          }
          break;
        default:
          errs.push(invalid(child(path, 'operator'), req.operator, 'not a valid selector operator'));
      }
      seen.add(req.scopeName);
    }
    for (const [a, b] of CONFLICTING) {
      if (seen.has(a) && seen.has(b)) errs.push(invalid(path, spec.scopes ?? null, 'conflicting scopes'));
    }
  }
  return errs;
}

const validateStatus = (rq: RQ) => [
  ...validateResourceList(rq.status?.hard, 'status.hard'),
  ...validateResourceList(rq.status?.used, 'status.used'),
];

/** The REQUEST and LIMIT cells: `name: used/hard` of status, limits.* in the second. */
function quotaColumns(rq: RQ): [string, string] {
  const hard = rq.status?.hard ?? {};
  const used = rq.status?.used ?? {};
  const request: string[] = [];
  const limit: string[] = [];
  for (const name of Object.keys(hard).sort()) {
    const cell = `${name}: ${quantityText(used[name])}/${quantityText(hard[name])}`;
    const parts = name.split('.');
    (parts.length > 1 && parts[0] === 'limits' ? limit : request).push(cell);
  }
  return [request.join(', '), limit.join(', ')];
}

export const resourceQuotaStrategy: ResourceStrategy<RQ> = {
  group: '',
  kind: 'ResourceQuota',
  resource: 'resourcequotas',
  singular: 'resourcequota',
  namespaced: true,
  versions: ['v1'],
  shortNames: ['quota'],
  generationChanged: noGeneration,
  subresources: { status: true },

  prepareForCreate(rq) {
    writable(rq).status = {};
  },
  prepareForUpdate(rq, old) {
    writable(rq).status = clone(old.status);
  },
  prepareForStatusUpdate(rq, old) {
    rq.spec = clone(old.spec);
  },

  validate: (rq) => [...validateSpec(rq), ...validateStatus(rq)],
  validateUpdate(rq, old) {
    const errs = validateSpec(rq);
    const a = new Set(rq.spec?.scopes ?? []);
    const b = new Set(old.spec?.scopes ?? []);
    if (a.size !== b.size || [...a].some((s) => !b.has(s)))
      errs.push(invalid('spec.scopes', rq.spec?.scopes ?? null, 'field is immutable'));
    return errs;
  },
  validateStatusUpdate(rq) {
    const errs: FieldError[] = [];
    if (!rq.metadata?.resourceVersion) errs.push(required('resourceVersion'));
    return [...errs, ...validateStatus(rq)];
  },

  table: {
    // v1.32 order (Age moved to the end in 1.33).
    columns: [
      NAME_COLUMN,
      AGE_COLUMN,
      column('Request', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
      column(
        'Limit',
        'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.',
      ),
    ],
    row(rq, now) {
      const [request, limit] = quotaColumns(rq);
      return [rq.metadata?.name ?? '', age(rq, now), request, limit];
    },
  },
};
