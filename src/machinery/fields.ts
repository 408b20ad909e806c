// Field selectors (k8s.io/apimachinery/pkg/fields): `metadata.name=x,spec.nodeName!=,status.phase==Running`.
// Only equality and inequality exist; `\`, `,` and `=` in values are escaped with a backslash.
// A missing field reads as "" (so `spec.nodeName=` selects unscheduled pods). Each kind's strategy
// says which fields it exposes (a Record<string,string> per object); the API server and the watch
// cache filter with `matches`, and index by `requiresExactMatch('metadata.name')`.

/** The selectable fields of one object, e.g. `{'metadata.name': 'web', 'status.phase': 'Running'}`. */
export type Fields = Readonly<Record<string, string>>;

export type FieldOperator = '=' | '!=';

export interface FieldRequirement {
  readonly field: string;
  /** `==` in the string form is the same as `=`. */
  readonly operator: FieldOperator;
  readonly value: string;
}

/** A malformed field selector; `message` is upstream's error text. */
export class FieldSelectorError extends Error {
  override name = 'FieldSelectorError';
}

/** Rewrites one term (upstream's TransformFunc); returning `['', '']` drops the term. */
export type FieldTransform = (field: string, value: string) => [field: string, value: string];

/** `\` → `\\`, `,` → `\,`, `=` → `\=`. */
export function escapeFieldValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/** Reverses escapeFieldValue; throws FieldSelectorError on a bad escape or an unescaped `,`/`=`. */
export function unescapeFieldValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') {
        throw new FieldSelectorError(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      inSlash = false;
      continue;
    }
    if (c === '\\') inSlash = true;
    else if (c === ',' || c === '=') {
      throw new FieldSelectorError(
        `invalid field selector: unescaped character in value: ${c.codePointAt(0)}`,
      );
    } else out += c;
  }
  if (inSlash) throw new FieldSelectorError('invalid field selector: invalid escape sequence: \\');
  return out;
}

type Matcher = (fields: Fields | null | undefined) => boolean;

function read(f: Fields | null | undefined, field: string): string {
  const v = f?.[field];
  return typeof v === 'string' ? v : '';
}

function compileTerm(r: FieldRequirement): Matcher {
  const { field, value } = r;
  // A missing field reads as "" (upstream's Set.Get).
  if (r.operator === '=') return (f) => read(f, field) === value;
  return (f) => read(f, field) !== value;
}

export class FieldSelector {
  readonly requirements: readonly FieldRequirement[];
  /** False only for nothingFields(). */
  readonly selectable: boolean;
  readonly matches: Matcher;

  constructor(requirements: readonly FieldRequirement[], selectable = true) {
    this.requirements = requirements;
    this.selectable = selectable;
    if (!selectable) this.matches = () => false;
    else if (requirements.length === 0) this.matches = () => true;
    else if (requirements.length === 1) this.matches = compileTerm(requirements[0]!);
    else {
      const fns = requirements.map(compileTerm);
      this.matches = (f) => {
        for (let i = 0; i < fns.length; i++) if (!fns[i]!(f)) return false;
        return true;
      };
    }
  }

  empty(): boolean {
    return this.selectable && this.requirements.length === 0;
  }

  toString(): string {
    return this.requirements.map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`).join(',');
  }

  /** The value `field` must equal, if an `=` term pins it (the first one wins). */
  requiresExactMatch(field: string): string | undefined {
    for (const r of this.requirements) if (r.field === field && r.operator === '=') return r.value;
    return undefined;
  }

  /** Rewrites every term; terms mapped to ['', ''] are dropped. Errors thrown by `fn` propagate. */
  transform(fn: FieldTransform): FieldSelector {
    if (!this.selectable) return this;
    const next: FieldRequirement[] = [];
    for (const r of this.requirements) {
      const [field, value] = fn(r.field, r.value);
      if (field === '' && value === '') continue;
      next.push({ field, operator: r.operator, value });
    }
    return new FieldSelector(next);
  }
}

const EVERYTHING = new FieldSelector([]);
const NOTHING = new FieldSelector([], false);

export function everythingFields(): FieldSelector {
  return EVERYTHING;
}

export function nothingFields(): FieldSelector {
  return NOTHING;
}

/** Splits on commas that are not escaped. */
function splitTerms(selector: string): string[] {
  if (selector === '') return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

const TERM_OPERATORS = ['!=', '==', '='] as const;

function splitTerm(term: string): [string, string, string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of TERM_OPERATORS) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

/** Parses a field selector (upstream's ParseSelector / ParseAndTransformSelector); throws FieldSelectorError. */
export function parseFieldSelector(selector: string, transform?: FieldTransform): FieldSelector {
  const parts = splitTerms(selector).sort();
  const reqs: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (!split) throw new FieldSelectorError(`invalid selector: '${selector}'; can't understand '${part}'`);
    const [field, op, rhs] = split;
    reqs.push({ field, operator: op === '!=' ? '!=' : '=', value: unescapeFieldValue(rhs) });
  }
  const parsed = new FieldSelector(reqs);
  return transform ? parsed.transform(transform) : parsed;
}

/** One `field=value` term per entry (upstream's SelectorFromSet); no set selects everything. */
export function fieldSelectorFromSet(set: Fields | null | undefined): FieldSelector {
  if (!set) return EVERYTHING;
  return new FieldSelector(
    Object.keys(set).map((field) => ({ field, operator: '=' as const, value: set[field]! })),
  );
}

export function oneTermEqualSelector(field: string, value: string): FieldSelector {
  return new FieldSelector([{ field, operator: '=', value }]);
}

export function oneTermNotEqualSelector(field: string, value: string): FieldSelector {
  return new FieldSelector([{ field, operator: '!=', value }]);
}

/** All terms of all selectors (nothingFields() among them makes the result select nothing). */
export function andFieldSelectors(...selectors: FieldSelector[]): FieldSelector {
  if (selectors.some((s) => !s.selectable)) return NOTHING;
  return new FieldSelector(selectors.flatMap((s) => s.requirements));
}

/** The name a selector pins with `metadata.name=<name>`, if any (watch caches index on it). */
export function exactMetadataName(selector: FieldSelector | string | undefined): string | undefined {
  if (selector === undefined) return undefined;
  const parsed = typeof selector === 'string' ? parseFieldSelector(selector) : selector;
  return parsed.requiresExactMatch('metadata.name');
}

/** The fields every object supports: `metadata.name` and, when namespaced, `metadata.namespace`. */
export function objectMetaFields(
  meta: { name?: string; namespace?: string } | undefined,
  namespaced: boolean,
): Record<string, string> {
  const fields: Record<string, string> = { 'metadata.name': meta?.name ?? '' };
  if (namespaced) fields['metadata.namespace'] = meta?.namespace ?? '';
  return fields;
}
