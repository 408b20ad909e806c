// Upstream compares templates with apimachinery's semantic equality, where an empty list or
// map equals an absent one. JSON objects from the API need the same leniency: `labels: {}` and
// no labels at all are the same template.

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object')
    return Object.keys(v).every((k) => (v as Record<string, unknown>)[k] === undefined);
  return false;
}

/** Deep equality of JSON values where empty lists/maps equal absent ones. */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isEmpty(a) && isEmpty(b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    return a.every((v, i) => semanticEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)])) {
    if (!semanticEqual(ao[k], bo[k])) return false;
  }
  return true;
}
