// Label selectors (k8s.io/apimachinery/pkg/labels): the `-l` / `?labelSelector=` string syntax
// `a=b,c==d,e!=f,g in (x,y),h notin (z),i,!j,k>1,l<9`, its parse errors word for word, matching,
// and the canonical string form (requirements sorted by key, `in` values sorted).
// The API server filters lists and watches with these; the scheduler and every controller match
// pods against selectors constantly, so a Selector's `matches` is a pre-compiled closure chain.

import { type Item, lex } from './internal/label-lexer.ts';
import type { FieldError } from './status.ts';
import { aggregateFieldErrors } from './status.ts';
import { isQualifiedName, isValidLabelValue } from './validation/names.ts';

/** A label set as found in `metadata.labels`. */
export type Labels = Readonly<Record<string, string>>;

/** Upstream's selection.Operator values. */
export type Operator = '!' | '=' | '==' | 'in' | '!=' | 'notin' | 'exists' | 'gt' | 'lt';

const BINARY_OPERATORS: readonly Operator[] = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];
const VALID_OPERATORS: readonly Operator[] = [...BINARY_OPERATORS, 'exists', '!'];

export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  /** As given (`in` values from a parsed string are sorted and de-duplicated, as upstream). */
  readonly values: readonly string[];
}

/** A malformed selector string or requirement; `message` is upstream's error text. */
export class LabelSelectorError extends Error {
  override name = 'LabelSelectorError';
}

const INT64 = /^[+-]?[0-9]+$/;
const MIN_INT64 = -(1n << 63n);
const MAX_INT64 = (1n << 63n) - 1n;

/** Go's strconv.ParseInt(s, 10, 64); undefined when it would fail. */
function parseInt64(s: string): bigint | undefined {
  if (!INT64.test(s)) return undefined;
  const v = BigInt(s);
  return v < MIN_INT64 || v > MAX_INT64 ? undefined : v;
}

function labelKeyError(key: string, path: string): FieldError | undefined {
  const msgs = isQualifiedName(key);
  return msgs.length
    ? { type: 'FieldValueInvalid', field: path, value: key, detail: msgs.join('; ') }
    : undefined;
}

function childPath(path: string | undefined, child: string): string {
  return path ? `${path}.${child}` : child;
}

/** Checks a requirement as upstream's NewRequirement; returns its field errors (empty when valid). */
export function validateRequirement(
  key: string,
  operator: string,
  values: readonly string[],
  path?: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const keyErr = labelKeyError(key, childPath(path, 'key'));
  if (keyErr) errs.push(keyErr);
  const valuePath = childPath(path, 'values');
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) {
        errs.push({
          type: 'FieldValueInvalid',
          field: valuePath,
          value: values,
          detail: "for 'in', 'notin' operators, values set can't be empty",
        });
      }
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) {
        errs.push({
          type: 'FieldValueInvalid',
          field: valuePath,
          value: values,
          detail: 'exact-match compatibility requires one single value',
        });
      }
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) {
        errs.push({
          type: 'FieldValueInvalid',
          field: valuePath,
          value: values,
          detail: 'values set must be empty for exists and does not exist',
        });
      }
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) {
        errs.push({
          type: 'FieldValueInvalid',
          field: valuePath,
          value: values,
          detail: "for 'Gt', 'Lt' operators, exactly one value is required",
        });
      }
      values.forEach((v, i) => {
        if (parseInt64(v) === undefined) {
          errs.push({
            type: 'FieldValueInvalid',
            field: `${valuePath}[${i}]`,
            value: v,
            detail: "for 'Gt', 'Lt' operators, the value must be an integer",
          });
        }
      });
      break;
    default:
      errs.push({
        type: 'FieldValueNotSupported',
        field: childPath(path, 'operator'),
        value: operator,
        supported: VALID_OPERATORS,
      });
  }
  values.forEach((v, i) => {
    const msgs = isValidLabelValue(v);
    if (msgs.length)
      errs.push({
        type: 'FieldValueInvalid',
        field: `${valuePath}[${i}][${key}]`,
        value: v,
        detail: msgs.join('; '),
      });
  });
  return errs;
}

