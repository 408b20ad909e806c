// Strategic merge patch (`application/strategic-merge-patch+json`), applied as the API server
// applies it (k8s.io/apimachinery/pkg/util/strategicpatch, StrategicMergeMapPatch): maps merge
// recursively and `null` deletes; lists whose field has patch strategy `merge` merge by their
// merge key (containers by name, ports by containerPort, …) or as sets (finalizers); other lists
// are replaced; directives `$patch`, `$retainKeys`, `$setElementOrder/…` and
// `$deleteFromPrimitiveList/…` are honoured. Sent by `kubectl apply` (client-side), `edit`,
// `rollout restart`, `cordon`, `set image`, `patch` (its default type) …
//
// Usage (the API server, PATCH with Content-Type application/strategic-merge-patch+json, built-in
// kinds only — upstream answers 415 for custom resources):
//   const patched = applyStrategicMergePatch(liveObject, JSON.parse(body), kindSchema, definitions);
// Throws StatusError: 400 for malformed directives, 422 for lists of lists / retainKeys mismatches,
// 500 with upstream's text for the rest (as upstream does). Inputs are not modified.
import type { Definitions, Schema } from '../schema.ts';
import { jsonKindName } from './go-format.ts';
import { cloneJson, isJsonObject, patchBadRequest } from './patch-errors.ts';
import { type PatchMeta, PatchMetaLookup } from './patch-meta.ts';
import {
  DELETE_DIRECTIVE,
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  DIRECTIVE_MARKER,
  discardNulls,
  extractKey,
  REPLACE_DIRECTIVE,
  RETAIN_KEYS_DIRECTIVE,
  RETAIN_KEYS_STRATEGY,
  removeDirectives,
  SET_ELEMENT_ORDER_PREFIX,
} from './smp-directives.ts';
import { badArgType, badPatchFormatForRetainKeys, badPatchType, smpInternal } from './smp-errors.ts';
import {
  mergeSlice,
  normalizeElementOrder,
  partitionByPresence,
  sliceElementKind,
  validatePatchWithSetOrderList,
} from './smp-lists.ts';

type JsonMap = Record<string, unknown>;

/**
 * Applies `patch` to `original`. `schema` describes the object's kind (a `$ref` into
 * `definitions` is fine); where it says nothing, maps merge and lists are replaced.
 */
export function applyStrategicMergePatch(
  original: unknown,
  patch: unknown,
  schema: Schema | undefined,
  definitions: Definitions = {},
): JsonMap {
  if (patch === null || patch === undefined) return isJsonObject(original) ? cloneJson(original) : {};
  if (!isJsonObject(patch)) {
    throw patchBadRequest(
      `json: cannot unmarshal ${jsonKindName(patch)} into Go value of type map[string]interface {}`,
    );
  }
  const base = isJsonObject(original) ? cloneJson(original) : {};
  return mergeMap(base, cloneJson(patch), new PatchMetaLookup(schema, definitions));
}

/** Merges `patch` into `original` (both owned by the caller and modified). */
function mergeMap(original: JsonMap | undefined, patch: JsonMap, meta: PatchMetaLookup): JsonMap {
  if (Object.hasOwn(patch, DIRECTIVE_MARKER)) return mapDirective(patch[DIRECTIVE_MARKER], patch);
  const out = original ?? {};
  applyRetainKeys(out, patch);
  applySetElementOrder(out, patch, meta);

  for (const [patchKey, patchValue] of Object.entries(patch)) {
    let key = patchKey;
    const isDeleteList = patchKey.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX);
    if (isDeleteList) key = extractKey(patchKey, DELETE_FROM_PRIMITIVE_LIST_PREFIX);

    if (patchValue === null) {
      delete out[key];
      continue;
    }
    const current = out[key];
    if (!Object.hasOwn(out, key) || kindOf(current) !== kindOf(patchValue)) {
      // Absent, or of another type: the patch value is taken as-is (without nulls and directives).
      if (!isDeleteList) setStripped(out, key, patchValue);
      continue;
    }
    if (isJsonObject(current)) {
      const { sub, meta: fieldMeta } = meta.lookupStruct(key);
      const strategy = patchStrategy(fieldMeta);
      out[key] = strategy === REPLACE_DIRECTIVE ? patchValue : mergeMap(current, patchValue as JsonMap, sub);
    } else if (Array.isArray(current)) {
      const { sub, meta: fieldMeta } = meta.lookupSlice(key);
      out[key] = mergeList(current, patchValue as unknown[], sub, fieldMeta, isDeleteList);
    } else {
      setStripped(out, key, patchValue);
    }
  }
  return out;
}

function setStripped(out: JsonMap, key: string, value: unknown): void {
  discardNulls(value);
  const [v, keep] = removeDirectives(value);
  if (keep) out[key] = v;
  else delete out[key];
}

