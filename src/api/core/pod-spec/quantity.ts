// Resource quantities for pod-spec logic, over machinery's exact resource.Quantity: parsing that
// tolerates the JSON forms clients send (numbers, strings) and never throws.
import { type Quantity, quantityFromJSON } from '../../../machinery/quantity.ts';

export { QUANTITY_FORMAT_ERROR, type Quantity } from '../../../machinery/quantity.ts';

/** Parses a quantity as JSON carries it (a string or a number); undefined when malformed. */
export function parseQuantity(value: unknown): Quantity | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  try {
    return quantityFromJSON(value);
  } catch {
    return undefined;
  }
}

/** `q.String()`: the canonical form upstream serialises. */
export function quantityString(q: Quantity): string {
  return q.toString();
}

/** `q.RoundUp(scale)` (away from zero, to a multiple of 10^scale). */
export function roundUpQuantity(q: Quantity, scale: number): Quantity {
  return q.roundUp(scale).quantity;
}
