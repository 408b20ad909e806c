// metav1.LabelSelector (matchLabels + matchExpressions), the object form used in specs
// (Deployment, ReplicaSet, Job, PDB, NetworkPolicy, affinity ...): conversion to a Selector with
// upstream's semantics — a nil selector selects nothing, an empty one selects everything —, its
// string form (what `kubectl get -o wide` and the scale subresource's status.selector show) and its
// validation with upstream's field paths and messages.

import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1.d.ts';
import { goQuote } from './go-format.ts';
import {
  everything,
  LabelSelectorError,
  type Labels,
  newRequirement,
  nothing,
  type Operator,
  parseRequirements,
  type Requirement,
  type Selector,
} from './labels.ts';
import type { FieldError } from './status.ts';
import { forbidden, invalid, invalidEach, required } from './validation/field-errors.ts';
import { isQualifiedName, isValidLabelValue } from './validation/names.ts';
import { validateLabels } from './validation/object-meta.ts';

export type { LabelSelector, LabelSelectorRequirement };

const OPERATORS: Record<string, Operator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/**
 * Upstream's LabelSelectorAsSelector: undefined/null → nothing(), no terms → everything().
 * Throws LabelSelectorError (e.g. `"Foo" is not a valid label selector operator`).
 */
export function labelSelectorAsSelector(ps: LabelSelector | null | undefined): Selector {
  if (!ps) return nothing();
  const matchLabels = ps.matchLabels ?? {};
  const exprs = ps.matchExpressions ?? [];
  const labelKeys = Object.keys(matchLabels);
  if (labelKeys.length + exprs.length === 0) return everything();
  const reqs: Requirement[] = labelKeys.map((k) => newRequirement(k, '=', [matchLabels[k]!]));
  for (const expr of exprs) {
    const op = Object.hasOwn(OPERATORS, expr.operator) ? OPERATORS[expr.operator] : undefined;
    if (!op)
      throw new LabelSelectorError(`${goQuote(expr.operator ?? '')} is not a valid label selector operator`);
    reqs.push(newRequirement(expr.key, op, expr.values ?? []));
  }
  return everything().add(...reqs);
}

/** A predicate for a LabelSelector, with the same nil/empty semantics; throws like labelSelectorAsSelector. */
export function compileLabelSelector(
  ps: LabelSelector | null | undefined,
): (labels: Labels | null | undefined) => boolean {
  return labelSelectorAsSelector(ps).matches;
}

/** Whether `labels` match `ps` (nil selects nothing, empty selects everything); an invalid selector matches nothing. */
export function labelSelectorMatches(
  ps: LabelSelector | null | undefined,
  labels: Labels | null | undefined,
): boolean {
  try {
    return labelSelectorAsSelector(ps).matches(labels);
  } catch {
    return false;
  }
}

/** The selector's string (`app=nginx,tier in (a,b)`); `<none>` when empty, `<error>` when invalid. */
export function formatLabelSelector(ps: LabelSelector | null | undefined): string {
  let s: string;
  try {
    s = labelSelectorAsSelector(ps).toString();
  } catch {
    return '<error>';
  }
  return s === '' ? '<none>' : s;
}

/** The selector's string without the `<none>` placeholder (e.g. for scale's status.selector). */
export function labelSelectorString(ps: LabelSelector | null | undefined): string {
  return labelSelectorAsSelector(ps).toString();
}

/** Upstream's LabelSelectorAsMap: only equality terms (and `In` with one value) convert. */
export function labelSelectorAsMap(ps: LabelSelector | null | undefined): Record<string, string> | undefined {
  if (!ps) return undefined;
  const out: Record<string, string> = { ...ps.matchLabels };
  for (const expr of ps.matchExpressions ?? []) {
    switch (expr.operator) {
      case 'In':
        if (expr.values?.length !== 1) {
          throw new LabelSelectorError(
            `operator ${goQuote(expr.operator)} without a single value cannot be converted into the old label selector format`,
          );
        }
        out[expr.key] = expr.values[0]!;
        break;
      case 'NotIn':
      case 'Exists':
      case 'DoesNotExist':
        throw new LabelSelectorError(
          `operator ${goQuote(expr.operator)} cannot be converted into the old label selector format`,
        );
      default:
        throw new LabelSelectorError(`${goQuote(expr.operator ?? '')} is not a valid selector operator`);
    }
  }
  return out;
}

