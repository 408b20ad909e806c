// The directives a strategic merge patch may carry, and the helpers that strip them from values
// that are copied into the result rather than merged.
//   {"$patch": "replace" | "delete"}            on a map or a list element
//   "$retainKeys": [fields]                       keep only these fields of the map
//   "$setElementOrder/<list>": [elements|keys]   final order of a merged list
//   "$deleteFromPrimitiveList/<list>": [values]  values to remove from a merged primitive list
import { isJsonObject } from './patch-errors.ts';
import { badPatchFormatForPrimitiveList, badPatchFormatForSetElementOrderList } from './smp-errors.ts';

export const DIRECTIVE_MARKER = '$patch';
export const DELETE_DIRECTIVE = 'delete';
export const REPLACE_DIRECTIVE = 'replace';
export const MERGE_DIRECTIVE = 'merge';
export const RETAIN_KEYS_STRATEGY = 'retainKeys';
export const RETAIN_KEYS_DIRECTIVE = '$retainKeys';
export const DELETE_FROM_PRIMITIVE_LIST_PREFIX = '$deleteFromPrimitiveList';
export const SET_ELEMENT_ORDER_PREFIX = '$setElementOrder';

/** The list field a `$setElementOrder/x` or `$deleteFromPrimitiveList/x` key refers to. */
export function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw prefix === DELETE_FROM_PRIMITIVE_LIST_PREFIX
      ? badPatchFormatForPrimitiveList()
      : badPatchFormatForSetElementOrderList();
  }
  return key.slice(slash + 1);
}

/** True for the parallel-list and retain-keys directive keys (never stored in an object). */
export function isDirectiveKey(key: string): boolean {
  return (
    key === RETAIN_KEYS_DIRECTIVE ||
    key.startsWith(`${SET_ELEMENT_ORDER_PREFIX}/`) ||
    key.startsWith(`${DELETE_FROM_PRIMITIVE_LIST_PREFIX}/`)
  );
}

/**
 * Strips directives from a value taken from the patch as-is: a map holding `$patch` is dropped
 * (returns keep=false), directive keys are removed. May modify `v`.
 */
export function removeDirectives(v: unknown): [value: unknown, keep: boolean] {
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const item of v) {
      const [value, keep] = removeDirectives(item);
      if (keep) out.push(value);
    }
    return [out, true];
  }
  if (!isJsonObject(v)) return [v, true];
  if (Object.hasOwn(v, DIRECTIVE_MARKER)) return [undefined, false];
  for (const [k, child] of Object.entries(v)) {
    // Upstream leaves these keys for the typed decoder to drop; we store JSON, so drop them here.
    if (isDirectiveKey(k)) {
      delete v[k];
      continue;
    }
    const [value, keep] = removeDirectives(child);
    if (keep) v[k] = value;
    else delete v[k];
  }
  return [v, true];
}

/** Drops null-valued keys of maps anywhere in a value about to be added. May modify `v`. */
export function discardNulls(v: unknown): void {
  if (Array.isArray(v)) {
    for (const item of v) discardNulls(item);
  } else if (isJsonObject(v)) {
    for (const [k, child] of Object.entries(v)) {
      if (child === null) delete v[k];
      else discardNulls(child);
    }
  }
}
