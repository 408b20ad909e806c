// IntOrString (maxSurge: 25%, maxUnavailable: 1, PDB minAvailable, service targetPort ...):
// resolving a percentage against a total with upstream's rounding and error texts, and the
// validators apps/policy strategies use. On the wire it is a JSON number or string, so here it is
// just `number | string`.

import { goQuote } from './go-format.ts';
import type { FieldError } from './status.ts';
import { IS_NEGATIVE_ERROR_MSG } from './validation/field-errors.ts';
import { isValidPercent } from './validation/names.ts';

export type IntOrString = number | string;

const MAX_INT64 = (1n << 63n) - 1n;
const MIN_INT64 = -(1n << 63n);

/** Go's strconv.Atoi (64-bit int), throwing Go's error text. */
export function atoi(s: string): number {
  const syntax = () => new Error(`strconv.Atoi: parsing ${goQuote(s)}: invalid syntax`);
  if (!/^[+-]?[0-9]+$/.test(s)) throw syntax();
  const v = BigInt(s);
  if (v > MAX_INT64 || v < MIN_INT64)
    throw new Error(`strconv.Atoi: parsing ${goQuote(s)}: value out of range`);
  return Number(v);
}

/** Upstream's intstr.Parse: an int32 if the text is one, else the string. */
export function parseIntOrString(val: string): IntOrString {
  if (/^[+-]?[0-9]+$/.test(val)) {
    const v = BigInt(val);
    if (v >= -(1n << 31n) && v < 1n << 31n) return Number(v);
  }
  return val;
}

/** Upstream's IntValue: the int, or the string read as an int (0 when it is not one). */
export function intValue(v: IntOrString): number {
  if (typeof v === 'number') return v;
  try {
    return atoi(v);
  } catch {
    return 0;
  }
}

function percentOf(value: number, total: number, roundUp: boolean): number {
  // Same float64 operations, in the same order, as upstream.
  const scaled = (value * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/**
 * Resolves an int or a percentage ("25%") against `total` (upstream's
 * GetScaledValueFromIntOrPercent): percentages round up or down as asked; a string without `%`
 * is an error. Throws Error with upstream's message.
 */
export function scaledValueFromIntOrPercent(
  v: IntOrString | null | undefined,
  total: number,
  roundUp: boolean,
): number {
  if (v === null || v === undefined) throw new Error('nil value for IntOrString');
  if (typeof v === 'number') return v;
  if (!v.endsWith('%'))
    throw new Error('invalid value for IntOrString: invalid type: string is not a percentage');
  let value: number;
  try {
    value = atoi(v.slice(0, -1));
  } catch (e) {
    throw new Error(`invalid value for IntOrString: invalid value ${goQuote(v)}: ${(e as Error).message}`);
  }
  return percentOf(value, total, roundUp);
}

export const getScaledValueFromIntOrPercent = scaledValueFromIntOrPercent;

/**
 * The older, lenient variant (upstream's deprecated GetValueFromIntOrPercent): every `%` is
 * removed and any string is treated as a percentage.
 */
export function valueFromIntOrPercent(
  v: IntOrString | null | undefined,
  total: number,
  roundUp: boolean,
): number {
  if (v === null || v === undefined) throw new Error('nil value for IntOrString');
  if (typeof v === 'number') return v;
  let value: number;
  try {
    value = atoi(v.replaceAll('%', ''));
  } catch (e) {
    throw new Error(`invalid value for IntOrString: invalid value ${goQuote(v)}: ${(e as Error).message}`);
  }
  return percentOf(value, total, roundUp);
}

/** How Go prints an IntOrString value in a field error: `intstr.IntOrString{Type:1, IntVal:0, StrVal:"25%"}`. */
export function goIntOrString(v: IntOrString): string {
  return typeof v === 'number'
    ? `intstr.IntOrString{Type:0, IntVal:${v}, StrVal:""}`
    : `intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(v)}}`;
}

function invalidIntOrString(field: string, v: IntOrString, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, value: v, valueText: goIntOrString(v), detail };
}

/** The percentage of a valid percent string ("25%" → 25), else undefined. */
export function percentValue(v: IntOrString): number | undefined {
  if (typeof v !== 'string' || isValidPercent(v).length > 0) return undefined;
  try {
    return atoi(v.slice(0, -1));
  } catch {
    return Number(MAX_INT64); // Go's Atoi yields the int64 maximum on overflow
  }
}

/** The int, or the percentage number of a valid percent string (upstream's getIntOrPercentValue in apps validation). */
export function intOrPercentValue(v: IntOrString): number {
  const p = percentValue(v);
  return p ?? (typeof v === 'number' ? v : 0);
}

/** Upstream's ValidatePositiveIntOrPercent: a non-negative int or a valid percent string. */
export function validatePositiveIntOrPercent(v: IntOrString, field: string): FieldError[] {
  if (typeof v === 'string') return isValidPercent(v).map((msg) => invalidIntOrString(field, v, msg));
  if (typeof v === 'number')
    return v < 0 ? [{ type: 'FieldValueInvalid', field, value: v, detail: IS_NEGATIVE_ERROR_MSG }] : [];
  return [invalidIntOrString(field, v, "must be an integer or percentage (e.g '5%')")];
}

/** Upstream's IsNotMoreThan100Percent. */
export function isNotMoreThan100Percent(v: IntOrString, field: string): FieldError[] {
  const p = percentValue(v);
  if (p === undefined || p <= 100) return [];
  return [invalidIntOrString(field, v, 'must not be greater than 100%')];
}