/** Builds a requirement, throwing LabelSelectorError with upstream's aggregated message when invalid. */
export function newRequirement(
  key: string,
  operator: Operator,
  values: readonly string[],
  path?: string,
): Requirement {
  const errs = validateRequirement(key, operator, values, path);
  if (errs.length) throw new LabelSelectorError(aggregateFieldErrors(errs));
  return { key, operator, values: [...values] };
}

const has = (labels: Labels | null | undefined, key: string): boolean => typeof labels?.[key] === 'string';

/** Upstream's Requirement.Matches. */
export function requirementMatches(r: Requirement, labels: Labels | null | undefined): boolean {
  return compileRequirement(r)(labels);
}

type Matcher = (labels: Labels | null | undefined) => boolean;

// Each requirement becomes one small closure; `typeof === 'string'` doubles as the presence test
// (inherited members such as `constructor` are never strings).
function compileRequirement(r: Requirement): Matcher {
  const { key, values } = r;
  switch (r.operator) {
    case '=':
    case '==':
    case 'in': {
      if (values.length === 1) {
        const only = values[0];
        return (l) => l?.[key] === only;
      }
      if (values.length <= 8)
        return (l) => {
          const v = l?.[key];
          return typeof v === 'string' && values.includes(v);
        };
      const set = new Set(values);
      return (l) => {
        const v = l?.[key];
        return typeof v === 'string' && set.has(v);
      };
    }
    case '!=':
    case 'notin': {
      if (values.length === 1) {
        const only = values[0];
        return (l) => l?.[key] !== only;
      }
      const set = new Set(values);
      return (l) => {
        const v = l?.[key];
        return typeof v !== 'string' || !set.has(v);
      };
    }
    case 'exists':
      return (l) => has(l, key);
    case '!':
      return (l) => !has(l, key);
    case 'gt':
    case 'lt': {
      const bound = values.length === 1 ? parseInt64(values[0]!) : undefined;
      if (bound === undefined) return () => false;
      const greater = r.operator === 'gt';
      return (l) => {
        const v = l?.[key];
        if (typeof v !== 'string') return false;
        const n = parseInt64(v);
        if (n === undefined) return false;
        return greater ? n > bound : n < bound;
      };
    }
    default:
      return () => false;
  }
}

function sortedCopy(values: readonly string[]): readonly string[] {
  for (let i = 1; i < values.length; i++) if (values[i - 1]! > values[i]!) return [...values].sort();
  return values;
}

/** Upstream's Requirement.String(): `k=v`, `k in (a,b)`, `!k`, `k>5` ... */
export function requirementString(r: Requirement): string {
  const prefix = r.operator === '!' ? '!' : '';
  const sep: Record<Operator, string> = {
    '=': '=',
    '==': '==',
    '!=': '!=',
    in: ' in ',
    notin: ' notin ',
    gt: '>',
    lt: '<',
    exists: '',
    '!': '',
  };
  if (r.operator === 'exists' || r.operator === '!') return `${prefix}${r.key}`;
  const list = r.values.length === 1 ? r.values[0]! : sortedCopy(r.values).join(',');
  const body = r.operator === 'in' || r.operator === 'notin' ? `(${list})` : list;
  return `${r.key}${sep[r.operator]}${body}`;
}

function byKey(a: Requirement, b: Requirement): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** A parsed selector. Immutable; `matches` is compiled once. */
export class Selector {
  readonly requirements: readonly Requirement[];
  /** False only for Nothing(), which matches no object and has no requirements. */
  readonly selectable: boolean;
  readonly matches: Matcher;

  constructor(requirements: readonly Requirement[], selectable = true) {
    this.requirements = requirements;
    this.selectable = selectable;
    this.matches = selectable ? compileAll(requirements) : () => false;
  }

