// resource.Quantity: the `cpu: 500m` / `memory: 1.5Gi` numbers of the API, in exact decimal
// arithmetic (a bigint times a power of ten, never floats), with upstream's parse rules, error
// texts and canonical serialization:
//   - values are kept to nanounits, rounding away from zero ("0.1n" is "1n");
//   - the string form uses the largest suffix that keeps an integer mantissa, in the format of the
//     input: "1000m" → "1", "0.1" → "100m", "1536Mi" stays "1536Mi", "1.5Gi" → "1536Mi",
//     "1024Mi" → "1Gi", "1e3" stays "1e3", "1000M" → "1G";
//   - an input already in canonical form keeps its exact text (upstream caches it), so "1.500" or
//     "+1" round-trip unchanged, as they do in Kubernetes.
// Pods, nodes, quotas and the scheduler all compute with these.

import type { FieldError } from './status.ts';

export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

export const QUANTITY_REGEX = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
/** Upstream's ErrFormatWrong text, which API clients see when a quantity does not decode. */
export const QUANTITY_FORMAT_ERROR = `quantities must match the regular expression '${QUANTITY_REGEX}'`;
export const QUANTITY_NUMERIC_ERROR = 'unable to parse numeric part of quantity';
export const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";

/** A string that is not a quantity; `message` is one of the three upstream texts above. */
export class QuantityParseError extends Error {
  override name = 'QuantityParseError';
}

/** Scales of the SI prefixes, for scaledValue(). */
export const Scale = {
  Nano: -9,
  Micro: -6,
  Milli: -3,
  Unit: 0,
  Kilo: 3,
  Mega: 6,
  Giga: 9,
  Tera: 12,
  Peta: 15,
  Exa: 18,
} as const;

const MAX_INT64 = (1n << 63n) - 1n;
const MIN_INT64 = -(1n << 63n);
/** Largest value whose milli-value fits an int64 (upstream's MaxMilliValue). */
export const MAX_MILLI_VALUE = MAX_INT64 / 1000n;
/**
 * Upstream computes 10^n for any n a quantity implies; "1e999999999" + "1" would allocate a
 * billion-digit number. We refuse arithmetic that needs more than this many digits.
 */
const MAX_RESCALE_DIGITS = 4096;

const POW10: bigint[] = [1n];
function pow10(n: number): bigint {
  if (n > MAX_RESCALE_DIGITS)
    throw new RangeError(`quantity arithmetic needs 10^${n}, beyond the supported range`);
  for (let i = POW10.length; i <= n; i++) POW10.push(POW10[i - 1]! * 10n);
  return POW10[n]!;
}

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}

function digitCount(n: bigint): number {
  return n === 0n ? 0 : abs(n).toString().length;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

interface Split {
  positive: boolean;
  num: string;
  denom: string;
  suffix: string;
}

// Upstream's parseQuantityString: sign, digits (leading zeros dropped), fraction, suffix.
function splitQuantity(str: string): Split {
  const end = str.length;
  let pos = 0;
  let positive = true;
  if (pos < end) {
    if (str[0] === '-') {
      positive = false;
      pos++;
    } else if (str[0] === '+') pos++;
  }
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { positive, num: '0', denom: '', suffix: '' };
  let i = pos;
  while (i < end && isDigitCode(str.charCodeAt(i))) i++;
  let num = str.slice(pos, i);
  pos = i;
  if (pos >= end) return { positive, num: num || '0', denom: '', suffix: '' };
  if (num === '') num = '0';
  let denom = '';
  if (str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && isDigitCode(str.charCodeAt(i))) i++;
    denom = str.slice(pos, i);
    pos = i;
    if (pos >= end) return { positive, num, denom, suffix: '' };
  }
  const suffixStart = pos;
  while (pos < end && 'eEinumkKMGTP'.includes(str[pos]!)) pos++;
  if (pos >= end) return { positive, num, denom, suffix: str.slice(suffixStart) };
  if (str[pos] === '-' || str[pos] === '+') pos++;
  while (pos < end && isDigitCode(str.charCodeAt(pos))) pos++;
  if (pos >= end) return { positive, num, denom, suffix: str.slice(suffixStart) };
  throw new QuantityParseError(QUANTITY_FORMAT_ERROR);
}

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
const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s]));
const BINARY_BY_EXPONENT = new Map(Object.entries(BINARY_SUFFIXES).map(([s, e]) => [e, s]));

