// Time as the Kubernetes API writes and reads it, and as kubectl shows it.
// - metav1.Time is RFC 3339 at whole seconds in UTC (`2026-11-23T10:00:00Z`); metav1.MicroTime has
//   exactly six fraction digits. Decoding accepts what Go's time.Parse accepts (any offset, a
//   fraction on plain Time, a one-digit hour) and fails with Go's exact message, which clients see
//   inside "cannot be handled as a Pod: parsing time ...".
// - AGE columns use upstream's duration.HumanDuration ("45s", "2m30s", "10m", "3h2m", "2d3h", "4y12d").
// - Go duration strings ("1h30m", "500ms") appear in flags and a few API fields.

/** An instant with nanosecond precision (JS Dates stop at milliseconds; MicroTime needs micros). */
export interface Instant {
  /** Whole seconds since the Unix epoch. */
  seconds: number;
  /** 0 ≤ nanos < 1e9. */
  nanos: number;
}

export const RFC3339_LAYOUT = '2006-01-02T15:04:05Z07:00';
export const RFC3339_MICRO_LAYOUT = '2006-01-02T15:04:05.000000Z07:00';

/** Go's time.ParseError, with its exact Error() text as message. */
export class TimeParseError extends Error {
  override name = 'TimeParseError';
}

// Go's time.quote: ASCII printable as-is (with " and \ escaped), every other byte as \xHH.
function timeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x80 || c < 0x20) {
      for (const b of Buffer.from(ch, 'utf8')) out += `\\x${b.toString(16).padStart(2, '0')}`;
    } else {
      if (ch === '"' || ch === '\\') out += '\\';
      out += ch;
    }
  }
  return `${out}"`;
}

function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (exact for any year, unlike Date.UTC for 0–99). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** Parses `value` with one of the two RFC 3339 layouts, following Go's time.Parse step by step. */
function parseLayout(value: string, micro: boolean): Instant {
  const layout = micro ? RFC3339_MICRO_LAYOUT : RFC3339_LAYOUT;
  const cannot = (rest: string, elem: string) =>
    new TimeParseError(
      `parsing time ${timeQuote(value)} as ${timeQuote(layout)}: cannot parse ${timeQuote(rest)} as ${timeQuote(elem)}`,
    );
  const outOfRange = (what: string) =>
    new TimeParseError(`parsing time ${timeQuote(value)}: ${what} out of range`);
  let rest = value;
  const literal = (text: string) => {
    if (!rest.startsWith(text)) throw cannot(rest, text);
    rest = rest.slice(text.length);
  };
  // getnum: one or two digits; `fixed` demands two.
  const num = (elem: string, fixed: boolean): number => {
    if (!isDigit(rest, 0)) throw cannot(rest, elem);
    if (!isDigit(rest, 1)) {
      if (fixed) throw cannot(rest, elem);
      const n = rest.charCodeAt(0) - 48;
      rest = rest.slice(1);
      return n;
    }
    const n = (rest.charCodeAt(0) - 48) * 10 + rest.charCodeAt(1) - 48;
    rest = rest.slice(2);
    return n;
  };

  if (rest.length < 4 || !isDigit(rest, 0) || !/^\d{4}/.test(rest)) throw cannot(rest, '2006');
  const year = Number(rest.slice(0, 4));
  rest = rest.slice(4);
  literal('-');
  const month = num('01', true);
  if (month <= 0 || month > 12) throw outOfRange('month');
  literal('-');
  const day = num('02', true);
  literal('T');
  const hour = num('15', false);
  if (hour >= 24) throw outOfRange('hour');
  literal(':');
  const minute = num('04', true);
  if (minute >= 60) throw outOfRange('minute');
  literal(':');
  const second = num('05', true);
  if (second >= 60) throw outOfRange('second');
  let nanos = 0;
  const fraction = (digits: number) => {
    // parseNanoseconds: a '.' or ',' then digits; only the first nine count.
    const text = rest.slice(1, digits);
    nanos = Number(text.slice(0, 9).padEnd(9, '0'));
    rest = rest.slice(digits);
  };
  if (micro) {
    if (rest.length < 7 || (rest[0] !== '.' && rest[0] !== ',') || !/^\d{6}/.test(rest.slice(1))) {
      throw cannot(rest, '.000000');
    }
    fraction(7);
  } else if (rest.length >= 2 && (rest[0] === '.' || rest[0] === ',') && isDigit(rest, 1)) {
    let n = 2;
    while (n < rest.length && isDigit(rest, n)) n++;
    fraction(n);
  }
  let offsetSeconds = 0;
  if (rest.startsWith('Z')) {
    rest = rest.slice(1);
  } else {
    if (rest.length < 6 || rest[3] !== ':') throw cannot(rest, 'Z07:00');
    const hh = rest.slice(1, 3);
    const mm = rest.slice(4, 6);
    if (!/^\d\d$/.test(hh) || !/^\d\d$/.test(mm)) throw cannot(rest, 'Z07:00');
    // Go checks the ranges before the sign.
    if (Number(mm) > 60) throw outOfRange('time zone offset minute');
    if (Number(hh) > 24) throw outOfRange('time zone offset hour');
    if (rest[0] !== '+' && rest[0] !== '-') throw cannot(rest, 'Z07:00');
    offsetSeconds = (Number(hh) * 3600 + Number(mm) * 60) * (rest[0] === '-' ? -1 : 1);
    rest = rest.slice(6);
  }
  if (rest.length > 0)
    throw new TimeParseError(`parsing time ${timeQuote(value)}: extra text: ${timeQuote(rest)}`);
  if (day < 1 || day > daysIn(month, year)) throw outOfRange('day');
  const seconds =
    daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
  return { seconds, nanos };
}

