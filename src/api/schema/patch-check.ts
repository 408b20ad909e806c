// Field validation of PATCH requests, as upstream's patch handler does it: after a JSON, merge or
// strategic merge patch is applied, the patched object is checked for unknown fields (plus the
// duplicate fields found in the patch body itself). Under Strict the request fails with 422
// Invalid on the field `patch`, whose value is the patched object's JSON (JSON and merge patches)
// or the patch as Go prints a map (strategic merge patch); under Warn each problem is a warning.
import type { KubeObject } from '../strategy.ts';
import type { BodySchema } from './request-body.ts';
import {
  documentOrder,
  type FieldValidation,
  orderStrictErrors,
  type StrictFieldError,
  strictErrorText,
  strictPatchRejection,
  strictWarnings,
} from './strict-errors.ts';
import { findUnknownFields } from './unknown-fields.ts';

export interface PatchCheckOptions {
  fieldValidation: FieldValidation;
  /** The schema of the patched kind; no schema, no unknown fields. */
  bodySchema?: BodySchema;
  /** Paths of duplicate keys in the patch body (decodeJson(..., {strict: true}).duplicateFields). */
  patchDuplicates?: readonly string[];
  /**
   * What the 422 shows as the invalid value: the patched object's JSON, or goPrintedMap(patch)
   * for strategic merge patches (a function: computed only for a rejection).
   */
  shownValue: string | (() => string);
}

/**
 * Checks a patched object; returns the warnings (Warn) or throws the 422 (Strict). A built-in
 * kind's unknown fields are then dropped from `patched` (Warn and Ignore), as upstream's decoding
 * of the patched JSON drops them.
 */
export function checkPatchedObject(patched: KubeObject, options: PatchCheckOptions): { warnings: string[] } {
  const body = options.bodySchema;
  const drop = () => {
    if (body?.dropsUnknown)
      findUnknownFields(patched, body.schema, body.definitions, {
        rootIsResource: body.rootIsResource === true,
        drop: true,
      });
  };
  if (options.fieldValidation === 'Ignore') {
    drop();
    return { warnings: [] };
  }
  const errors: StrictFieldError[] = (options.patchDuplicates ?? []).map((path) => ({
    type: 'duplicate',
    path,
  }));
  const unknown: StrictFieldError[] = options.bodySchema
    ? findUnknownFields(patched, options.bodySchema.schema, options.bodySchema.definitions, {
        rootIsResource: options.bodySchema.rootIsResource === true,
      }).map((path) => ({ type: 'unknown', path }))
    : [];
  const texts = [
    ...errors,
    ...(unknown.length > 1 ? orderStrictErrors(unknown, documentOrder(patched)) : unknown),
  ].map(strictErrorText);
  if (texts.length === 0) return { warnings: [] };
  if (options.fieldValidation === 'Strict') {
    const shown = typeof options.shownValue === 'string' ? options.shownValue : options.shownValue();
    throw strictPatchRejection(shown, texts);
  }
  // Dropped only now: the warnings above are ordered by where the fields stood in the object.
  if (unknown.length) drop();
  return { warnings: strictWarnings(texts) };
}

function goNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  // %v of a float64: the shortest representation, exponent for large and small magnitudes.
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return String(n);
}

/** A decoded JSON value as Go's fmt prints it with %+v (`map[spec:map[replicas:3]]`, keys sorted). */
export function goPrintedMap(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goPrintedMap).join(' ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `map[${entries.map(([k, v]) => `${k}:${goPrintedMap(v)}`).join(' ')}]`;
  }
  if (typeof value === 'number') return goNumber(value);
  return String(value);
}