function interpretSuffix(
  suffix: string,
): { base: 2 | 10; exponent: number; format: QuantityFormat } | undefined {
  if (Object.hasOwn(DECIMAL_SUFFIXES, suffix))
    return { base: 10, exponent: DECIMAL_SUFFIXES[suffix]!, format: 'DecimalSI' };
  if (Object.hasOwn(BINARY_SUFFIXES, suffix))
    return { base: 2, exponent: BINARY_SUFFIXES[suffix]!, format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    const digits = suffix.slice(1);
    if (!/^[+-]?[0-9]+$/.test(digits)) return undefined;
    const parsed = BigInt(digits);
    if (parsed < MIN_INT64 || parsed > MAX_INT64) return undefined;
    return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: 'DecimalExponent' };
  }
  return undefined;
}

/** Rounds |unscaled|·10^scale up to nanounits (scale -9), keeping the sign. */
function roundToNano(unscaled: bigint, scale: number): [bigint, number] {
  if (scale >= -9 || unscaled === 0n) return [unscaled, scale];
  const shift = -9 - scale;
  const negative = unscaled < 0n;
  const magnitude = abs(unscaled);
  let rounded: bigint;
  if (shift > digitCount(magnitude))
    rounded = 1n; // 0 < value < 1 nanounit
  else {
    const div = pow10(shift);
    rounded = magnitude / div + (magnitude % div === 0n ? 0n : 1n);
  }
  return [negative ? -rounded : rounded, -9];
}

export class Quantity {
  /** The value is unscaled × 10^scale. */
  readonly unscaled: bigint;
  readonly scale: number;
  readonly format: QuantityFormat;
  /** Went through upstream's inf.Dec path (only affects rounding of negative fractional values). */
  readonly #dec: boolean;
  /** The input text when upstream would keep it verbatim, else the computed canonical form. */
  #text: string | undefined;

  constructor(
    unscaled: bigint,
    scale: number,
    format: QuantityFormat,
    options: { text?: string; dec?: boolean } = {},
  ) {
    this.unscaled = unscaled;
    this.scale = scale;
    this.format = format;
    this.#text = options.text;
    this.#dec = options.dec ?? false;
  }

  isZero(): boolean {
    return this.unscaled === 0n;
  }

  sign(): -1 | 0 | 1 {
    return this.unscaled === 0n ? 0 : this.unscaled > 0n ? 1 : -1;
  }

  /** -1, 0 or 1 as this is less than, equal to or greater than `other`. */
  cmp(other: Quantity): -1 | 0 | 1 {
    const sa = this.sign();
    const sb = other.sign();
    if (sa !== sb) return sa < sb ? -1 : 1;
    if (sa === 0) return 0;
    // Same sign: compare magnitudes by digit count first, so huge exponents never get expanded.
    const ma = digitCount(this.unscaled) + this.scale;
    const mb = digitCount(other.unscaled) + other.scale;
    if (ma !== mb) return ma > mb === sa > 0 ? 1 : -1;
    const [a, b] = align(this, other);
    return a === b ? 0 : a > b ? 1 : -1;
  }

  cmpInt64(n: number | bigint): -1 | 0 | 1 {
    return this.cmp(new Quantity(BigInt(n), 0, 'DecimalSI'));
  }

  equals(other: Quantity): boolean {
    return this.cmp(other) === 0;
  }