/** Decodes a metav1.Time string (Go: time.Parse(time.RFC3339, s)). Throws TimeParseError. */
export function parseTime(value: string): Instant {
  return parseLayout(value, false);
}

/** Decodes a metav1.MicroTime string (exactly six fraction digits). Throws TimeParseError. */
export function parseMicroTime(value: string): Instant {
  return parseLayout(value, true);
}

function toInstant(t: Instant | Date | number): Instant {
  if (typeof t === 'object' && !(t instanceof Date)) return t;
  const ms = typeof t === 'number' ? t : t.getTime();
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: Math.round((ms - seconds * 1000) * 1e6) };
}

function civilFromDays(z: number): [number, number, number] {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function formatSeconds(seconds: number): string {
  const days = Math.floor(seconds / 86400);
  const rem = seconds - days * 86400;
  const [y, m, d] = civilFromDays(days);
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}T${pad2(Math.floor(rem / 3600))}:${pad2(Math.floor((rem % 3600) / 60))}:${pad2(rem % 60)}`;
}

/** metav1.Time's wire form: UTC, whole seconds (the fraction is dropped, as upstream truncates). */
export function formatTime(t: Instant | Date | number): string {
  return `${formatSeconds(toInstant(t).seconds)}Z`;
}

/** metav1.MicroTime's wire form: UTC, six fraction digits (truncated). */
export function formatMicroTime(t: Instant | Date | number): string {
  const i = toInstant(t);
  return `${formatSeconds(i.seconds)}.${String(Math.floor(i.nanos / 1000)).padStart(6, '0')}Z`;
}

/** What a decode + encode round trip makes of a metav1.Time string (e.g. offsets become Z). */
export function canonicalTime(value: string): string {
  return formatTime(parseTime(value));
}

export function canonicalMicroTime(value: string): string {
  return formatMicroTime(parseMicroTime(value));
}

/** Milliseconds since the epoch of an instant (sub-millisecond part dropped). */
export function instantToMillis(t: Instant): number {
  return t.seconds * 1000 + Math.floor(t.nanos / 1e6);
}

/** `now` as metav1.Time. */
export function nowTime(): string {
  return formatTime(Date.now());
}

/** `now` as metav1.MicroTime (millisecond resolution, padded to micros). */
export function nowMicroTime(): string {
  return formatMicroTime(Date.now());
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Upstream's duration.HumanDuration, for a duration in milliseconds. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    const years = Math.trunc(hours / 24 / 365);
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** Upstream's duration.ShortHumanDuration (one unit: "5m", "3h", "2d", "1y"). */
export function shortHumanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${Math.trunc(hours / 24)}d`;
  return `${Math.trunc(ms / HOUR / 24 / 365)}y`;
}

/**
 * The AGE column (kubectl's translateTimestampSince): `<unknown>` when the timestamp is missing
 * or unreadable, else humanDuration(now - timestamp).
 */
export function formatAge(
  timestamp: string | Date | number | null | undefined,
  now: number = Date.now(),
): string {
  if (timestamp === null || timestamp === undefined || timestamp === '') return '<unknown>';
  let ms: number;
  if (typeof timestamp === 'string') {
    try {
      ms = instantToMillis(parseTime(timestamp));
    } catch {
      return '<unknown>';
    }
  } else {
    ms = typeof timestamp === 'number' ? timestamp : timestamp.getTime();
  }
  if (!Number.isFinite(ms)) return '<unknown>';
  return humanDuration(now - ms);
}

const DURATION_UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  µs: 1000n, // U+00B5 micro sign
  μs: 1000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const MAX_INT64 = (1n << 63n) - 1n;

/** Go's time.ParseDuration, in nanoseconds ("1h30m" → 5.4e12). Throws Error with Go's message. */
export function parseDuration(s: string): number {
  const orig = s;
  const invalid = () => new Error(`time: invalid duration ${timeQuote(orig)}`);
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw invalid();
  let total = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s, 0))) throw invalid();
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    const whole = m[1]!;
    const frac = m[2] ?? '';
    if (whole === '' && frac === '') throw invalid(); // "." alone
    s = s.slice(m[0].length);
    let u = 0;
    while (u < s.length && s[u] !== '.' && !isDigit(s, u)) u++;
    if (u === 0) throw new Error(`time: missing unit in duration ${timeQuote(orig)}`);
    const unitName = s.slice(0, u);
    const unit = DURATION_UNITS[unitName];
    if (unit === undefined)
      throw new Error(`time: unknown unit ${timeQuote(unitName)} in duration ${timeQuote(orig)}`);
    s = s.slice(u);
    let v = BigInt(whole || '0') * unit;
    if (frac !== '') {
      // Like Go: the fraction (at most ~18 significant digits) times unit/scale, in float64, truncated.
      let f = 0n;
      let scale = 1;
      for (const c of frac) {
        if (f > MAX_INT64 / 10n) break;
        f = f * 10n + BigInt(c.charCodeAt(0) - 48);
        scale *= 10;
      }
      if (f > 0n) v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
    }
    total += v;
    if (total > MAX_INT64 + (neg ? 1n : 0n)) throw invalid();
  }
  return Number(neg ? -total : total);
}
