// Total order, equality and text forms of JSON values, as structured-merge-diff defines them
// (sigs.k8s.io/structured-merge-diff/value): the order sorts field sets (and so the keys of
// `fieldsV1`), the text forms appear in `fieldsV1` keys (`v:"a"`, `k:{"name":"x"}`) and in the
// field paths of conflict messages (`[name="x"]`).
import { compareGoStrings, goNumber } from '../go-format.ts';
import { isJsonObject, jsonEqual } from '../patch-errors.ts';

/** Orders values: numbers < strings < booleans < lists < maps < null (upstream's value.Compare). */
export function compareValues(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 0:
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    case 1:
      return compareGoStrings(a as string, b as string);
    case 2:
      return a === b ? 0 : a ? 1 : -1;
    case 3:
      return compareLists(a as unknown[], b as unknown[]);
    case 4:
      return compareMaps(a as Record<string, unknown>, b as Record<string, unknown>);
    default:
      return 0;
  }
}

function rank(v: unknown): number {
  if (typeof v === 'number') return 0;
  if (typeof v === 'string') return 1;
  if (typeof v === 'boolean') return 2;
  if (Array.isArray(v)) return 3;
  if (isJsonObject(v)) return 4;
  return 5;
}

function compareLists(a: unknown[], b: unknown[]): number {
  for (let i = 0; ; i++) {
    if (i >= a.length && i >= b.length) return 0;
    if (i >= a.length) return -1;
    if (i >= b.length) return 1;
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
}

/** Walks the union of keys in lexical order, as upstream's MapCompare does (quirks included). */
function compareMaps(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const al = Object.keys(a).length;
  const bl = Object.keys(b).length;
  if (al === 0 && bl === 0) return 0;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compareGoStrings);
  let i = 0;
  for (const k of keys) {
    let c: number;
    if (i === al) c = -1;
    else if (i === bl) c = 1;
    else if (!Object.hasOwn(a, k)) c = 1;
    else if (!Object.hasOwn(b, k)) c = -1;
    else c = compareValues(a[k], b[k]);
    i++;
    if (c !== 0) return c;
  }
  return 0;
}

export const valuesEqual = jsonEqual;

/**
 * JSON text as Go's encoder writes it: object keys sorted, `<`, `>`, `&`, U+2028 and U+2029
 * escaped. Used for `fieldsV1` keys and for annotations the server writes.
 */
export function goJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return goJsonNumber(v);
  if (typeof v === 'string') return goJsonString(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj).sort(compareGoStrings);
  return `{${keys.map((k) => `${goJsonString(k)}:${goJson(obj[k])}`).join(',')}}`;
}

/** JSON text with the keys in the order given (for `k:` keys, whose fields are already sorted). */
export function goJsonOrdered(fields: [string, unknown][]): string {
  return `{${fields.map(([k, v]) => `${goJsonString(k)}:${goJson(v)}`).join(',')}}`;
}

const GO_ESCAPED = /[<>&\u2028\u2029]/;

function goJsonString(s: string): string {
  if (!GO_ESCAPED.test(s)) return JSON.stringify(s);
  return JSON.stringify(s).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function goJsonNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    // Go writes 1e-07 / 1e+21 (at least two exponent digits).
    return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return String(n);
}

/** Go's `%q` of a string. */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** upstream's value.ToString: how a key value appears in a field path (`[name="x"]`, `[port=80]`). */
export function valueToString(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(valueToString).join(',')}]`;
  return Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${k}=${valueToString(x)}`)
    .join('');
}