  /** True when it selects everything (no requirements). Nothing() is not empty. */
  empty(): boolean {
    return this.selectable && this.requirements.length === 0;
  }

  toString(): string {
    return this.requirements.map(requirementString).join(',');
  }

  /** A new selector with these requirements added, all sorted by key. */
  add(...reqs: Requirement[]): Selector {
    if (!this.selectable) return this;
    return new Selector([...this.requirements, ...reqs].sort(byKey));
  }

  /** The value `label` must have, if the selector pins it (`=`, `==`, or `in` with one value). */
  requiresExactMatch(label: string): string | undefined {
    for (const r of this.requirements) {
      if (r.key !== label) continue;
      if ((r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1)
        return r.values[0];
      return undefined;
    }
    return undefined;
  }
}

function compileAll(reqs: readonly Requirement[]): Matcher {
  const fns = reqs.map(compileRequirement);
  switch (fns.length) {
    case 0:
      return () => true;
    case 1:
      return fns[0]!;
    case 2: {
      const [a, b] = fns as [Matcher, Matcher];
      return (l) => a(l) && b(l);
    }
    case 3: {
      const [a, b, c] = fns as [Matcher, Matcher, Matcher];
      return (l) => a(l) && b(l) && c(l);
    }
    default:
      return (l) => {
        for (let i = 0; i < fns.length; i++) if (!fns[i]!(l)) return false;
        return true;
      };
  }
}

const EVERYTHING = new Selector([]);
const NOTHING = new Selector([], false);

/** Selects every object (an empty selector). */
export function everything(): Selector {
  return EVERYTHING;
}

/** Selects no object (what a nil metav1.LabelSelector means). */
export function nothing(): Selector {
  return NOTHING;
}

/** Equality requirements for each label, without validation (upstream's SelectorFromValidatedSet). */
export function selectorFromSet(set: Labels | null | undefined): Selector {
  if (!set) return EVERYTHING;
  const keys = Object.keys(set);
  if (keys.length === 0) return EVERYTHING;
  return new Selector(keys.sort().map((key) => ({ key, operator: '=' as const, values: [set[key]!] })));
}

/** Like selectorFromSet but validating keys and values; throws LabelSelectorError. */
export function validatedSelectorFromSet(set: Labels | null | undefined): Selector {
  if (!set || Object.keys(set).length === 0) return EVERYTHING;
  const reqs = Object.keys(set).map((key) => newRequirement(key, '=', [set[key]!]));
  return new Selector(reqs.sort(byKey));
}

// ---- the string syntax ----

/** Parses the string syntax, as upstream's labels.Parse. Throws LabelSelectorError. */
class Parser {
  private readonly items: Item[];
  private position = 0;
  private readonly path: string | undefined;

  constructor(input: string, path: string | undefined) {
    this.items = lex(input);
    this.path = path;
  }

  // In a values context, the keywords `in` and `notin` are plain identifiers.
  private lookahead(values: boolean): Item {
    const it = this.items[this.position]!;
    return values && (it.tok === 'in' || it.tok === 'notin') ? { tok: 'identifier', lit: it.lit } : it;
  }

  private consume(values: boolean): Item {
    const it = this.lookahead(values);
    this.position++;
    return it;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead(true);
      if (tok === 'identifier' || tok === '!') {
        let r: Requirement;
        try {
          r = this.parseRequirement();
        } catch (e) {
          throw new LabelSelectorError(`unable to parse requirement: ${(e as Error).message}`);
        }
        reqs.push(r);
        const next = this.consume(true);
        if (next.tok === 'eos') return reqs;
        if (next.tok === ',') {
          const after = this.lookahead(true);
          if (after.tok !== 'identifier' && after.tok !== '!') {
            throw new LabelSelectorError(`found '${after.lit}', expected: identifier after ','`);
          }
          continue;
        }
        throw new LabelSelectorError(`found '${next.lit}', expected: ',' or 'end of string'`);
      }
      if (tok === 'eos') return reqs;
      throw new LabelSelectorError(`found '${lit}', expected: !, identifier, or 'end of string'`);
    }
  }

