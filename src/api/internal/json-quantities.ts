// Resource quantities as API objects carry them: JSON strings (or numbers) that may be malformed.
// Parsing never throws; a field that does not parse is reported as upstream's decoder words it.
import {
  QUANTITY_FORMAT_ERROR,
  type Quantity,
  quantityFromJSON,
  tryParseQuantity,
} from '../../machinery/quantity.ts';
import { type FieldError, invalid } from './field-errors.ts';

export { QUANTITY_FORMAT_ERROR, Quantity } from '../../machinery/quantity.ts';

/**
 * A quantity as JSON carries it (a string, surrounding spaces trimmed as upstream's decoder
 * does, or a number); undefined when it is anything else or malformed.
 */
export function parseJsonQuantity(value: unknown): Quantity | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  try {
    return quantityFromJSON(value);
  } catch {
    return undefined;
  }
}

/**
 * Parses a quantity field of the non-pod kinds (nodes, quota, limit ranges, volumes, autoscalers),
 * pushing the format error onto `errs`. Unlike `parseJsonQuantity` it reads any value as text and
 * trims nothing, as these kinds always have.
 */
export function quantityAt(value: unknown, field: string, errs: FieldError[]): Quantity | undefined {
  if (value === undefined || value === null) return undefined;
  const q = tryParseQuantity(String(value));
  if (!q) errs.push(invalid(field, value, QUANTITY_FORMAT_ERROR));
  return q;
}

/** The canonical string of a quantity field as upstream prints it (`Quantity.String()`). */
export function quantityText(value: unknown): string {
  if (value === undefined || value === null) return '0';
  return tryParseQuantity(String(value))?.toString() ?? String(value);
}
