// What changed between two versions of an object, as field sets (upstream's TypedValue.Compare):
// leaves (scalars, atomic values, empty maps and lists) that were added, removed or modified, and
// every non-leaf node (map, associative list element) that appeared or disappeared.

import { isJsonObject } from '../patch-errors.ts';
import { FieldSet } from './field-set.ts';
import { type PathElement, serializePathElement } from './path-element.ts';
import {
  type Atom,
  fieldTypeOf,
  type ListAtom,
  type MapAtom,
  type SchemaTypes,
  type TypeRef,
} from './schema-types.ts';
import { valuesEqual } from './value-order.ts';

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/**
 * Compares `lhs` (before) with `rhs` (after); `undefined` stands for an absent value. Fields
 * below a member of `ignored` (an endpoint's ignored fields, which the caller filters out of the
 * result anyway) may be left uncompared: a status write need not walk the spec.
 */
export function compareValuesTyped(
  types: SchemaTypes,
  lhs: unknown,
  rhs: unknown,
  ref: TypeRef = types.root,
  ignored?: FieldSet,
): Comparison {
  const cmp: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  compareNode(types, cmp, lhs, rhs, ref, undefined, ignored);
  return cmp;
}

/**
 * Where the walk is: a path element below its parent's position (undefined at the root). Each
 * position remembers its node in each result set once it has one, so recording a path finds its
 * parent node in one step, instead of copying the path at every level and walking every insert
 * down from the root.
 */
interface Position {
  readonly parent: Position | undefined;
  readonly pe: PathElement;
  added?: FieldSet;
  removed?: FieldSet;
  modified?: FieldSet;
}

type Result = keyof Comparison;

const at = (parent: Position | undefined, pe: PathElement): Position => ({ parent, pe });

/** The node of `position` in `which` result set (the set itself at the root), made on demand. */
function nodeOf(cmp: Comparison, which: Result, position: Position | undefined): FieldSet {
  if (position === undefined) return cmp[which];
  let node = position[which];
  if (node === undefined) {
    node = nodeOf(cmp, which, position.parent).childNode(position.pe);
    position[which] = node;
  }
  return node;
}

/** Records the path to `position` in `which` result set (nothing for the root, as FieldSet.insert). */
function record(cmp: Comparison, which: Result, position: Position | undefined): void {
  if (position === undefined) return;
  nodeOf(cmp, which, position.parent).addMember(position.pe);
}

interface Node {
  lhs: unknown;
  rhs: unknown;
  position: Position | undefined;
  inLeaf: boolean;
  /** Fields below this node that need not be compared (see compareValuesTyped). */
  ignored: FieldSet | undefined;
}

export function atomsEqual(a: Atom, b: Atom): boolean {
  return a.scalar === b.scalar && a.list === b.list && a.map === b.map;
}

function compareNode(
  types: SchemaTypes,
  cmp: Comparison,
  lhs: unknown,
  rhs: unknown,
  ref: TypeRef | undefined,
  position: Position | undefined,
  ignored?: FieldSet,
): void {
  // Identical subtrees add, remove and modify nothing: an update leaves most of an object as it
  // was, and walking it typed costs far more than this check. (Where fields are withoutIgnored, their
  // siblings are checked one by one instead.)
  if (!ignored && typeof lhs === 'object' && typeof rhs === 'object' && identical(lhs, rhs)) return;
  if (lhs === undefined && rhs !== undefined && !ignored && addedShortcut) {
    if (position === undefined) addChildren(types, cmp.added, rhs, ref);
    else addTree(types, nodeOf(cmp, 'added', position.parent), position.pe, rhs, ref);
    return;
  }
  const node: Node = { lhs, rhs, position, inLeaf: false, ignored };
  const base = types.atom(ref);
  if (!base) {
    leaf(cmp, node);
    return;
  }
  const alhs = types.deduce(base, lhs);
  const arhs = types.deduce(base, rhs);
  if (rhs === undefined) handle(types, cmp, alhs, node);
  else if (lhs === undefined || atomsEqual(alhs, arhs)) handle(types, cmp, arhs, node);
  else {
    // Different forms of an untyped value: each side is visited with its own form.
    handle(types, cmp, alhs, { ...node });
    handle(types, cmp, arhs, node);
  }
  if (!node.inLeaf) {
    if (lhs === undefined) record(cmp, 'added', position);
    else if (rhs === undefined) record(cmp, 'removed', position);
  }
}

