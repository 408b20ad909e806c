// Merges an applied configuration into the live object (upstream's TypedValue.Merge with the
// "keep right-hand side" rule): scalars and atomic values take the configuration's value, maps
// merge key by key, associative lists merge element by element — the configuration's elements
// in its order, live-only elements kept near their live neighbours.

import { isJsonObject } from '../patch-errors.ts';
import { atomsEqual } from './compare.ts';
import { type PathElement, pathString, serializePathElement } from './path-element.ts';
import {
  type Atom,
  fieldTypeOf,
  type ListAtom,
  type MapAtom,
  type SchemaTypes,
  type TypeRef,
} from './schema-types.ts';

/** The merged value; `undefined` when neither side has one. Throws on duplicated keys in `rhs`. */
export function mergeTyped(
  types: SchemaTypes,
  lhs: unknown,
  rhs: unknown,
  ref: TypeRef = types.root,
): unknown {
  return mergeNode(types, lhs, rhs, ref, []);
}

interface Node {
  lhs: unknown;
  rhs: unknown;
  path: PathElement[];
  inLeaf: boolean;
  out: unknown;
}

function mergeNode(
  types: SchemaTypes,
  lhs: unknown,
  rhs: unknown,
  ref: TypeRef | undefined,
  path: PathElement[],
): unknown {
  const node: Node = { lhs, rhs, path, inLeaf: false, out: undefined };
  const base = types.atom(ref);
  if (!base) {
    leaf(node);
    return node.out;
  }
  const alhs = types.deduce(base, lhs);
  const arhs = types.deduce(base, rhs);
  if (rhs === undefined) handle(types, alhs, node);
  else if (lhs === undefined || atomsEqual(alhs, arhs)) handle(types, arhs, node);
  else {
    handle(types, alhs, { ...node });
    handle(types, arhs, node);
  }
  return node.out;
}

function handle(types: SchemaTypes, atom: Atom, node: Node): void {
  if (atom.map) doMap(types, atom.map, node);
  else if (atom.scalar) leaf(node);
  else if (atom.list) doList(types, atom.list, node);
}

function leaf(node: Node): void {
  if (node.inLeaf) return;
  node.inLeaf = true;
  node.out = node.rhs !== undefined ? node.rhs : node.lhs;
}

function doMap(types: SchemaTypes, map: MapAtom, node: Node): void {
  const lhs = isJsonObject(node.lhs) ? node.lhs : undefined;
  const rhs = isJsonObject(node.rhs) ? node.rhs : undefined;
  const emptyish = (m?: Record<string, unknown>) => !m || Object.keys(m).length === 0;
  if (map.relationship === 'atomic' || (emptyish(lhs) && emptyish(rhs))) {
    leaf(node);
    return;
  }
  if (!lhs && !rhs) return;
  const out: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(lhs ?? {}), ...Object.keys(rhs ?? {})])) {
    const v = mergeNode(types, lhs?.[key], rhs?.[key], fieldTypeOf(map, key), [...node.path, { field: key }]);
    if (v !== undefined) out[key] = v;
  }
  if (Object.keys(out).length > 0) node.out = out;
}

interface Indexed {
  pes: PathElement[];
  ids: string[];
  observed: Map<string, unknown>;
}

function index(
  types: SchemaTypes,
  list: ListAtom,
  items: unknown[],
  allowDuplicates: boolean,
  path: PathElement[],
): Indexed {
  const result: Indexed = { pes: [], ids: [], observed: new Map() };
  items.forEach((item, i) => {
    const pe = types.listItemElement(list, item);
    if (typeof pe === 'string') throw new MergeError(path, `element ${i}: ${pe}`);
    const id = serializePathElement(pe);
    if (result.observed.has(id)) {
      if (!allowDuplicates) throw new MergeError(path, `duplicate entries for key ${pathString([pe])}`);
      // Duplicated live elements are not merged with the configuration's element.
      result.observed.set(id, null);
    } else {
      result.observed.set(id, item);
    }
    result.pes.push(pe);
    result.ids.push(id);
  });
  return result;
}

function doList(types: SchemaTypes, list: ListAtom, node: Node): void {
  const lhsList = Array.isArray(node.lhs) ? node.lhs : undefined;
  const rhsList = Array.isArray(node.rhs) ? node.rhs : undefined;
  if (list.relationship === 'atomic' || (!lhsList?.length && !rhsList?.length)) {
    leaf(node);
    return;
  }
  if (!lhsList && !rhsList) return;
  const r = index(types, list, rhsList ?? [], false, node.path);
  const l = index(types, list, lhsList ?? [], true, node.path);
  const out: unknown[] = [];
  // Elements both sides share, in the configuration's order.
  const shared = r.ids.filter((id) => l.observed.has(id));
  let nextShared = shared.shift();
  const mergedRhs = new Set<string>();
  const lLen = l.ids.length;
  const rLen = r.ids.length;
  let lI = 0;
  let rI = 0;
  while (lI < lLen || rI < rLen) {
    if (lI < lLen && rI < rLen) {
      const id = l.ids[lI]!;
      if (id === r.ids[rI]) {
        mergedRhs.add(id);
        mergeItem(types, list, node, l.pes[lI]!, l.observed.get(id), r.observed.get(id), out);
        lI++;
        rI++;
        nextShared = shared.shift();
        continue;
      }
      if (r.observed.has(id) && nextShared !== undefined && nextShared !== id) {
        lI++;
        continue;
      }
    }
    if (lI < lLen) {
      const id = l.ids[lI]!;
      if (!r.observed.has(id)) {
        mergeItem(types, list, node, l.pes[lI]!, lhsList![lI], undefined, out);
        lI++;
        continue;
      }
      if (mergedRhs.has(id)) lI++;
    }
    if (rI < rLen) {
      const id = r.ids[rI]!;
      mergedRhs.add(id);
      mergeItem(types, list, node, r.pes[rI]!, l.observed.get(id), r.observed.get(id), out);
      rI++;
      if (nextShared === id) nextShared = shared.shift();
    }
  }
  if (out.length > 0) node.out = out;
}

function mergeItem(
  types: SchemaTypes,
  list: ListAtom,
  node: Node,
  pe: PathElement,
  lChild: unknown,
  rChild: unknown,
  out: unknown[],
): void {
  const v = mergeNode(types, lChild, rChild, list.element, [...node.path, pe]);
  if (v !== undefined) out.push(v);
}

/** A configuration the merge cannot take (duplicated or unnamed list elements). */
export class MergeError extends Error {
  readonly path: string;
  constructor(path: readonly PathElement[], message: string) {
    super(message);
    this.path = pathString(path);
  }
}