  /** this + other; a zero left operand takes the right one's format (as upstream). */
  add(other: Quantity): Quantity {
    const [a, b, scale] = align(this, other);
    return new Quantity(a + b, scale, this.isZero() ? other.format : this.format, {
      dec: this.#decAfter(other, a + b),
    });
  }

  /** this - other; a zero left operand takes the right one's format (as upstream). */
  sub(other: Quantity): Quantity {
    const [a, b, scale] = align(this, other);
    return new Quantity(a - b, scale, this.isZero() ? other.format : this.format, {
      dec: this.#decAfter(other, a - b),
    });
  }

  // Upstream moves to inf.Dec when an int64 operation overflows; keep that bit for rounding.
  #decAfter(other: Quantity, result: bigint): boolean {
    return this.#dec || other.#dec || result > MAX_INT64 || result < MIN_INT64;
  }

  /** this × n for an integer n. */
  mul(n: number | bigint): Quantity {
    const product = this.unscaled * BigInt(n);
    return new Quantity(product, this.scale, this.format, {
      dec: this.#dec || product > MAX_INT64 || product < MIN_INT64,
    });
  }

  neg(): Quantity {
    return new Quantity(-this.unscaled, this.scale, this.format, { dec: this.#dec });
  }

  /** Rounds away from zero to a multiple of 10^scale (upstream's RoundUp); `exact` when nothing was lost. */
  roundUp(scale: number): { quantity: Quantity; exact: boolean } {
    if (this.scale >= scale) return { quantity: this, exact: true };
    const div = pow10(scale - this.scale);
    const q = this.unscaled / div;
    const exact = this.unscaled % div === 0n;
    const rounded = exact ? q : q + (this.unscaled > 0n ? 1n : -1n);
    return { quantity: new Quantity(rounded, scale, this.format, { dec: this.#dec }), exact };
  }

  /**
   * The value in units of 10^scale, rounded up as upstream's ScaledValue: positive values round up;
   * negative ones round away from zero on the int64 path, while on the inf.Dec path upstream adds
   * one to the truncated quotient (so -1.0000000001 gives 0 and -1n gives 1 in whole units). We
   * keep that quirk: callers comparing with upstream must see the same numbers.
   */
  scaledValueBig(scale: number): bigint {
    if (this.scale >= scale) return this.unscaled * pow10(this.scale - scale);
    if (this.unscaled === 0n) return 0n;
    const shift = scale - this.scale;
    let q: bigint;
    let exact: boolean;
    if (shift > digitCount(this.unscaled)) {
      q = 0n;
      exact = false;
    } else {
      const div = pow10(shift);
      q = this.unscaled / div; // truncates toward zero
      exact = this.unscaled % div === 0n;
    }
    if (exact) return q;
    if (this.unscaled > 0n) return q + 1n;
    if (!this.#dec) return q - 1n;
    // inf.Dec path: int64 arithmetic (trunc + 1) when the shift is small, big.Int DivMod (ceil) otherwise.
    return shift < 19 ? q + 1n : q;
  }

  /** scaledValueBig as a number (exact up to 2^53). */
  scaledValue(scale: number): number {
    return Number(this.scaledValueBig(scale));
  }

  /** Whole units, rounded up: "100m" → 1, "1.5" → 2, "1Ki" → 1024. */
  value(): number {
    return this.scaledValue(0);
  }

  /** Thousandths, rounded up: "1" → 1000, "0.1m" → 1. */
  milliValue(): number {
    return this.scaledValue(-3);
  }

  /** A float approximation (for display or scoring, never for accounting). */
  asApproximateFloat64(): number {
    return Number(`${this.unscaled}e${this.scale}`);
  }

  /** The exact integer value when there is no fractional part and it fits an int64. */
  asInt64(): bigint | undefined {
    const v = this.asIntegerBig();
    return v === undefined || v > MAX_INT64 || v < MIN_INT64 ? undefined : v;
  }

  /** The value as an integer when it has no fractional part (any size). */
  asIntegerBig(): bigint | undefined {
    if (this.scale >= 0) return this.unscaled * pow10(this.scale);
    const div = pow10(-this.scale);
    return this.unscaled % div === 0n ? this.unscaled / div : undefined;
  }

  /** Upstream's canonical string (what the API server writes back). */
  toString(): string {
    this.#text ??= canonicalize(this);
    return this.#text;
  }

  toJSON(): string {
    return this.toString();
  }
}

function align(a: Quantity, b: Quantity): [bigint, bigint, number] {
  if (a.scale === b.scale) return [a.unscaled, b.unscaled, a.scale];
  const scale = Math.min(a.scale, b.scale);
  const x = a.unscaled === 0n ? 0n : a.unscaled * pow10(a.scale - scale);
  const y = b.unscaled === 0n ? 0n : b.unscaled * pow10(b.scale - scale);
  return [x, y, scale];
}

/** Mantissa and exponent with the exponent a multiple of 3 and no removable factor of 1000. */
function decimalParts(unscaled: bigint, scale: number): [bigint, number] {
  let amount = unscaled;
  let exponent = scale;
  while (amount !== 0n && amount % 10n === 0n) {
    amount /= 10n;
    exponent++;
  }
  const r = exponent % 3;
  if (r === 1 || r === -2) {
    amount *= 10n;
    exponent -= 1;
  } else if (r === 2 || r === -1) {
    amount *= 100n;
    exponent -= 2;
  }
  return [amount, exponent];
}

function canonicalize(q: Quantity): string {
  if (q.isZero()) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    const small = q.cmpInt64(-1024) > 0 && q.cmpInt64(1024) < 0;
    if (small || q.asIntegerBig() === undefined) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    let amount = q.asIntegerBig()!;
    let times = 0;
    while (abs(amount) >= 1024n && amount % 1024n === 0n) {
      amount /= 1024n;
      times++;
    }
    return `${amount}${BINARY_BY_EXPONENT.get(times * 10) ?? ''}`;
  }
  const [amount, exponent] = decimalParts(q.unscaled, q.scale);
  // Upstream writes no suffix when none exists for the exponent (e.g. beyond E); we do the same.
  const suffix =
    format === 'DecimalExponent'
      ? exponent === 0
        ? ''
        : `e${exponent}`
      : (DECIMAL_BY_EXPONENT.get(exponent) ?? '');
  return `${amount}${suffix}`;
}

/**
 * Quantities parsed lately, by text: a pod's requests are parsed by defaulting, validation, QoS
 * and warnings on every write, and most pods ask for the same few amounts. Quantities are
 * immutable, so sharing one is safe; the map starts over when full.
 */
const parsed = new Map<string, Quantity>();
const PARSED_LIMIT = 1024;

/** Parses a quantity string as upstream's ParseQuantity; throws QuantityParseError. */
export function parseQuantity(str: string): Quantity {
  let q = parsed.get(str);
  if (q === undefined) {
    q = parseQuantityText(str);
    if (parsed.size >= PARSED_LIMIT) parsed.clear();
    parsed.set(str, q);
  }
  return q;
}

function parseQuantityText(str: string): Quantity {
  if (str.length === 0) throw new QuantityParseError(QUANTITY_FORMAT_ERROR);
  if (str === '0') return new Quantity(0n, 0, 'DecimalSI', { text: '0' });
  const { positive, num, denom, suffix } = splitQuantity(str);
  const interpreted = interpretSuffix(suffix);
  if (!interpreted) throw new QuantityParseError(QUANTITY_SUFFIX_ERROR);
  const { base, exponent } = interpreted;
  let format = interpreted.format;

  // Upstream's int64 fast path, which also decides whether the input text is kept verbatim.
  let precision: number;
  let scale = 0;
  let mantissa = 1n;
  if (format === 'BinarySI') {
    if (exponent >= 0 && denom.length === 0) {
      mantissa = 1n << BigInt(exponent);
      precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
    } else precision = -1;
  } else {
    scale = exponent;
    precision = 18 - (num.length + denom.length);
  }
  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= -9) {
      const shifted = num + denom;
      const value = BigInt(shifted);
      const product = value * mantissa;
      if (product <= MAX_INT64) {
        const result = positive ? product : -product;
        const keep =
          format === 'BinarySI'
            ? exponent % 10 === 0 && (value & 7n) !== 0n
            : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
        return new Quantity(result, scale, format, keep ? { text: str } : {});
      }
    }
  }

  // The inf.Dec path: exact decimal, then rounded up to nanounits.
  let unscaled = BigInt(num + denom);
  let decScale = -denom.length;
  if (base === 10) decScale += exponent;
  else unscaled *= 1n << BigInt(exponent);
  [unscaled, decScale] = roundToNano(unscaled, decScale);
  if (format === 'BinarySI') {
    const q = new Quantity(unscaled, decScale, format);
    if (q.cmpInt64(MAX_INT64) > 0) {
      unscaled = MAX_INT64;
      decScale = 0;
    } else if (q.cmpInt64(1) < 0 && q.sign() > 0) {
      format = 'DecimalSI';
    }
  }
  return new Quantity(positive ? unscaled : -unscaled, decScale, format, { dec: true });
}

/** parseQuantity that returns undefined instead of throwing. */
export function tryParseQuantity(str: string): Quantity | undefined {
  try {
    return parseQuantity(str);
  } catch {
    return undefined;
  }
}

/** What a decode + encode round trip makes of a quantity string ("0.5" → "500m"); throws QuantityParseError. */
export function canonicalQuantity(str: string): string {
  return parseQuantity(str).toString();
}

/** A JSON quantity value (string, or number as upstream also accepts) to a Quantity. */
export function quantityFromJSON(v: string | number): Quantity {
  return parseQuantity(typeof v === 'number' ? String(v) : v.trim());
}

/** Semantic equality of two quantity strings ("1" equals "1000m"); unparsable ones compare as text. */
export function quantityStringsEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const qa = tryParseQuantity(a);
  const qb = tryParseQuantity(b);
  return qa !== undefined && qb !== undefined && qa.cmp(qb) === 0;
}

export function newQuantity(value: number | bigint, format: QuantityFormat): Quantity {
  return new Quantity(BigInt(value), 0, format);
}

export function newMilliQuantity(value: number | bigint, format: QuantityFormat): Quantity {
  return new Quantity(BigInt(value), -3, format);
}

export function newScaledQuantity(value: number | bigint, scale: number): Quantity {
  return new Quantity(BigInt(value), scale, 'DecimalSI');
}

/** Sums quantities (an empty list is zero). */
export function sumQuantities(qs: Iterable<Quantity>): Quantity {
  let total = new Quantity(0n, 0, 'DecimalSI');
  for (const q of qs) total = total.add(q);
  return total;
}

const IS_NEGATIVE_ERROR_MSG = 'must be greater than or equal to 0';
const IS_NOT_POSITIVE_ERROR_MSG = 'must be greater than zero';

/** Upstream's ValidateNonnegativeQuantity (value printed in canonical form). */
export function validateNonnegativeQuantity(q: Quantity, field: string): FieldError[] {
  return q.sign() < 0
    ? [{ type: 'FieldValueInvalid', field, value: q.toString(), detail: IS_NEGATIVE_ERROR_MSG }]
    : [];
}

/** Upstream's ValidatePositiveQuantityValue. */
export function validatePositiveQuantityValue(q: Quantity, field: string): FieldError[] {
  return q.sign() <= 0
    ? [{ type: 'FieldValueInvalid', field, value: q.toString(), detail: IS_NOT_POSITIVE_ERROR_MSG }]
    : [];
}
