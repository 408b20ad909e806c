// Equality as upstream's `apiequality.Semantic.DeepEqual` sees JSON objects: a field that is
// absent, null, empty ("" / 0 / false / [] / {}) is the same as its zero value, because Go
// decodes all of them to the same struct. Used by immutability checks ("field is immutable").

/** True when `v` decodes to a Go zero value. */
export function isZero(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.values(v as object).every(isZero);
  return false;
}

export function semanticEqual(a: unknown, b: unknown): boolean {
  if (isZero(a) && isZero(b)) return true;
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => semanticEqual(x, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      if (!semanticEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
    }
    return true;
  }
  return false;
}

/** A deep copy of a JSON value. */
export function clone<T>(v: T): T {
  return v === undefined ? v : structuredClone(v);
}

/**
 * Strict equality of JSON values (key order aside), for maps such as `data` where an entry with
 * an empty value is not the same as no entry; an absent map still equals an empty one.
 */
export function mapEqual(
  a: Record<string, unknown> | undefined | null,
  b: Record<string, unknown> | undefined | null,
): boolean {
  const ka = Object.keys(a ?? {});
  const kb = Object.keys(b ?? {});
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b ?? {}, k) && JSON.stringify(a![k]) === JSON.stringify(b![k]));
}
