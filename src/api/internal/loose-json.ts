// Reading and filling in plain JSON that nobody has vouched for yet. Validators and defaulters
// walk what the client sent, and a string where an object belongs is for the schema checks to
// report, not a TypeError: these readers turn a wrong shape into the empty value.

/** A decoded JSON object whose fields are read loosely. */
export type JsonObject = Record<string, any>;

export const isObj = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The object itself, or `{}` for anything else. */
export const asObj = (v: unknown): JsonObject => (isObj(v) ? v : {});

/** The array itself, or `[]` for anything else. */
export const list = (v: unknown): any[] => (Array.isArray(v) ? v : []);

/** The objects of an array (other items skipped), or `[]` when it is no array. */
export const objectList = (v: unknown): JsonObject[] => (Array.isArray(v) ? v.filter(isObj) : []);

/** The string itself, or `''` for anything else. */
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** `parent[key]`, first set to `{}` unless it already holds an object: for nested defaults. */
export function ensure(parent: object, key: string): JsonObject {
  const p = parent as JsonObject;
  if (!isObj(p[key])) p[key] = {};
  return p[key];
}
