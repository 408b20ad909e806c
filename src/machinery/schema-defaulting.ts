// Defaulting of custom resources from the `default`s of their structural schema, as upstream
// applies them when it decodes a request and when it reads from storage: a missing field (or a
// null in a field that is not nullable) takes a copy of its default, outermost first, then the
// walk continues inside. Nulls that are neither nullable nor defaultable are dropped first.
import { deepClone } from './json-value.ts';
import type { Schema } from './schema.ts';
import { pruneUnknownFields } from './schema-pruning.ts';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function additional(s: Schema): Schema | undefined {
  return typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
}

const isNonNullableNull = (x: unknown, s: Schema | undefined): boolean =>
  x === null && s !== undefined && !s.nullable;

/** Fills in defaults in place (upstream's structural defaulting.Default). */
export function applyDefaults(x: unknown, s: Schema | undefined): void {
  if (!s) return;
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      if (isNonNullableNull(x[i], s.items) && s.items!.default !== undefined)
        x[i] = deepClone(s.items!.default);
      applyDefaults(x[i], s.items);
    }
    return;
  }
  if (!isObject(x)) return;
  for (const [k, prop] of Object.entries(s.properties ?? {})) {
    if (prop.default === undefined || prop.default === null) continue;
    if (!Object.hasOwn(x, k) || x[k] === undefined || isNonNullableNull(x[k], prop))
      x[k] = deepClone(prop.default);
  }
  const extra = additional(s);
  for (const k of Object.keys(x)) {
    const prop = s.properties?.[k];
    if (prop) applyDefaults(x[k], prop);
    else if (extra) {
      if (isNonNullableNull(x[k], extra) && extra.default !== undefined) x[k] = deepClone(extra.default);
      applyDefaults(x[k], extra);
    }
  }
}

/** Drops nulls a field may not hold and has no default to replace (upstream's PruneNonNullableNullsWithoutDefaults). */
export function pruneNonNullableNulls(x: unknown, s: Schema | undefined): void {
  if (Array.isArray(x)) {
    for (const item of x) pruneNonNullableNulls(item, s?.items);
    return;
  }
  if (!isObject(x)) return;
  for (const k of Object.keys(x)) {
    const sub = s?.properties?.[k] ?? (s ? additional(s) : undefined);
    if (x[k] === null && sub && !sub.nullable && (sub.default === undefined || sub.default === null))
      delete x[k];
    else pruneNonNullableNulls(x[k], sub);
  }
}

/**
 * A copy of `schema` whose `default` values are pruned against the schema they sit under
 * (upstream prunes defaults once, when it loads a CRD, so that a default never brings in
 * fields the schema would drop).
 */
export function pruneDefaults(schema: Schema): Schema {
  const walk = (s: Schema): Schema => {
    const out: Schema = { ...s };
    if (s.default !== undefined && s.default !== null && typeof s.default === 'object') {
      const value = deepClone(s.default);
      pruneUnknownFields(value, s);
      out.default = value;
    }
    if (s.properties)
      out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, walk(v)]));
    if (s.items) out.items = walk(s.items);
    if (typeof s.additionalProperties === 'object') out.additionalProperties = walk(s.additionalProperties);
    return out;
  };
  return walk(schema);
}