// A subtree only on the right (a status a kubelet reports, most of a created object) is added
// whole: every node in it, leaf or not, is an added path, as the walk above records them; it is
// written straight into the result set, without comparing each node against an absent left side.

let addedShortcut = true;

/** Tests compare the shortcut with the walk it stands for. */
export function useAddedShortcut(on: boolean): void {
  addedShortcut = on;
}

/** Records `pe` below `parent` as added, with everything in `value` (of type `ref`) below it. */
function addTree(
  types: SchemaTypes,
  parent: FieldSet,
  pe: PathElement,
  value: unknown,
  ref: TypeRef | undefined,
): void {
  parent.addMember(pe);
  if (value === undefined) return;
  const node = () => parent.childNode(pe);
  addBelow(types, node, value, ref);
}

/** The root's members when the whole object is added (the root itself is no path). */
function addChildren(types: SchemaTypes, root: FieldSet, value: unknown, ref: TypeRef | undefined): void {
  addBelow(types, () => root, value, ref);
}

/**
 * Records what lies below a node that holds `value`, into the set `node()` gives (made on first
 * use: a node with nothing below it gets no child set).
 */
function addBelow(types: SchemaTypes, node: () => FieldSet, value: unknown, ref: TypeRef | undefined): void {
  const base = types.atom(ref);
  if (!base) return;
  const atom = types.deduce(base, value);
  if (atom.map) {
    const map = atom.map;
    if (map.relationship === 'atomic' || !isJsonObject(value)) return;
    let set: FieldSet | undefined;
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      set ??= node();
      addTree(types, set, { field: key }, value[key], fieldTypeOf(map, key));
    }
  } else if (!atom.scalar && atom.list) {
    const list = atom.list;
    if (list.relationship === 'atomic' || !Array.isArray(value) || value.length === 0) return;
    // Elements by path element; an element whose key appears twice is added as a whole.
    const groups = new Map<string, { pe: PathElement; items: unknown[] }>();
    for (const item of value) {
      const pe = types.listItemElement(list, item);
      if (typeof pe === 'string') continue;
      const id = groupId(pe);
      const g = groups.get(id);
      if (g) g.items.push(item);
      else groups.set(id, { pe, items: [item] });
    }
    if (groups.size === 0) return;
    const set = node();
    for (const { pe, items } of groups.values()) {
      if (items.length === 1) addTree(types, set, pe, items[0], list.element);
      else set.addMember(pe);
    }
  }
}

/**
 * Same JSON structure and values, with no undefined anywhere (the walk records an undefined
 * member as added, even on both sides): then comparing finds nothing.
 */
function identical(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
    return a !== undefined && Object.is(a, b);
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!identical(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const key of keys) if (!Object.hasOwn(y, key) || !identical(x[key], y[key])) return false;
  return true;
}

function handle(types: SchemaTypes, cmp: Comparison, atom: Atom, node: Node): void {
  if (atom.map) doMap(types, cmp, atom.map, node);
  else if (atom.scalar) leaf(cmp, node);
  else if (atom.list) doList(types, cmp, atom.list, node);
}

function leaf(cmp: Comparison, node: Node): void {
  if (node.inLeaf) return;
  node.inLeaf = true;
  if (node.lhs === undefined) record(cmp, 'added', node.position);
  else if (node.rhs === undefined) record(cmp, 'removed', node.position);
  else if (!valuesEqual(node.lhs, node.rhs)) record(cmp, 'modified', node.position);
}

