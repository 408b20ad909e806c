// The kubelet's view of resource quantities: Value() and MilliValue() as upstream's
// resource.Quantity rounds them (up), on machinery's exact Quantity, taking the string-or-number
// values pod specs carry.
import { quantityFromJSON } from '../../machinery/quantity.ts';

/** value × 10^scale, rounded up to an integer (Quantity.ScaledValue(-scale)). */
export function scaledValue(q: string | number, scale: number): bigint {
  return quantityFromJSON(q).scaledValueBig(-scale);
}

/** Quantity.Value(): base units, rounded up. */
export function quantityValue(q: string | number | undefined): number {
  return q === undefined ? 0 : quantityFromJSON(q).value();
}

/** Quantity.MilliValue(): thousandths, rounded up. */
export function quantityMilliValue(q: string | number | undefined): number {
  return q === undefined ? 0 : quantityFromJSON(q).milliValue();
}

/** True when the quantity is zero (or absent). */
export function quantityIsZero(q: string | number | undefined): boolean {
  return q === undefined || quantityFromJSON(q).isZero();
}
