// How strategic merge patch merges a list whose field has patch strategy `merge`:
// - lists of objects merge element-wise by the merge key; `{"$patch": "delete", <key>: v}` removes
//   an element, `{"$patch": "replace"}` makes the patch's elements the whole list;
// - lists of primitives become the union of both (`$deleteFromPrimitiveList` removes values);
// - the result is ordered as upstream orders it: patch elements in patch order, the live
//   list's other elements interleaved in their live order (or as `$setElementOrder` says).
import { goTypeName, goValue } from './go-format.ts';
import { isJsonObject } from './patch-errors.ts';
import type { PatchMetaLookup } from './patch-meta.ts';
import {
  DELETE_DIRECTIVE,
  DIRECTIVE_MARKER,
  discardNulls,
  MERGE_DIRECTIVE,
  REPLACE_DIRECTIVE,
  removeDirectives,
} from './smp-directives.ts';
import {
  badArgType,
  badPatchFormatForSetElementOrderList,
  badPatchType,
  noListOfLists,
  noMergeKey,
  smpInternal,
} from './smp-errors.ts';

type JsonMap = Record<string, unknown>;
export type MergeMapFn = (original: JsonMap | undefined, patch: JsonMap, meta: PatchMetaLookup) => JsonMap;
/** 'map' for lists of objects, otherwise the Go type name of the (primitive) elements. */
export type ElementKind = string;

/**
 * Upstream merges lists of objects in place: deleting an element shifts the live list's backing
 * array left and new elements are appended into the freed slots, which its caller still sees
 * through its own (longer) view of the array. `$setElementOrder` then orders by that view, so
 * the exact result depends on it; `Aliased.view` reproduces it.
 */
export interface Aliased {
  view: unknown[];
}

/** Merges two lists; `isDeleteList` marks a `$deleteFromPrimitiveList` parallel list. */
export function mergeSlice(
  original: unknown[],
  patch: unknown[],
  meta: PatchMetaLookup,
  mergeKey: string,
  isDeleteList: boolean,
  mergeMap: MergeMapFn,
  aliased: Aliased = { view: [...original] },
): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementKind(original, patch);
  let merged: unknown[];
  if (kind !== 'map') {
    if (isDeleteList) return original.filter((v) => !patch.some((d) => d === v));
    merged = dedupeScalars([...original, ...patch]);
  } else {
    if (mergeKey === '') throw smpInternal(`cannot merge lists without merge key for ${meta.name()}`);
    const view = aliased.view;
    let len = view.length;
    const plain: unknown[] = [];
    let replace = false;
    for (const v of patch) {
      const elem = v as JsonMap;
      if (!Object.hasOwn(elem, DIRECTIVE_MARKER)) {
        plain.push(v);
        continue;
      }
      const directive = elem[DIRECTIVE_MARKER];
      if (directive === DELETE_DIRECTIVE) {
        if (!Object.hasOwn(elem, mergeKey)) throw noMergeKey(elem, mergeKey);
        for (let at = findByKey(view.slice(0, len), mergeKey, elem[mergeKey]); at >= 0; ) {
          view.copyWithin(at, at + 1, len);
          len--;
          at = findByKey(view.slice(0, len), mergeKey, elem[mergeKey]);
        }
      } else if (directive === REPLACE_DIRECTIVE) {
        replace = true;
      } else if (directive === MERGE_DIRECTIVE) {
        throw smpInternal('merging lists cannot yet be specified in the patch');
      } else {
        throw badPatchType(directive, elem);
      }
    }
    if (replace) {
      // The patch's elements become the list; like appended elements, they lose nulls and directives.
      for (const v of plain) discardNulls(v);
      original = plain.map((v) => removeDirectives(v)[0]);
      patch = [];
    } else {
      original = view.slice(0, len);
      patch = plain;
    }
    merged = mergeByKey(original, patch, mergeKey, meta, mergeMap, (item) => {
      if (!replace && len < view.length) view[len++] = item;
    });
  }
  const [patchItems, serverOnly] = partitionByPresence(merged, patch, mergeKey);
  return normalizeElementOrder(patchItems, serverOnly, patch, original, mergeKey, kind);
}

/** The common element type of the lists (upstream's sliceElementType, with its errors). */
export function sliceElementKind(...lists: unknown[][]): ElementKind {
  let kind: string | undefined;
  for (const list of lists) {
    for (const v of list) {
      const t = goTypeName(v);
      if (kind === undefined) {
        kind = t;
        if (Array.isArray(v)) throw noListOfLists();
      } else if (kind !== t) {
        throw smpInternal(
          `list element types are not identical: [${lists.map((l) => goValue(l)).join(' ')}]`,
        );
      }
    }
  }
  if (kind === undefined) throw smpInternal('no elements in any of the given slices');
  return kind === 'map[string]interface {}' ? 'map' : kind;
}

/** Merges each patch element into the original element with the same key, or appends it. */
function mergeByKey(
  original: unknown[],
  patch: unknown[],
  mergeKey: string,
  meta: PatchMetaLookup,
  mergeMap: MergeMapFn,
  onAppend: (item: unknown) => void,
): unknown[] {
  const out = [...original];
  for (const v of patch) {
    const elem = v as JsonMap;
    if (!Object.hasOwn(elem, mergeKey)) throw noMergeKey(elem, mergeKey);
    const at = findByKey(out, mergeKey, elem[mergeKey]);
    if (at >= 0) {
      out[at] = mergeMap(out[at] as JsonMap, elem, meta);
    } else {
      // Upstream appends the element raw and lets the typed decoder drop nulls and directives.
      discardNulls(elem);
      const item = removeDirectives(elem)[0];
      out.push(item);
      onAppend(item);
    }
  }
  return out;
}

