// core/v1 LimitRange: per-type (Container, Pod, PersistentVolumeClaim) min/max/default bounds in
// a namespace, each consistent with the others. Upstream has no printer: Name and Created At.
import type { LimitRange } from 'kubernetes-types/core/v1.d.ts';
import { isQualifiedName } from '../../machinery/validation/names.ts';
import { duplicate, type FieldError, forbidden, invalid, required } from '../internal/field-errors.ts';
import { child, index, key } from '../internal/field-paths.ts';
import { noGeneration } from '../internal/generation.ts';
import { type Quantity, quantityAt } from '../internal/json-quantities.ts';
import { createdAtTable } from '../internal/table.ts';
import type { Obj } from '../internal/types.ts';
import type { ResourceStrategy } from '../strategy.ts';
import {
  isOvercommitAllowed,
  LIMIT_TYPES,
  validateContainerResourceName,
  validateResourceName,
} from './internal/resource-names.ts';

type LR = Obj<LimitRange>;

function validateTypeName(type: string, path: string): FieldError[] {
  const errs = isQualifiedName(type).map((m) => invalid(path, type, m));
  if (errs.length) return errs;
  if (!type.includes('/') && !LIMIT_TYPES.includes(type))
    errs.push(invalid(path, type, 'must be a standard limit type or fully qualified'));
  return errs;
}

const resourceNameCheck = (type: string) =>
  type === 'Pod' || type === 'Container' ? validateContainerResourceName : validateResourceName;

function validateLimitRange(lr: LR): FieldError[] {
  const errs: FieldError[] = [];
  const types = new Set<string>();
  (lr.spec?.limits ?? []).forEach((limit, i) => {
    const path = index('spec.limits', i);
    const type = limit.type ?? '';
    errs.push(...validateTypeName(type, child(path, 'type')));
    if (types.has(type)) errs.push(duplicate(child(path, 'type'), type));
    types.add(type);
    const checkName = resourceNameCheck(type);
    const maps: Record<
      'max' | 'min' | 'default' | 'defaultRequest' | 'maxLimitRequestRatio',
      Map<string, Quantity>
    > = {
      max: new Map(),
      min: new Map(),
      default: new Map(),
      defaultRequest: new Map(),
      maxLimitRequestRatio: new Map(),
    };
    const keys = new Set<string>();
    const read = (which: keyof typeof maps) => {
      for (const [name, value] of Object.entries(limit[which] ?? {})) {
        const p = key(child(path, which), name);
        errs.push(...checkName(name, p));
        keys.add(name);
        const q = quantityAt(value, p, errs);
        if (q) maps[which].set(name, q);
      }
    };
    read('max');
    read('min');
    if (type === 'Pod') {
      if (Object.keys(limit.default ?? {}).length)
        errs.push(forbidden(child(path, 'default'), "may not be specified when `type` is 'Pod'"));
      if (Object.keys(limit.defaultRequest ?? {}).length) {
        errs.push(forbidden(child(path, 'defaultRequest'), "may not be specified when `type` is 'Pod'"));
      }
    } else {
      read('default');
      read('defaultRequest');
    }
    if (type === 'PersistentVolumeClaim' && !limit.min?.storage && !limit.max?.storage) {
      errs.push(
        required(
          child(path, 'limits'),
          'either minimum or maximum storage value is required, but neither was provided',
        ),
      );
    }
    read('maxLimitRequestRatio');
    for (const k of keys) {
      const min = maps.min.get(k);
      const max = maps.max.get(k);
      const def = maps.default.get(k);
      const defReq = maps.defaultRequest.get(k);
      const ratio = maps.maxLimitRequestRatio.get(k);
      const at = (which: string) => key(child(path, which), k);
      if (min && max && min.cmp(max) > 0)
        errs.push(invalid(at('min'), min.toString(), `min value ${min} is greater than max value ${max}`));
      if (defReq && min && min.cmp(defReq) > 0) {
        errs.push(
          invalid(
            at('defaultRequest'),
            defReq.toString(),
            `min value ${min} is greater than default request value ${defReq}`,
          ),
        );
      }
      if (defReq && max && defReq.cmp(max) > 0) {
        errs.push(
          invalid(
            at('defaultRequest'),
            defReq.toString(),
            `default request value ${defReq} is greater than max value ${max}`,
          ),
        );
      }
      if (defReq && def && defReq.cmp(def) > 0) {
        errs.push(
          invalid(
            at('defaultRequest'),
            defReq.toString(),
            `default request value ${defReq} is greater than default limit value ${def}`,
          ),
        );
      }
      if (def && min && min.cmp(def) > 0)
        errs.push(
          invalid(at('default'), min.toString(), `min value ${min} is greater than default value ${def}`),
        );
      if (def && max && def.cmp(max) > 0)
        errs.push(
          invalid(at('default'), max.toString(), `default value ${def} is greater than max value ${max}`),
        );
      if (ratio && ratio.cmp(quantityOne) < 0)
        errs.push(invalid(at('maxLimitRequestRatio'), ratio.toString(), `ratio ${ratio} is less than 1`));
      if (ratio && min && max) {
        const limitRatio = max.asApproximateFloat64() / min.asApproximateFloat64();
        if (ratio.asApproximateFloat64() > limitRatio) {
          errs.push(
            invalid(
              at('maxLimitRequestRatio'),
              ratio.toString(),
              `ratio ${ratio} is greater than max/min = ${limitRatio.toFixed(6)}`,
            ),
          );
        }
      }
      if (!isOvercommitAllowed(k) && def && defReq && def.cmp(defReq) !== 0) {
        errs.push(
          invalid(
            at('defaultRequest'),
            defReq.toString(),
            `default value ${def} must equal to defaultRequest value ${defReq} in ${k}`,
          ),
        );
      }
    }
  });
  return errs;
}

const quantityOne = quantityAt('1', '', [])!;

export const limitRangeStrategy: ResourceStrategy<LR> = {
  group: '',
  kind: 'LimitRange',
  resource: 'limitranges',
  singular: 'limitrange',
  namespaced: true,
  versions: ['v1'],
  shortNames: ['limits'],
  generationChanged: noGeneration,

  defaults(lr) {
    // Upstream's SetDefaults_LimitRangeItem, for Container items: a max alone is also the default
    // limit; the default limit, else the min, is also the default request.
    for (const item of lr.spec?.limits ?? []) {
      if (item.type !== 'Container') continue;
      const def: Record<string, string> = { ...(item.default ?? {}) };
      const req: Record<string, string> = { ...(item.defaultRequest ?? {}) };
      for (const [k, v] of Object.entries(item.max ?? {})) def[k] ??= v;
      for (const [k, v] of Object.entries(def)) req[k] ??= v;
      for (const [k, v] of Object.entries(item.min ?? {})) req[k] ??= v;
      if (Object.keys(def).length) item.default = def;
      if (Object.keys(req).length) item.defaultRequest = req;
    }
  },

  validate: validateLimitRange,
  validateUpdate: validateLimitRange,
  table: createdAtTable<LR>(),
};
