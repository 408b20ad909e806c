// Scheduling constraints of a pod spec (upstream ValidateTolerations, validateAffinity,
// ValidateNodeSelector, validateTopologySpreadConstraints): what the scheduler will read.

import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isValidLabelValue,
} from '../../../machinery/validation/names.ts';
import { TAINT_EFFECTS } from '../../internal/enum-values.ts';
import {
  duplicate,
  type FieldError,
  forbidden,
  IS_NOT_POSITIVE_ERROR_MSG,
  invalid,
  notSupported,
  required,
  sorted,
} from '../../internal/field-errors.ts';
import { child, index } from '../../internal/field-paths.ts';
import { asObj, isObj, type JsonObject, list, str } from '../../internal/loose-json.ts';
import { validateLabelName, validateLabelSelector } from '../../internal/meta.ts';

/** `ValidateTolerations`. */
export function validateTolerations(tolerations: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  list(tolerations).forEach((raw, i) => {
    const t = asObj(raw);
    const tPath = index(path, i);
    const tKey = str(t.key);
    const operator = str(t.operator);
    const value = str(t.value);
    const effect = str(t.effect);
    if (tKey) errs.push(...validateLabelName(tKey, child(tPath, 'key')));
    if (!tKey && operator !== 'Exists') {
      errs.push(
        invalid(
          child(tPath, 'operator'),
          operator,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    }
    if (t.tolerationSeconds != null && effect !== 'NoExecute') {
      errs.push(
        invalid(child(tPath, 'effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"),
      );
    }
    if (operator === 'Equal' || operator === '') {
      const msgs = isValidLabelValue(value);
      if (msgs.length) errs.push(invalid(child(tPath, 'operator'), value, msgs.join(';')));
    } else if (operator === 'Exists') {
      if (value)
        errs.push(
          invalid(child(tPath, 'operator'), value, "value must be empty when `operator` is 'Exists'"),
        );
    } else {
      errs.push(notSupported(child(tPath, 'operator'), operator, ['Equal', 'Exists']));
    }
    if (effect && !TAINT_EFFECTS.includes(effect))
      errs.push(notSupported(child(tPath, 'effect'), effect, TAINT_EFFECTS));
  });
  return errs;
}

export function validateAffinity(
  affinity: unknown,
  allowInvalidLabelValue: boolean,
  path: string,
): FieldError[] {
  if (!isObj(affinity)) return [];
  const errs: FieldError[] = [];
  if (isObj(affinity.nodeAffinity)) {
    const na = affinity.nodeAffinity;
    const naPath = child(path, 'nodeAffinity');
    if (isObj(na.requiredDuringSchedulingIgnoredDuringExecution)) {
      errs.push(
        ...validateNodeSelector(
          na.requiredDuringSchedulingIgnoredDuringExecution,
          child(naPath, 'requiredDuringSchedulingIgnoredDuringExecution'),
        ),
      );
    }
    list(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((raw, i) => {
      const term = asObj(raw);
      const tPath = index(child(naPath, 'preferredDuringSchedulingIgnoredDuringExecution'), i);
      const weight = typeof term.weight === 'number' ? term.weight : 0;
      if (weight <= 0 || weight > 100)
        errs.push(invalid(child(tPath, 'weight'), weight, 'must be in the range 1-100'));
      errs.push(...validateNodeSelectorTerm(term.preference, child(tPath, 'preference')));
    });
  }
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    if (!isObj(affinity[kind])) continue;
    const pa = affinity[kind];
    const paPath = child(path, kind);
    list(pa.requiredDuringSchedulingIgnoredDuringExecution).forEach((term, i) => {
      errs.push(
        ...validatePodAffinityTerm(
          term,
          allowInvalidLabelValue,
          index(child(paPath, 'requiredDuringSchedulingIgnoredDuringExecution'), i),
        ),
      );
    });
    list(pa.preferredDuringSchedulingIgnoredDuringExecution).forEach((raw, i) => {
      const weighted = asObj(raw);
      const wPath = index(child(paPath, 'preferredDuringSchedulingIgnoredDuringExecution'), i);
      const weight = typeof weighted.weight === 'number' ? weighted.weight : 0;
      if (weight <= 0 || weight > 100)
        errs.push(invalid(child(wPath, 'weight'), weight, 'must be in the range 1-100'));
      errs.push(
        ...validatePodAffinityTerm(
          weighted.podAffinityTerm,
          allowInvalidLabelValue,
          child(wPath, 'podAffinityTerm'),
        ),
      );
    });
  }
  return errs;
}

/** `ValidateNodeSelector` (node affinity's required terms). */
export function validateNodeSelector(selector: JsonObject, path: string): FieldError[] {
  const termsPath = child(path, 'nodeSelectorTerms');
  const terms = list(selector.nodeSelectorTerms);
  if (terms.length === 0) return [required(termsPath, 'must have at least one node selector term')];
  return terms.flatMap((term, i) => validateNodeSelectorTerm(term, index(termsPath, i)));
}

function validateNodeSelectorTerm(raw: unknown, path: string): FieldError[] {
  const term = asObj(raw);
  const errs: FieldError[] = [];
  list(term.matchExpressions).forEach((r, j) => {
    const req = asObj(r);
    const rPath = index(child(path, 'matchExpressions'), j);
    const values = list(req.values);
    switch (req.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0)
          errs.push(required(child(rPath, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) {
          errs.push(
            forbidden(
              child(rPath, 'values'),
              "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            ),
          );
        }
        break;
      case 'Gt':
      case 'Lt':
        if (values.length !== 1) {
          errs.push(
            required(
              child(rPath, 'values'),
              "must be specified single value when `operator` is 'Lt' or 'Gt'",
            ),
          );
        }
        break;
      default:
        errs.push(invalid(child(rPath, 'operator'), req.operator ?? '', 'not a valid selector operator'));
    }
    errs.push(...validateLabelName(str(req.key), child(rPath, 'key')));
  });
  list(term.matchFields).forEach((r, j) => {
    const req = asObj(r);
    const rPath = index(child(path, 'matchFields'), j);
    const values = list(req.values);
    if (req.operator === 'In' || req.operator === 'NotIn') {
      if (values.length !== 1) {
        errs.push(
          required(
            child(rPath, 'values'),
            "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
          ),
        );
      }
    } else {
      errs.push(invalid(child(rPath, 'operator'), req.operator ?? '', 'not a valid selector operator'));
    }
    if (req.key !== 'metadata.name') {
      errs.push(invalid(child(rPath, 'key'), req.key ?? '', 'not a valid field selector key'));
    } else {
      values.forEach((v, k) => {
        errs.push(...isDNS1123Subdomain(str(v)).map((m) => invalid(index(child(rPath, 'values'), k), v, m)));
      });
    }
  });
  return errs;
}

function validatePodAffinityTerm(raw: unknown, allowInvalidLabelValue: boolean, path: string): FieldError[] {
  const term = asObj(raw);
  const opts = { allowInvalidLabelValueInSelector: allowInvalidLabelValue };
  const errs = [
    ...validateLabelSelector(term.labelSelector, child(path, 'labelSelector'), opts),
    ...validateLabelSelector(term.namespaceSelector, child(path, 'namespaceSelector'), opts),
  ];
  for (const ns of list(term.namespaces)) {
    errs.push(...isDNS1123Label(str(ns)).map((m) => invalid(child(path, 'namespace'), ns, m)));
  }
  errs.push(...validateMatchLabelKeys(term, path));
  if (!str(term.topologyKey)) errs.push(required(child(path, 'topologyKey'), 'can not be empty'));
  errs.push(...validateLabelName(str(term.topologyKey), child(path, 'topologyKey')));
  return errs;
}

function validateMatchLabelKeys(term: JsonObject, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const match = list(term.matchLabelKeys).map(str);
  const mismatch = list(term.mismatchLabelKeys).map(str);
  for (const [field, keys] of [
    ['matchLabelKeys', match],
    ['mismatchLabelKeys', mismatch],
  ] as const) {
    if (keys.length === 0) continue;
    if (!isObj(term.labelSelector)) {
      errs.push(forbidden(child(path, field), 'must not be specified when labelSelector is not set'));
      continue;
    }
    keys.forEach((k, i) => {
      errs.push(...validateLabelName(k, index(child(path, field), i)));
    });
  }
  if (isObj(term.labelSelector)) {
    const selectorKeys = new Set(Object.keys(asObj(term.labelSelector.matchLabels)));
    for (const expr of list(term.labelSelector.matchExpressions)) {
      const k = str(asObj(expr).key);
      const i = match.indexOf(k);
      if (i >= 0 && selectorKeys.has(k))
        errs.push(invalid(index(path, i), k, 'exists in both matchLabelKeys and labelSelector'));
      selectorKeys.add(k);
    }
  }
  match.forEach((k, i) => {
    if (mismatch.includes(k)) {
      errs.push(
        invalid(
          index(child(path, 'matchLabelKeys'), i),
          k,
          'exists in both matchLabelKeys and mismatchLabelKeys',
        ),
      );
    }
  });
  return errs;
}

export function validateTopologySpreadConstraints(constraints: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const items = list(constraints).map(asObj);
  items.forEach((c, i) => {
    const cPath = index(path, i);
    const maxSkew = typeof c.maxSkew === 'number' ? c.maxSkew : 0;
    if (maxSkew <= 0) errs.push(invalid(child(cPath, 'maxSkew'), maxSkew, IS_NOT_POSITIVE_ERROR_MSG));
    if (!str(c.topologyKey)) errs.push(required(child(cPath, 'topologyKey'), 'can not be empty'));
    const action = str(c.whenUnsatisfiable);
    if (action !== 'DoNotSchedule' && action !== 'ScheduleAnyway') {
      errs.push(notSupported(child(cPath, 'whenUnsatisfiable'), action, ['DoNotSchedule', 'ScheduleAnyway']));
    }
    if (
      items
        .slice(i + 1)
        .some((o) => str(o.topologyKey) === str(c.topologyKey) && str(o.whenUnsatisfiable) === action)
    ) {
      errs.push(
        duplicate(child(cPath, '{topologyKey, whenUnsatisfiable}'), `{${str(c.topologyKey)}, ${action}}`),
      );
    }
    if (c.minDomains != null) {
      if (c.minDomains <= 0)
        errs.push(invalid(child(cPath, 'minDomains'), c.minDomains, IS_NOT_POSITIVE_ERROR_MSG));
      if (action !== 'DoNotSchedule') {
        errs.push(
          invalid(
            child(cPath, 'minDomains'),
            c.minDomains,
            `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${action}`,
          ),
        );
      }
    }
    for (const policy of ['nodeAffinityPolicy', 'nodeTaintsPolicy'] as const) {
      if (c[policy] != null && c[policy] !== 'Honor' && c[policy] !== 'Ignore') {
        errs.push(notSupported(child(cPath, policy), c[policy], sorted(['Honor', 'Ignore'])));
      }
    }
    const keys = list(c.matchLabelKeys).map(str);
    if (keys.length > 0) {
      const keysPath = child(cPath, 'matchLabelKeys');
      const selectorKeys = new Set<string>();
      if (isObj(c.labelSelector)) {
        for (const k of Object.keys(asObj(c.labelSelector.matchLabels))) selectorKeys.add(k);
        for (const e of list(c.labelSelector.matchExpressions)) selectorKeys.add(str(asObj(e).key));
      } else {
        errs.push(forbidden(keysPath, 'must not be specified when labelSelector is not set'));
      }
      keys.forEach((k, j) => {
        errs.push(...validateLabelName(k, index(keysPath, j)));
        if (selectorKeys.has(k))
          errs.push(invalid(index(keysPath, j), k, 'exists in both matchLabelKeys and labelSelector'));
      });
    }
    errs.push(...validateLabelSelector(c.labelSelector, child(cPath, 'labelSelector')));
  });
  return errs;
}
