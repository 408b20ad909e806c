// Small helpers for defaulting and preparing plain JSON objects in place.

export type Obj = Record<string, any>;

/** `parent[key]`, first set to `{}` unless it already holds an object: for nested defaults. */
export function ensure(parent: object, key: string): Obj {
  const p = parent as Obj;
  if (typeof p[key] !== 'object' || p[key] === null || Array.isArray(p[key])) p[key] = {};
  return p[key];
}