function kindOf(v: unknown): string {
  if (Array.isArray(v)) return 'slice';
  if (isJsonObject(v)) return 'map';
  return v === null ? 'nil' : typeof v === 'number' ? (Number.isInteger(v) ? 'int64' : 'float64') : typeof v;
}

/** `{"$patch": "replace"}` keeps the patch map as the value; `{"$patch": "delete"}` empties it. */
function mapDirective(directive: unknown, patch: JsonMap): JsonMap {
  if (directive === REPLACE_DIRECTIVE) {
    delete patch[DIRECTIVE_MARKER];
    return patch;
  }
  if (directive === DELETE_DIRECTIVE) return {};
  throw badPatchType(directive, patch);
}

/** The field's strategy other than retainKeys ('' when none); errors on impossible combinations. */
function patchStrategy(meta: PatchMeta): string {
  const s = meta.strategies;
  if (s.length === 0) return '';
  if (s.length === 1) return s[0] === RETAIN_KEYS_STRATEGY ? '' : s[0]!;
  if (s.length === 2 && s[0] === RETAIN_KEYS_STRATEGY) return s[1]!;
  if (s.length === 2 && s[1] === RETAIN_KEYS_STRATEGY) return s[0]!;
  throw smpInternal(`unexpected patch strategy: [${s.join(' ')}]`);
}

function mergeList(
  original: unknown[],
  patch: unknown[],
  sub: PatchMetaLookup,
  meta: PatchMeta,
  isDeleteList: boolean,
): unknown[] {
  // Deletion lists apply whatever the field's strategy; other lists merge only with `merge`.
  if (patchStrategy(meta) !== 'merge' && !isDeleteList) {
    discardNulls(patch);
    return removeDirectives(patch)[0] as unknown[];
  }
  return mergeSlice(original, patch, sub, meta.mergeKey, isDeleteList, mergeMap);
}

/** `$retainKeys`: every other field of the live map is cleared; the patch may only set listed fields. */
function applyRetainKeys(original: JsonMap, patch: JsonMap): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS_DIRECTIVE)) return;
  const retain = patch[RETAIN_KEYS_DIRECTIVE];
  delete patch[RETAIN_KEYS_DIRECTIVE];
  if (!Array.isArray(retain)) throw badPatchFormatForRetainKeys();
  const keep = new Set(retain);
  for (const [k, v] of Object.entries(patch)) {
    if (
      v === null ||
      k.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX) ||
      k.startsWith(SET_ELEMENT_ORDER_PREFIX)
    )
      continue;
    if (!keep.has(k)) throw badPatchFormatForRetainKeys();
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/**
 * `$setElementOrder/<list>`: merges the list now (removing it from the patch) and orders the
 * result — `$setElementOrder` first, then the patch's order, then the live order.
 */
function applySetElementOrder(original: JsonMap, patch: JsonMap, meta: PatchMetaLookup): void {
  for (const directiveKey of Object.keys(patch)) {
    if (!directiveKey.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    const order = patch[directiveKey];
    delete patch[directiveKey];
    if (!Array.isArray(order)) throw badArgType('slice', order);
    const key = extractKey(directiveKey, SET_ELEMENT_ORDER_PREFIX);

    const foundOriginal = Object.hasOwn(original, key);
    const foundPatch = Object.hasOwn(patch, key);
    if (foundOriginal && !Array.isArray(original[key])) throw badArgType('slice', original[key]);
    if (foundPatch && !Array.isArray(patch[key])) throw badArgType('slice', patch[key]);
    const originalList = foundOriginal ? (original[key] as unknown[]) : [];
    const patchList = foundPatch ? (patch[key] as unknown[]) : [];

    const { sub, meta: fieldMeta } = meta.lookupSlice(key);
    const strategy = patchStrategy(fieldMeta);
    const mergeKey = fieldMeta.mergeKey;
    validatePatchWithSetOrderList(patchList, order, mergeKey);

    // Upstream orders by its view of the live list after an in-place merge (see Aliased).
    const aliased = { view: [...originalList] };
    let merged: unknown[];
    if (foundOriginal && !foundPatch) merged = originalList;
    else if (!foundOriginal && foundPatch) merged = removeDirectives(patchList)[0] as unknown[];
    else if (foundOriginal && foundPatch) {
      merged =
        strategy === 'merge'
          ? mergeSlice(originalList, patchList, sub, mergeKey, false, mergeMap, aliased)
          : patchList;
    } else continue;

    const [inOrder, serverOnly] = partitionByPresence(merged, order, mergeKey);
    const kind = sliceElementKind(originalList, patchList);
    original[key] = normalizeElementOrder(inOrder, serverOnly, order, aliased.view, mergeKey, kind);
    delete patch[key];
  }
}
