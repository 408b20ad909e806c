// Equality and copying of plain JSON values (what API objects are once decoded).
// Strategies compare old and new objects on every update (immutable fields, "did the spec change"
// for generation bumps) and caches hand out copies, so both are on hot paths and kept allocation-free
// where possible. Key order never matters for equality.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Deep equality of JSON values. `undefined` members count as absent, so `{a: undefined}` equals
 * `{}` (as after a JSON round trip). Arrays compare in order.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    // NaN never occurs in JSON; undefined and null are distinct values here (a missing field
    // and an explicit null are different to Kubernetes only at decode time).
    return false;
  }
  const aArray = Array.isArray(a);
  if (aArray !== Array.isArray(b)) return false;
  if (aArray) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!deepEqual(x[i], y[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let countX = 0;
  for (const key in x) {
    const vx = x[key];
    if (vx === undefined) continue;
    countX++;
    if (!deepEqual(vx, y[key])) return false;
  }
  let countY = 0;
  for (const key in y) if (y[key] !== undefined) countY++;
  return countX === countY;
}

/**
 * Deep copy of a JSON value. A hand-written walk: measured faster than both structuredClone and a
 * JSON round trip for API-object-sized values (see bench/json-clone.ts). `undefined` members are
 * dropped, as JSON would.
 */
export function deepClone<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = deepClone(value[i]);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  const src = value as Record<string, unknown>;
  for (const key in src) {
    const v = src[key];
    if (v === undefined) continue;
    // A "__proto__" key (legal in JSON) must stay a plain own property, not set the prototype.
    if (key === '__proto__')
      Object.defineProperty(out, key, {
        value: deepClone(v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else out[key] = deepClone(v);
  }
  return out as T;
}

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
