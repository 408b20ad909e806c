// Resource lists (`{ cpu: "500m", pods: "3" }`) as quantities: sums, differences, masks and the
// "does this fit" comparison quota enforcement needs (upstream's quota/v1 helpers). Values are
// kept as Quantity while computing and written back in canonical form.
import { parseQuantity, type Quantity } from '../../machinery/quantity.ts';

export type ResourceList = Record<string, Quantity>;
/** A resource list as it appears in objects (strings or numbers). */
export type RawResourceList = Readonly<Record<string, string | number>> | null | undefined;

const ZERO = (): Quantity => parseQuantity('0');

/** Parses every value; invalid ones are left out (validation reports them elsewhere). */
export function parseResourceList(raw: RawResourceList): ResourceList {
  const out: ResourceList = {};
  for (const [k, v] of Object.entries(raw ?? {})) {
    try {
      out[k] = parseQuantity(String(v));
    } catch {
      // not a quantity: nothing to count
    }
  }
  return out;
}

/** Canonical strings, as the API writes quantities. */
export function formatResourceList(list: ResourceList): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(list).sort()) out[k] = list[k]!.toString();
  return out;
}

export function addLists(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = out[k] ? out[k].add(v) : v;
  return out;
}

export function subtractLists(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? ZERO()).sub(v);
  return out;
}

/** Only the named resources. */
export function maskList(list: ResourceList, names: Iterable<string>): ResourceList {
  const out: ResourceList = {};
  for (const n of names) if (list[n]) out[n] = list[n];
  return out;
}

export function removeZeros(list: ResourceList): ResourceList {
  const out: ResourceList = {};
  for (const [k, v] of Object.entries(list)) if (!v.isZero()) out[k] = v;
  return out;
}

/** Whether every value of `a` is at most its limit in `b` (names absent from `b` are free); the names that exceed. */
export function lessThanOrEqual(a: ResourceList, b: ResourceList): { ok: boolean; exceeded: string[] } {
  const exceeded: string[] = [];
  for (const [k, v] of Object.entries(a)) {
    const limit = b[k];
    if (limit && v.cmp(limit) > 0) exceeded.push(k);
  }
  return { ok: exceeded.length === 0, exceeded: exceeded.sort() };
}

/** `cpu=1,pods=2`: upstream's prettyPrint of a resource list (sorted by name). */
export function prettyPrint(list: ResourceList): string {
  return Object.keys(list)
    .sort()
    .map((k) => `${k}=${list[k]!.toString()}`)
    .join(',');
}

/** Sum of many lists. */
export function sumLists(lists: Iterable<ResourceList>): ResourceList {
  let out: ResourceList = {};
  for (const l of lists) out = addLists(out, l);
  return out;
}

/** The larger value per name. */
export function maxLists(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = { ...a };
  for (const [k, v] of Object.entries(b)) if (!out[k] || v.cmp(out[k]) > 0) out[k] = v;
  return out;
}
