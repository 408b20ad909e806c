// One step of a field path, as server-side apply names them (structured-merge-diff fieldpath):
// a field of a map (`f:name`), an element of a list-map by its key fields (`k:{"name":"nginx"}`),
// an element of a set by value (`v:"finalizer"`), or an element of an atomic-less list by
// position (`i:0`). Paths print as `.spec.containers[name="nginx"].image`.
import { compareGoStrings } from '../go-format.ts';
import { compareValues, goJson, goJsonOrdered, valuesEqual, valueToString } from './value-order.ts';

export type PathElement =
  | { readonly field: string }
  | { readonly key: readonly (readonly [string, unknown])[] }
  | { readonly value: unknown }
  | { readonly index: number };

export type FieldPath = readonly PathElement[];

export const fieldElement = (field: string): PathElement => ({ field });

/** A key element; fields are sorted by name as upstream stores them. */
export function keyElement(fields: [string, unknown][]): PathElement {
  return { key: [...fields].sort((a, b) => compareGoStrings(a[0], b[0])) };
}

/** Fields < keys < values < indices; within a kind, by content (upstream's PathElement.Compare). */
export function comparePathElements(a: PathElement, b: PathElement): number {
  const ka = kindRank(a);
  const kb = kindRank(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  if ('field' in a) return compareGoStrings(a.field, (b as { field: string }).field);
  if ('key' in a) return compareKeys(a.key, (b as { key: readonly (readonly [string, unknown])[] }).key);
  if ('value' in a) return compareValues(a.value, (b as { value: unknown }).value);
  const ib = (b as { index: number }).index;
  return a.index < ib ? -1 : a.index > ib ? 1 : 0;
}

function kindRank(pe: PathElement): number {
  if ('field' in pe) return 0;
  if ('key' in pe) return 1;
  if ('value' in pe) return 2;
  return 3;
}

function compareKeys(
  a: readonly (readonly [string, unknown])[],
  b: readonly (readonly [string, unknown])[],
): number {
  for (let i = 0; ; i++) {
    if (i >= a.length && i >= b.length) return 0;
    if (i >= a.length) return -1;
    if (i >= b.length) return 1;
    const c = compareGoStrings(a[i]![0], b[i]![0]) || compareValues(a[i]![1], b[i]![1]);
    if (c !== 0) return c;
  }
}

export function pathElementsEqual(a: PathElement, b: PathElement): boolean {
  if ('field' in a) return 'field' in b && a.field === b.field;
  if ('key' in a) {
    if (!('key' in b) || a.key.length !== b.key.length) return false;
    return a.key.every(([n, v], i) => n === b.key[i]![0] && valuesEqual(v, b.key[i]![1]));
  }
  if ('value' in a) return 'value' in b && valuesEqual(a.value, b.value);
  return 'index' in b && a.index === b.index;
}

/** The path element as printed in field paths: `.name`, `[name="x",port=80]`, `[="v"]`, `[0]`. */
export function pathElementString(pe: PathElement): string {
  if ('field' in pe) return `.${pe.field}`;
  if ('key' in pe) return `[${pe.key.map(([n, v]) => `${n}=${valueToString(v)}`).join(',')}]`;
  if ('value' in pe) return `[=${valueToString(pe.value)}]`;
  return `[${pe.index}]`;
}

export function pathString(path: FieldPath): string {
  return path.map(pathElementString).join('');
}

/** The `fieldsV1` key of an element: `f:name`, `k:{"name":"x"}`, `v:"x"`, `i:0`. Also a map key for identity. */
export function serializePathElement(pe: PathElement): string {
  if ('field' in pe) return `f:${pe.field}`;
  if ('key' in pe) return `k:${goJsonOrdered(pe.key as [string, unknown][])}`;
  if ('value' in pe) return `v:${goJson(pe.value)}`;
  return `i:${pe.index}`;
}

/** Parses a `fieldsV1` key; undefined for an unknown element type (skipped, as upstream does). */
export function deserializePathElement(s: string): PathElement | undefined {
  if (s.length < 2) throw new Error('key must be 2 characters long:');
  if (s[1] !== ':') throw new Error(`missing colon: ${s}`);
  const rest = s.slice(2);
  switch (s[0]) {
    case 'f':
      return { field: rest };
    case 'v':
      return { value: JSON.parse(rest) };
    case 'k': {
      const obj = JSON.parse(rest) as unknown;
      if (typeof obj !== 'object' || obj === null || Array.isArray(obj))
        throw new Error(`invalid key element: ${rest}`);
      return keyElement(Object.entries(obj));
    }
    case 'i': {
      if (!/^[+-]?\d+$/.test(rest))
        throw new Error(`strconv.Atoi: parsing ${JSON.stringify(rest)}: invalid syntax`);
      return { index: Number(rest) };
    }
    default:
      return undefined;
  }
}