function doMap(types: SchemaTypes, cmp: Comparison, map: MapAtom, node: Node): void {
  const lhs = isJsonObject(node.lhs) ? node.lhs : undefined;
  const rhs = isJsonObject(node.rhs) ? node.rhs : undefined;
  const emptyish = (m?: Record<string, unknown>) => !m || Object.keys(m).length === 0;
  if (map.relationship === 'atomic' || (emptyish(lhs) && emptyish(rhs))) {
    leaf(cmp, node);
    return;
  }
  // Each key once: the left side's in order, then those only on the right.
  const ignored = node.ignored;
  if (lhs) {
    for (const key of Object.keys(lhs)) {
      const pe = { field: key };
      if (ignored?.hasMember(pe)) continue;
      compareNode(
        types,
        cmp,
        lhs[key],
        rhs?.[key],
        fieldTypeOf(map, key),
        at(node.position, pe),
        ignored?.child(pe),
      );
    }
  }
  if (rhs) {
    for (const key of Object.keys(rhs)) {
      if (lhs && Object.hasOwn(lhs, key)) continue;
      const pe = { field: key };
      if (ignored?.hasMember(pe)) continue;
      compareNode(
        types,
        cmp,
        undefined,
        rhs[key],
        fieldTypeOf(map, key),
        at(node.position, pe),
        ignored?.child(pe),
      );
    }
  }
}

function doList(types: SchemaTypes, cmp: Comparison, list: ListAtom, node: Node): void {
  const lhs = Array.isArray(node.lhs) ? node.lhs : undefined;
  const rhs = Array.isArray(node.rhs) ? node.rhs : undefined;
  if (list.relationship === 'atomic' || (!lhs?.length && !rhs?.length)) {
    leaf(cmp, node);
    return;
  }
  // Group both sides' elements by path element; duplicated keys compare as whole groups.
  const order: { id: string; pe: PathElement }[] = [];
  const groups = new Map<string, { l: unknown[]; r: unknown[] }>();
  const add = (items: unknown[], side: 'l' | 'r') => {
    for (const item of items) {
      const pe = types.listItemElement(list, item);
      if (typeof pe === 'string') continue;
      const id = groupId(pe);
      let g = groups.get(id);
      if (!g) {
        g = { l: [], r: [] };
        groups.set(id, g);
        order.push({ id, pe });
      }
      g[side].push(item);
    }
  };
  add(lhs ?? [], 'l');
  add(rhs ?? [], 'r');
  for (const { id, pe } of order) {
    const { l, r } = groups.get(id)!;
    const item = at(node.position, pe);
    if (l.length <= 1 && r.length <= 1) {
      compareNode(types, cmp, l[0], r[0], list.element, item);
    } else if (l.length >= 2 && r.length >= 2) {
      if (!valuesEqual(l, r)) record(cmp, 'modified', item);
    } else if (l.length >= 2) {
      if (r.length) compareNode(types, cmp, undefined, r[0], list.element, item);
      record(cmp, 'removed', item);
    } else {
      if (l.length) compareNode(types, cmp, l[0], undefined, list.element, item);
      record(cmp, 'added', item);
    }
  }
}

/**
 * An identity for a list element's path element: equal exactly when the elements' `fieldsV1`
 * keys are (serializePathElement), but made by the native JSON.stringify when the key values are
 * scalars, whose JSON text is then one-to-one with Go's (only `<>&` and two line separators are
 * written differently, and numbers alike).
 */
function groupId(pe: PathElement): string {
  if ('key' in pe) {
    for (const [, v] of pe.key) if (typeof v === 'object' && v !== null) return serializePathElement(pe);
    return JSON.stringify(pe.key);
  }
  if ('value' in pe && (typeof pe.value !== 'object' || pe.value === null))
    return `v${JSON.stringify(pe.value)}`;
  if ('index' in pe) return `i${pe.index}`;
  return serializePathElement(pe);
}
