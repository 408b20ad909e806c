// Exact arithmetic on resource quantities ("100m", "1.5", "128Mi", "1e3") for what the kubelet
// computes from them: Value() and MilliValue() as upstream's resource.Quantity rounds them (up),
// with BigInt so that 0.1 CPU is 100 millicores, not 100.00000000000001.
// TODO: use machinery's quantity once it exists; this one only serves the kubelet's needs.

export interface ParsedQuantity {
  /** value = mantissa × 10^exp10 × 2^exp2 */
  mantissa: bigint;
  exp10: number;
  exp2: number;
}

const DECIMAL_SUFFIX: Record<string, number> = {
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
const BINARY_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

const QUANTITY = /^([+-]?)(\d*)(?:\.(\d*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/;

export function parseQuantity(input: string | number): ParsedQuantity {
  const text = String(input).trim();
  const m = QUANTITY.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === ''))
    throw new Error(
      `quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': ${JSON.stringify(input)}`,
    );
  const [, sign, whole, fraction = '', suffix, exponent] = m;
  let mantissa = BigInt(`${whole}${fraction}` || '0');
  if (sign === '-') mantissa = -mantissa;
  let exp10 = -fraction.length;
  let exp2 = 0;
  if (suffix && suffix in BINARY_SUFFIX) exp2 = BINARY_SUFFIX[suffix]!;
  else if (suffix) exp10 += DECIMAL_SUFFIX[suffix]!;
  else if (exponent) exp10 += Number(exponent);
  return { mantissa, exp10, exp2 };
}

function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return q * b === a || a < 0n ? q : q + 1n;
}

/** value × 10^scale, rounded up to an integer (towards +∞, as Quantity.ScaledValue does). */
export function scaledValue(q: ParsedQuantity | string | number, scale: number): bigint {
  const p = typeof q === 'object' ? q : parseQuantity(q);
  let num = p.mantissa;
  let den = 1n;
  const e10 = p.exp10 + scale;
  if (e10 >= 0) num *= 10n ** BigInt(e10);
  else den *= 10n ** BigInt(-e10);
  if (p.exp2 >= 0) num *= 2n ** BigInt(p.exp2);
  else den *= 2n ** BigInt(-p.exp2);
  return ceilDiv(num, den);
}

/** Quantity.Value(): base units, rounded up. */
export function quantityValue(q: string | number | undefined): number {
  return q === undefined ? 0 : Number(scaledValue(q, 0));
}

/** Quantity.MilliValue(): thousandths, rounded up. */
export function quantityMilliValue(q: string | number | undefined): number {
  return q === undefined ? 0 : Number(scaledValue(q, 3));
}

/** True when the quantity is zero (or absent). */
export function quantityIsZero(q: string | number | undefined): boolean {
  return q === undefined || parseQuantity(q).mantissa === 0n;
}
