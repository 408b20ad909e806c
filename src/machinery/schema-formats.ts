// The string formats a CRD schema may check (`format: date-time`, `email`, `ipv4` …): the
// list upstream's apiextensions keeps (other formats, int32 and float included, are ignored)
// and the checks of kube-openapi's default format registry, which CR validation uses.
import { parseDuration } from './time.ts';
import { parseCIDR, parseIP } from './validation/ip.ts';

/** Format names are compared without dashes (`date-time` = `datetime`), as go-openapi normalizes them. */
export function normalizeFormat(format: string): string {
  return format.replaceAll('-', '');
}

const HOSTNAME =
  /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9\-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$/u;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID3 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID4 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const UUID5 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;
const HEX_COLOR = /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const BYTE = '(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])';
const RGB_COLOR = new RegExp(`^rgb\\(\\s*${BYTE}\\s*,\\s*${BYTE}\\s*,\\s*${BYTE}\\s*\\)$`);
const SSN = /^\d{3}[- ]?\d{2}[- ]?\d{4}$/;
const CREDIT_CARD =
  /^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|(222[1-9]|22[3-9][0-9]|2[3-6][0-9]{2}|27[01][0-9]|2720)[0-9]{12}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\d{3})\d{11}|6[27][0-9]{14})$/;
const DATE_TIME_TAIL = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/;
const MAC = [
  /^[0-9a-fA-F]{2}(?:[:][0-9a-fA-F]{2}){5}$/,
  /^[0-9a-fA-F]{2}(?:[-][0-9a-fA-F]{2}){5}$/,
  /^[0-9a-fA-F]{2}(?:[:][0-9a-fA-F]{2}){7}$/,
  /^[0-9a-fA-F]{2}(?:[-][0-9a-fA-F]{2}){7}$/,
  /^[0-9a-fA-F]{2}(?:[:][0-9a-fA-F]{2}){19}$/,
  /^[0-9a-fA-F]{2}(?:[-][0-9a-fA-F]{2}){19}$/,
  /^[0-9a-fA-F]{4}(?:\.[0-9a-fA-F]{4}){2}$/,
  /^[0-9a-fA-F]{4}(?:\.[0-9a-fA-F]{4}){3}$/,
  /^[0-9a-fA-F]{4}(?:\.[0-9a-fA-F]{4}){9}$/,
];
const SCALA_DURATION = /(\d+)\s*([A-Za-zµ]+)/g;
const DURATION_UNITS = [
  ['ns', 'nano'],
  ['us', 'µs', 'micro'],
  ['ms', 'milli'],
  ['s', 'sec'],
  ['m', 'min'],
  ['h', 'hr', 'hour'],
  ['d', 'day'],
  ['w', 'wk', 'week'],
];

/** Go's time.Parse("2006-01-02"): four-digit year, two-digit month and day, a real calendar day. */
export function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

function isDateTime(s: string): boolean {
  if (s.length < 4) return false;
  const parts = s.toLowerCase().split('t');
  if (parts.length < 2 || !isDate(parts[0]!)) return false;
  const m = DATE_TIME_TAIL.exec(parts[1]!);
  return m !== null && m[1]! <= '23' && m[2]! <= '59' && m[3]! <= '59';
}

/** go-openapi's duration: Go's time.ParseDuration, else Scala-like `5 minutes`. */
function isDuration(s: string): boolean {
  try {
    parseDuration(s);
    return true;
  } catch {
    // fall through to the Scala syntax
  }
  for (const match of s.matchAll(SCALA_DURATION)) {
    const unit = match[2]!.toLowerCase().trim();
    for (const variants of DURATION_UNITS) {
      const last = variants.length - 1;
      if (variants.some((v, i) => (i === last && unit.startsWith(v)) || v === unit)) return true;
    }
  }
  return false;
}

/** Go's url.ParseRequestURI: an absolute URI (with a scheme) or an absolute path. */
function isRequestUri(s: string): boolean {
  if (s.startsWith('/')) return !/[\s]/.test(s);
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(s);
  if (!scheme) return false;
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}

/** net/mail.ParseAddress, for the common shapes: `user@host` and `Name <user@host>`. */
function isEmail(s: string): boolean {
  const angle = /^[^<>]*<([^<>]+)>\s*$/.exec(s);
  const address = angle ? angle[1]! : s.trim();
  return (
    /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+$/.test(address) &&
    !address.startsWith('.') &&
    !address.includes('..')
  );
}

function isIsbn10(s: string): boolean {
  const v = s.replace(/[\s-]/g, '');
  if (!/^(?:[0-9]{9}X|[0-9]{10})$/.test(v)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (i + 1) * Number(v[i]);
  sum += v[9] === 'X' ? 100 : 10 * Number(v[9]);
  return sum % 11 === 0;
}

function isIsbn13(s: string): boolean {
  const v = s.replace(/[\s-]/g, '');
  if (!/^[0-9]{13}$/.test(v)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(v[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10 === Number(v[12]);
}

function isCreditCard(s: string): boolean {
  const digits = s.replace(/[^0-9]+/g, '');
  if (!CREDIT_CARD.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

const CHECKS: Record<string, (s: string) => boolean> = {
  bsonobjectid: (s) => /^[0-9a-fA-F]{24}$/.test(s),
  uri: isRequestUri,
  email: isEmail,
  hostname: (s) => HOSTNAME.test(s) && s.length <= 255 && s.split('.').every((p) => p.length <= 63),
  ipv4: (s) => parseIP(s) !== null && s.includes('.'),
  ipv6: (s) => parseIP(s) !== null && s.includes(':'),
  cidr: (s) => parseCIDR(s) !== null,
  mac: (s) => MAC.some((r) => r.test(s)),
  uuid: (s) => UUID.test(s),
  uuid3: (s) => UUID3.test(s),
  uuid4: (s) => UUID4.test(s),
  uuid5: (s) => UUID5.test(s),
  isbn: (s) => isIsbn10(s) || isIsbn13(s),
  isbn10: isIsbn10,
  isbn13: isIsbn13,
  creditcard: isCreditCard,
  ssn: (s) => (s.length === 9 || s.length === 11) && SSN.test(s),
  hexcolor: (s) => HEX_COLOR.test(s),
  rgbcolor: (s) => RGB_COLOR.test(s),
  byte: (s) => BASE64.test(s),
  password: () => true,
  date: isDate,
  duration: isDuration,
  datetime: isDateTime,
};

/** Whether CR validation checks this format (upstream strips every other one from the schema). */
export function isCheckedFormat(format: string | undefined): boolean {
  return format !== undefined && format !== '' && Object.hasOwn(CHECKS, normalizeFormat(format));
}

/** Whether `value` is valid for `format` (true for formats that are not checked). */
export function matchesFormat(format: string, value: string): boolean {
  const check = CHECKS[normalizeFormat(format)];
  return check ? check(value) : true;
}