  private parseRequirement(): Requirement {
    let operator: Operator | undefined;
    let it = this.consume(true);
    if (it.tok === '!') {
      operator = '!';
      it = this.consume(true);
    }
    if (it.tok !== 'identifier') throw new Error(`found '${it.lit}', expected: identifier`);
    const key = it.lit;
    const keyErr = labelKeyError(key, this.path ?? '<nil>');
    if (keyErr) throw new Error(aggregateFieldErrors([keyErr]));
    const next = this.lookahead(true).tok;
    if ((next === 'eos' || next === ',') && operator !== '!') operator = 'exists';
    if (operator === 'exists' || operator === '!') return newRequirement(key, operator, [], this.path);
    const op = this.parseOperator();
    const values = op === 'in' || op === 'notin' ? this.parseValues() : this.parseExactValue();
    return newRequirement(key, op, [...values].sort(), this.path);
  }

  private parseOperator(): Operator {
    const { tok, lit } = this.consume(false);
    switch (tok) {
      case 'in':
        return 'in';
      case '=':
        return '=';
      case '==':
        return '==';
      case '>':
        return 'gt';
      case '<':
        return 'lt';
      case 'notin':
        return 'notin';
      case '!=':
        return '!=';
      default:
        throw new Error(`found '${lit}', expected: ${BINARY_OPERATORS.join(', ')}`);
    }
  }

  private parseValues(): Set<string> {
    const open = this.consume(true);
    if (open.tok !== '(') throw new Error(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.lookahead(true);
    if (tok === 'identifier' || tok === ',') {
      const set = this.parseIdentifiersList();
      if (this.consume(true).tok !== ')') throw new Error(`found '${lit}', expected: ')'`);
      return set;
    }
    if (tok === ')') {
      this.consume(true);
      return new Set(['']);
    }
    throw new Error(`found '${lit}', expected: ',', ')' or identifier`);
  }

  private parseIdentifiersList(): Set<string> {
    const set = new Set<string>();
    for (;;) {
      const { tok, lit } = this.consume(true);
      if (tok === 'identifier') {
        set.add(lit);
        const next = this.lookahead(true);
        if (next.tok === ',') continue;
        if (next.tok === ')') return set;
        throw new Error(`found '${next.lit}', expected: ',' or ')'`);
      }
      if (tok === ',') {
        // Empty members: "(,a)", "(a,)", "(a,,b)" all include "".
        if (set.size === 0) set.add('');
        const next = this.lookahead(true).tok;
        if (next === ')') {
          set.add('');
          return set;
        }
        if (next === ',') {
          this.consume(true);
          set.add('');
        }
        continue;
      }
      throw new Error(`found '${lit}', expected: ',', or identifier`);
    }
  }

  private parseExactValue(): Set<string> {
    const next = this.lookahead(true).tok;
    if (next === 'eos' || next === ',') return new Set(['']);
    const { tok, lit } = this.consume(true);
    if (tok === 'identifier') return new Set([lit]);
    throw new Error(`found '${lit}', expected: identifier`);
  }
}

/** Parses a label selector string; throws LabelSelectorError with upstream's message. */
export function parseSelector(selector: string, path?: string): Selector {
  return new Selector(parseRequirements(selector, path));
}

/** The requirements of a selector string, sorted by key (upstream's ParseToRequirements). */
export function parseRequirements(selector: string, path?: string): Requirement[] {
  return new Parser(selector, path).parse().sort(byKey);
}

/** Compiles a selector string to a fast predicate over label maps. */
export function compileSelector(selector: string | Selector): (labels: Labels | null | undefined) => boolean {
  return (typeof selector === 'string' ? parseSelector(selector) : selector).matches;
}