const TO_OBJECT_OPERATOR: Partial<Record<Operator, string>> = {
  in: 'In',
  notin: 'NotIn',
  exists: 'Exists',
  '!': 'DoesNotExist',
};

/** Upstream's ParseToLabelSelector: the string syntax to a LabelSelector object. */
export function parseToLabelSelector(selector: string): LabelSelector {
  let reqs: Requirement[];
  try {
    reqs = parseRequirements(selector);
  } catch (e) {
    throw new LabelSelectorError(`couldn't parse the selector string "${selector}": ${(e as Error).message}`);
  }
  const out: LabelSelector & {
    matchLabels: Record<string, string>;
    matchExpressions: LabelSelectorRequirement[];
  } = {
    matchLabels: {},
    matchExpressions: [],
  };
  for (const r of reqs) {
    if (r.operator === '=' || r.operator === '==') {
      out.matchLabels[r.key] = r.values[0]!;
      continue;
    }
    if (r.operator === 'gt' || r.operator === 'lt')
      throw new LabelSelectorError(`${goQuote(r.operator)} isn't supported in label selectors`);
    const operator = TO_OBJECT_OPERATOR[r.operator];
    if (!operator)
      throw new LabelSelectorError(`${goQuote(r.operator)} is not a valid label selector operator`);
    out.matchExpressions.push({ key: r.key, operator, values: [...new Set(r.values)].sort() });
  }
  return out;
}

/** Upstream's SetAsLabelSelector. */
export function setAsLabelSelector(labels: Labels | null | undefined): LabelSelector | undefined {
  return labels ? { matchLabels: { ...labels } } : undefined;
}

export interface LabelSelectorValidationOptions {
  /** Skip label-value syntax checks of matchExpressions values (kept for old stored objects). */
  allowInvalidLabelValueInSelector?: boolean;
  /** Accept operators other than In/NotIn/Exists/DoesNotExist. */
  allowUnknownOperatorInRequirement?: boolean;
}

/** Upstream's ValidateLabelSelectorRequirement at `path` (e.g. `spec.selector.matchExpressions[0]`). */
export function validateLabelSelectorRequirement(
  sr: LabelSelectorRequirement,
  opts: LabelSelectorValidationOptions,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const values = sr.values ?? [];
  switch (sr.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0)
        errs.push(required(`${path}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0)
        errs.push(
          forbidden(`${path}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        );
      break;
    default:
      if (!opts.allowUnknownOperatorInRequirement)
        errs.push(invalid(`${path}.operator`, sr.operator ?? '', 'not a valid selector operator'));
  }
  errs.push(...invalidEach(`${path}.key`, sr.key ?? '', isQualifiedName(sr.key ?? '')));
  if (!opts.allowInvalidLabelValueInSelector) {
    values.forEach((v, i) => {
      errs.push(...invalidEach(`${path}.values[${i}]`, v, isValidLabelValue(v)));
    });
  }
  return errs;
}

/** Upstream's ValidateLabelSelector: matchLabels as labels, each matchExpression as above. */
export function validateLabelSelector(
  ps: LabelSelector | null | undefined,
  opts: LabelSelectorValidationOptions,
  path: string,
): FieldError[] {
  if (!ps) return [];
  const errs = validateLabels(ps.matchLabels, `${path}.matchLabels`);
  (ps.matchExpressions ?? []).forEach((expr, i) => {
    errs.push(...validateLabelSelectorRequirement(expr, opts, `${path}.matchExpressions[${i}]`));
  });
  return errs;
}

/** True when some matchExpressions value is not a valid label value (upstream's LabelSelectorHasInvalidLabelValue). */
export function labelSelectorHasInvalidLabelValue(ps: LabelSelector | null | undefined): boolean {
  return (ps?.matchExpressions ?? []).some((e) =>
    (e.values ?? []).some((v) => isValidLabelValue(v).length > 0),
  );
}