/** Index of the first object whose merge key equals `value`; errors on non-object elements. */
export function findByKey(list: unknown[], mergeKey: string, value: unknown): number {
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (!isJsonObject(v)) throw smpInternal(`value for key ${i} is not a map`);
    if (Object.hasOwn(v, mergeKey) && v[mergeKey] === value) return i;
  }
  return -1;
}

/** Go's deduplicateScalars: equal values collapse (the final order is set by normalizeElementOrder). */
function dedupeScalars(list: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of list) if (!out.some((o) => o === v && goTypeName(o) === goTypeName(v))) out.push(v);
  return out;
}

/** Splits `merged` into the elements present in `by` (by merge key for objects) and the others. */
export function partitionByPresence(
  merged: unknown[],
  by: unknown[],
  mergeKey: string,
): [unknown[], unknown[]] {
  const present: unknown[] = [];
  const others: unknown[] = [];
  for (const v of merged) {
    let found: boolean;
    if (mergeKey === '') {
      found = by.some((b) => b === v);
    } else {
      if (!isJsonObject(v)) throw badArgType('map', v);
      if (!Object.hasOwn(v, mergeKey)) throw noMergeKey(v, mergeKey);
      found = findByKey(by, mergeKey, v[mergeKey]) >= 0;
    }
    (found ? present : others).push(v);
  }
  return [present, others];
}

/** Orders patch elements by `patchOrder`, server-only ones by `serverOrder`, then interleaves them. */
export function normalizeElementOrder(
  patch: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: ElementKind,
): unknown[] {
  const sortedPatch = sortByOrder(patch, patchOrder, mergeKey, kind);
  const sortedServer = sortByOrder(serverOnly, serverOrder, mergeKey, kind);
  return interleave(sortedServer, sortedPatch, serverOrder, mergeKey, kind);
}

function identity(item: unknown, mergeKey: string, kind: ElementKind): unknown {
  return kind === 'map' ? (isJsonObject(item) ? item[mergeKey] : undefined) : item;
}

function indexIn(list: unknown[], item: unknown, mergeKey: string, kind: ElementKind): number {
  const id = identity(item, mergeKey, kind);
  return list.findIndex((v) => identity(v, mergeKey, kind) === id);
}

function sortByOrder(items: unknown[], order: unknown[], mergeKey: string, kind: ElementKind): unknown[] {
  let toSort = items;
  let toDelete: unknown[] = [];
  if (kind === 'map') {
    for (const v of [...items, ...order]) {
      if (!isJsonObject(v)) throw badArgType('map', v);
      if (!Object.hasOwn(v, mergeKey)) throw noMergeKey(v, mergeKey);
    }
    toSort = items.filter((v) => (v as JsonMap)[DIRECTIVE_MARKER] !== DELETE_DIRECTIVE);
    toDelete = items.filter((v) => (v as JsonMap)[DIRECTIVE_MARKER] === DELETE_DIRECTIVE);
  }
  const sorted = toSort
    .map((v, i) => ({ v, i, at: indexIn(order, v, mergeKey, kind) }))
    .sort((a, b) => (a.at >= 0 && b.at >= 0 ? a.at - b.at : 0) || a.i - b.i)
    .map((e) => e.v);
  return [...sorted, ...toDelete];
}

/** Inserts each server-only element before the first patch element that follows it in the live order. */
function interleave(
  left: unknown[],
  right: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: ElementKind,
): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey, kind);
      const ri = indexIn(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

/** Checks that the patch list's elements appear in the `$setElementOrder` list, in the same relative order. */
export function validatePatchWithSetOrderList(
  patchList: unknown,
  setOrderList: unknown,
  mergeKey: string,
): void {
  if (!Array.isArray(setOrderList) || !Array.isArray(patchList)) throw badPatchFormatForSetElementOrderList();
  if (setOrderList.length === 0 || patchList.length === 0) return;
  let nonDelete = patchList;
  if (mergeKey !== '') {
    for (const v of patchList) if (!isJsonObject(v)) throw badArgType('map', v);
    nonDelete = patchList.filter((v) => (v as JsonMap)[DIRECTIVE_MARKER] !== DELETE_DIRECTIVE);
  }
  let p = 0;
  let s = 0;
  while (p < nonDelete.length && s < setOrderList.length) {
    if (isJsonObject(nonDelete[p]) && Object.hasOwn(nonDelete[p] as JsonMap, DIRECTIVE_MARKER)) {
      p++;
      continue;
    }
    if (mergeKeyValueEqual(nonDelete[p], setOrderList[s], mergeKey)) p++;
    s++;
  }
  if (p < nonDelete.length && s >= setOrderList.length) {
    throw smpInternal(
      `The order in patch list:\n${goValue(patchList)}\n doesn't match $setElementOrder list:\n${goValue(setOrderList)}\n`,
    );
  }
}

function mergeKeyValueEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (mergeKey === '') return left === right;
  if (!isJsonObject(left)) throw badArgType('map', left);
  if (!isJsonObject(right)) throw badArgType('map', right);
  if (!Object.hasOwn(left, mergeKey)) throw noMergeKey(left, mergeKey);
  if (!Object.hasOwn(right, mergeKey)) throw noMergeKey(right, mergeKey);
  return left[mergeKey] === right[mergeKey];
}
