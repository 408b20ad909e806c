// Resource quantities (`500m`, `1Gi`, `1e3`) as resource.Quantity parses, compares, rounds and
// prints them. Values are kept exactly as a count of nano-units: upstream rounds every parsed
// quantity up to nano precision, so nothing finer ever exists.
// NOTE: private stand-in until src/machinery's quantity module lands; same operations, same names.

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** The value in units of 10^-9. */
  nanos: bigint;
  format: QuantityFormat;
}

export const QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const NANO = 1_000_000_000n;
const DECIMAL_SUFFIXES: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

function split(str: string): { negative: boolean; whole: string; frac: string; suffix: string } | undefined {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*[-+]?[0-9]*)$/.exec(str);
  if (!m || str === '' || (m[2] === '' && m[3] === undefined)) return undefined;
  return { negative: m[1] === '-', whole: m[2]!, frac: m[3] ?? '', suffix: m[4]! };
}

/** Parses a quantity (a string, or a number as JSON carries it); undefined when malformed. */
export function parseQuantity(value: unknown): Quantity | undefined {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string') return undefined;
  const parts = split(text);
  if (!parts) return undefined;
  let base = 10;
  let exponent: number;
  let format: QuantityFormat;
  if (parts.suffix in DECIMAL_SUFFIXES) {
    exponent = DECIMAL_SUFFIXES[parts.suffix]!;
    format = 'DecimalSI';
  } else if (parts.suffix in BINARY_SUFFIXES) {
    base = 2;
    exponent = BINARY_SUFFIXES[parts.suffix]!;
    format = 'BinarySI';
  } else if (/^[eE][-+]?[0-9]+$/.test(parts.suffix)) {
    exponent = Number(parts.suffix.slice(1));
    format = 'DecimalExponent';
  } else {
    return undefined;
  }
  // The exact value is digits × 10^-frac.length × base^exponent; keep it as a fraction, then
  // round its magnitude up to whole nanos.
  let numerator = BigInt(`${parts.whole}${parts.frac}` || '0') * NANO;
  let denominator = 10n ** BigInt(parts.frac.length);
  if (base === 2) numerator *= 2n ** BigInt(exponent);
  else if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
  else denominator *= 10n ** BigInt(-exponent);
  let nanos = numerator / denominator;
  if (numerator % denominator !== 0n) nanos += 1n;
  if (format === 'BinarySI' && nanos > 0n && nanos < NANO) format = 'DecimalSI';
  return { nanos: parts.negative ? -nanos : nanos, format };
}

export function compareQuantity(a: Quantity, b: Quantity): -1 | 0 | 1 {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}

export function addQuantity(a: Quantity, b: Quantity): Quantity {
  return { nanos: a.nanos + b.nanos, format: a.format };
}

export function quantitySign(q: Quantity): -1 | 0 | 1 {
  return q.nanos < 0n ? -1 : q.nanos > 0n ? 1 : 0;
}

/** `q.MilliValue()`: the value in thousandths, rounded up. */
export function milliValue(q: Quantity): bigint {
  return ceilDiv(q.nanos, 1_000_000n);
}

/** `q.Value()`: the value rounded up to an integer. */
export function integerValue(q: Quantity): bigint {
  return ceilDiv(q.nanos, NANO);
}

function ceilDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d !== 0n && n > 0n ? q + 1n : q;
}

/** `q.RoundUp(scale)` for a decimal scale (-3: to thousandths), away from zero. */
export function roundUpQuantity(q: Quantity, scale: number): Quantity {
  const step = 10n ** BigInt(scale + 9);
  if (step <= 1n) return q;
  const magnitude = q.nanos < 0n ? -q.nanos : q.nanos;
  let rounded = (magnitude / step) * step;
  if (rounded !== magnitude) rounded += step;
  return { nanos: q.nanos < 0n ? -rounded : rounded, format: q.format };
}

/** `q.String()`: the canonical form upstream serialises. */
export function quantityString(q: Quantity): string {
  if (q.nanos === 0n) return '0';
  const negative = q.nanos < 0n;
  const magnitude = negative ? -q.nanos : q.nanos;
  const sign = negative ? '-' : '';
  if (q.format === 'BinarySI' && magnitude >= 1024n * NANO && magnitude % NANO === 0n) {
    let amount = magnitude / NANO;
    let power = 0;
    while (amount % 1024n === 0n && power < 6) {
      amount /= 1024n;
      power++;
    }
    const suffix = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'][power]!;
    return `${sign}${amount}${suffix}`;
  }
  // Decimal: strip factors of ten, then step the exponent down to a multiple of three.
  let amount = magnitude;
  let exponent = -9;
  while (amount % 10n === 0n) {
    amount /= 10n;
    exponent++;
  }
  const rem = ((exponent % 3) + 3) % 3;
  amount *= 10n ** BigInt(rem);
  exponent -= rem;
  if (q.format === 'DecimalExponent') return `${sign}${amount}${exponent === 0 ? '' : `e${exponent}`}`;
  const suffix = Object.entries(DECIMAL_SUFFIXES).find(([, e]) => e === exponent)?.[0];
  return `${sign}${amount}${suffix ?? `e${exponent}`}`;
}

/** Canonical text of a quantity value, or the value unchanged when it does not parse. */
export function canonicalQuantity(value: unknown): unknown {
  const q = parseQuantity(value);
  return q ? quantityString(q) : value;
}
