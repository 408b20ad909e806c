// Go's text renderings of values, as they appear in Kubernetes messages.
// Upstream builds its error strings with fmt (`%q`, `%v`, `%#v`); kubectl users read those strings,
// so every message we produce must render values the same way: strings quoted by strconv.Quote,
// floats in `%g` shortest form, string slices as `[]string{"a", "b"}`, string maps as
// `map[string]string{"k":"v"}`, times as `2026-01-02 03:04:05 +0000 UTC`.

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const SIMPLE_ESCAPES: Record<number, string> = {
  7: '\\a',
  8: '\\b',
  12: '\\f',
  10: '\\n',
  13: '\\r',
  9: '\\t',
  11: '\\v',
};

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isGoPrintable(cp: number): boolean {
  if (cp < 0x80) return cp >= 0x20 && cp < 0x7f;
  return PRINTABLE.test(String.fromCodePoint(cp));
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** Go's `strconv.Quote` (also `%q` and `%#v` of a string). */
export function goQuote(s: string): string {
  // Fast path: printable ASCII without quote or backslash needs no escaping.
  let plain = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) {
      plain = false;
      break;
    }
  }
  if (plain) return `"${s}"`;
  let out = '"';
  for (const ch of s) {
    let cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd; // a lone surrogate becomes U+FFFD in UTF-8
    if (cp === 0x22 || cp === 0x5c) out += `\\${String.fromCodePoint(cp)}`;
    else if (cp === 0x20 || (cp < 0x7f && cp > 0x20)) out += String.fromCodePoint(cp);
    else if (SIMPLE_ESCAPES[cp] !== undefined) out += SIMPLE_ESCAPES[cp];
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
    else if (PRINTABLE.test(String.fromCodePoint(cp))) out += String.fromCodePoint(cp);
    else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return `${out}"`;
}

/** Go's `strconv.FormatFloat(f, 'g', -1, 64)`, which is also `%v` of a float64. */
export function goFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Number.POSITIVE_INFINITY) return '+Inf';
  if (f === Number.NEGATIVE_INFINITY) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  // toExponential() without an argument yields the shortest digits that round-trip.
  const [mantissa, expText] = f.toExponential().split('e') as [string, string];
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const exp = Number(expText);
  const sign = negative ? '-' : '';
  // Go picks the %e form when the exponent is < -4 or >= 6 (the shortest form's precision).
  if (exp < -4 || exp >= 6) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const e = Math.abs(exp);
    return `${sign}${digits[0]}${frac}e${exp < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
  }
  if (exp >= 0) {
    const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
    const fracPart = digits.slice(exp + 1);
    return `${sign}${intPart}${fracPart ? `.${fracPart}` : ''}`;
  }
  return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
}

/** `%v` of a Go number that came from JSON: integers as integers, the rest as float64. */
export function goNumber(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e21 ? String(n) : goFloat(n);
}

const MONTH_DAY = (n: number) => String(n).padStart(2, '0');

/** Go's `time.Time.String()` for a UTC time: `2026-01-02 03:04:05 +0000 UTC` (fraction only when non-zero). */
export function goTimeString(ms: number, extraNanos = 0): string {
  const d = new Date(ms);
  const base =
    `${String(d.getUTCFullYear()).padStart(4, '0')}-${MONTH_DAY(d.getUTCMonth() + 1)}-${MONTH_DAY(d.getUTCDate())} ` +
    `${MONTH_DAY(d.getUTCHours())}:${MONTH_DAY(d.getUTCMinutes())}:${MONTH_DAY(d.getUTCSeconds())}`;
  const nanos = d.getUTCMilliseconds() * 1e6 + extraNanos;
  const frac = nanos ? `.${String(nanos).padStart(9, '0').replace(/0+$/, '')}` : '';
  return `${base}${frac} +0000 UTC`;
}

function isStringRecord(v: object): v is Record<string, string> {
  for (const x of Object.values(v)) if (typeof x !== 'string') return false;
  return true;
}

/**
 * How upstream's `field.Error` prints a bad value: nil as `"null"`, strings quoted, numbers and
 * booleans bare, string slices and string maps in Go syntax; other shapes fall back to JSON
 * (upstream would print Go struct syntax, which has no JSON equivalent).
 */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '"null"';
  switch (typeof v) {
    case 'string':
      return goQuote(v);
    case 'number':
      return goNumber(v);
    case 'boolean':
    case 'bigint':
      return String(v);
  }
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'string')) return `[]string{${v.map(goQuote).join(', ')}}`;
    return JSON.stringify(v);
  }
  if (typeof v === 'object' && isStringRecord(v)) {
    const keys = Object.keys(v).sort();
    return `map[string]string{${keys.map((k) => `${goQuote(k)}:${goQuote(v[k]!)}`).join(', ')}}`;
  }
  return JSON.stringify(v);
}

/** Go's `%T` of a decoded JSON value (as unstructured content holds it). */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** Go's `%v` of a decoded JSON value: `map[a:1 b:[x y]]`, `<nil>`, strings bare. */
export function goV(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return `[${v.map(goV).join(' ')}]`;
  const o = v as Record<string, unknown>;
  return `map[${Object.keys(o)
    .sort()
    .map((k) => `${k}:${goV(o[k])}`)
    .join(' ')}]`;
}

/**
 * Go's encoding/json Marshal of a decoded JSON value: keys sorted, no spaces, and <, >, &,
 * U+2028, U+2029 escaped as \u00XX (Go's HTML-safe default).
 */
export function goJSONMarshal(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') {
    return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${hex(c.charCodeAt(0), 4)}`);
  }
  if (typeof v === 'number' || typeof v === 'boolean') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(goJSONMarshal).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${goJSONMarshal(k)}:${goJSONMarshal(o[k])}`)
    .join(',')}}`;
}
