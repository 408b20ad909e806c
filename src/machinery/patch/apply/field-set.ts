// A set of field paths, stored as a tree the way structured-merge-diff's fieldpath.Set is: at
// each node the elements that are members (a path ends there) and the children (paths go on),
// both sorted by path element. Its wire form is `fieldsV1`:
//   {"f:metadata":{"f:labels":{".":{},"f:app":{}}}}
// where `{}` marks a member and `"."` marks a node that is itself a member and has children.
import type { FieldPath, PathElement } from './path-element.ts';
import { comparePathElements, deserializePathElement, serializePathElement } from './path-element.ts';

interface Child {
  readonly pe: PathElement;
  readonly set: FieldSet;
}

/** Binary search: index of `pe` in a sorted list, or -(insertion point) - 1. */
function search<T>(list: readonly T[], pe: PathElement, get: (t: T) => PathElement): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = comparePathElements(get(list[mid]!), pe);
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -lo - 1;
}

/** Every `{}` of an emitted fieldsV1 (a member, or "." for a node that is one): one frozen object. */
const LEAF: Readonly<Record<string, never>> = Object.freeze({});

const self = (pe: PathElement) => pe;
const childPe = (c: Child) => c.pe;

export class FieldSet {
  #members: PathElement[] = [];
  #children: Child[] = [];
  /** The canonical `fieldsV1` this set stands for, while its own level is not parsed yet. */
  #source: Readonly<Record<string, unknown>> | undefined;

  /** Sorted; do not modify a set after it has been combined with others. */
  get members(): PathElement[] {
    if (this.#source !== undefined) this.#parse();
    return this.#members;
  }

  /** Sorted by path element; each child set is non-empty. */
  get children(): Child[] {
    if (this.#source !== undefined) this.#parse();
    return this.#children;
  }

  /**
   * The set of `fields`, a `fieldsV1` object this module emitted and nobody can change since
   * (frozen): its keys are canonical, sorted and unique, so each level is read on first use, in
   * order, and the levels a write never reaches are never read at all. (A status write need not
   * read the creator's whole spec to find that it owns nothing there.)
   */
  static ofCanonical(fields: Readonly<Record<string, unknown>>): FieldSet {
    const set = new FieldSet();
    set.#source = fields;
    return set;
  }

  /** Reads this level of #source: `{}` or `{".": {}}` is a member, anything else a child set (and a member with "."). */
  #parse(): void {
    const source = this.#source!;
    this.#source = undefined;
    for (const key in source) {
      if (key === '.') continue;
      const pe = deserializePathElement(key)!;
      const value = source[key] as Readonly<Record<string, unknown>>;
      let self = false;
      let below = false;
      for (const k in value) {
        if (k === '.') self = true;
        else below = true;
        if (self && below) break;
      }
      if (self || !below) this.#members.push(pe);
      if (below) this.#children.push({ pe, set: FieldSet.ofCanonical(value) });
    }
  }

  /** The canonical fieldsV1 of an unread set whose own membership is `includeSelf`, to emit it as it was. */
  #unread(includeSelf: boolean): Readonly<Record<string, unknown>> | undefined {
    const source = this.#source;
    if (source === undefined) return undefined;
    return Object.hasOwn(source, '.') === includeSelf ? source : undefined;
  }

  static of(...paths: FieldPath[]): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  insert(path: FieldPath): void {
    if (path.length === 0) return;
    let node: FieldSet = this;
    for (let i = 0; i < path.length - 1; i++) node = node.childNode(path[i]!);
    node.addMember(path[path.length - 1]!);
  }

  /** While building a set: makes `pe` a member (`insert([pe])`). */
  addMember(pe: PathElement): void {
    const at = search(this.members, pe, self);
    if (at < 0) this.members.splice(-at - 1, 0, pe);
  }

  /** While building a set: the child set at `pe`, added empty when absent. */
  childNode(pe: PathElement): FieldSet {
    const at = search(this.children, pe, childPe);
    if (at >= 0) return this.children[at]!.set;
    const set = new FieldSet();
    this.children.splice(-at - 1, 0, { pe, set });
    return set;
  }

  has(path: FieldPath): boolean {
    if (path.length === 0) return false;
    let node: FieldSet | undefined = this;
    for (let i = 0; i < path.length - 1 && node; i++) node = node.child(path[i]!);
    return node !== undefined && search(node.members, path[path.length - 1]!, self) >= 0;
  }

  hasMember(pe: PathElement): boolean {
    return search(this.members, pe, self) >= 0;
  }

  child(pe: PathElement): FieldSet | undefined {
    const at = search(this.children, pe, childPe);
    return at >= 0 ? this.children[at]!.set : undefined;
  }

  /** The paths below `pe` (empty set when none). */
  withPrefix(pe: PathElement): FieldSet {
    return this.child(pe) ?? new FieldSet();
  }

  empty(): boolean {
    return this.members.length === 0 && this.children.every((c) => c.set.empty());
  }

  size(): number {
    return this.members.length + this.children.reduce((n, c) => n + c.set.size(), 0);
  }

  equals(o: FieldSet): boolean {
    // Combined sets share the subtrees they leave as they were: equal without a walk.
    if (this === o) return true;
    return (
      this.members.length === o.members.length &&
      this.members.every((m, i) => comparePathElements(m, o.members[i]!) === 0) &&
      this.children.length === o.children.length &&
      this.children.every(
        (c, i) => comparePathElements(c.pe, o.children[i]!.pe) === 0 && c.set.equals(o.children[i]!.set),
      )
    );
  }

  /** No members and no children at all (cheaper than empty(), which also sees through empty children). */
  private bare(): boolean {
    return this.members.length === 0 && this.children.length === 0;
  }

  // Combining with a bare set gives the other set itself (sets are not modified once combined,
  // and subtrees are shared anyway): a create's comparison has nothing modified or removed.
  // A union that adds nothing is the set itself: a manager writing fields it already owns (a
  // Lease renewal's renewTime) keeps its set, which then need not be encoded again.
  union(o: FieldSet): FieldSet {
    if (o.bare()) return this;
    if (this.bare()) return o;
    const members = mergeSorted(this.members, o.members, self, (a) => a);
    const children = mergeSorted(this.children, o.children, childPe, (a, b) => {
      const set = a.set.union(b.set);
      return set === a.set ? a : { pe: a.pe, set };
    });
    if (
      members.length === this.members.length &&
      children.length === this.children.length &&
      children.every((c, i) => c === this.children[i])
    ) {
      return this;
    }
    const out = new FieldSet();
    out.members.push(...members);
    out.children.push(...children);
    return out;
  }

  intersection(o: FieldSet): FieldSet {
    const out = new FieldSet();
    if (o.bare() || this.bare()) return out;
    out.members.push(...this.members.filter((m) => o.hasMember(m)));
    for (const c of this.children) {
      const other = o.child(c.pe);
      if (!other) continue;
      const set = c.set.intersection(other);
      if (!set.empty()) out.children.push({ pe: c.pe, set });
    }
    return out;
  }

  // difference and recursiveDifference return the set itself when they remove nothing: a write
  // that removes a field takes it from every manager, and the managers that did not own it keep
  // their set, which then need not be encoded again (see managed-fields.ts).

  /** Removes `o`'s paths; a member of `o` does not remove what lies below it here. */
  difference(o: FieldSet): FieldSet {
    if (o.bare()) return this;
    const out = new FieldSet();
    let changed = false;
    for (const m of this.members) {
      if (o.hasMember(m)) changed = true;
      else out.members.push(m);
    }
    for (const c of this.children) {
      const other = o.child(c.pe);
      if (!other) {
        out.children.push(c);
        continue;
      }
      const set = c.set.difference(other);
      if (set !== c.set) changed = true;
      if (!set.empty()) out.children.push(set === c.set ? c : { pe: c.pe, set });
      else changed = true;
    }
    return changed ? out : this;
  }

  /** Removes `o`'s paths and everything below `o`'s members. */
  recursiveDifference(o: FieldSet): FieldSet {
    if (o.bare()) return this;
    const out = new FieldSet();
    let changed = false;
    for (const m of this.members) {
      if (o.hasMember(m)) changed = true;
      else out.members.push(m);
    }
    for (const c of this.children) {
      if (o.hasMember(c.pe)) {
        changed = true;
        continue;
      }
      const other = o.child(c.pe);
      if (!other) {
        out.children.push(c);
        continue;
      }
      const set = c.set.recursiveDifference(other);
      if (set !== c.set) changed = true;
      if (!set.empty()) out.children.push(set === c.set ? c : { pe: c.pe, set });
      else changed = true;
    }
    return changed ? out : this;
  }

  /** Every path, members of a node before its children's paths (upstream's iteration order). */
  paths(prefix: FieldPath = []): FieldPath[] {
    const out: FieldPath[] = this.members.map((m) => [...prefix, m]);
    for (const c of this.children) out.push(...c.set.paths([...prefix, c.pe]));
    return out;
  }

  /** The `fieldsV1` object; parts of it may be frozen and shared (leaves, levels nobody read): do not change it. */
  toFieldsV1(): Record<string, unknown> {
    return this.emit(false);
  }

  private emit(includeSelf: boolean): Readonly<Record<string, unknown>> {
    // A subtree nobody read is emitted as the canonical text it was read from.
    const unread = this.#unread(includeSelf);
    if (unread !== undefined) return unread;
    const out: Record<string, unknown> = {};
    if (includeSelf && (this.members.length > 0 || this.children.length > 0)) out['.'] = LEAF;
    let mi = 0;
    let ci = 0;
    while (mi < this.members.length || ci < this.children.length) {
      const m = this.members[mi];
      const c = this.children[ci];
      const order = m === undefined ? 1 : c === undefined ? -1 : comparePathElements(m, c.pe);
      if (order < 0) {
        out[serializePathElement(m!)] = LEAF;
        mi++;
      } else {
        out[serializePathElement(c!.pe)] = c!.set.emit(order === 0);
        if (order === 0) mi++;
        ci++;
      }
    }
    return out;
  }

  /** Parses `fieldsV1`; throws on malformed keys or values. */
  static fromFieldsV1(fields: unknown): FieldSet {
    return readFields(fields).children ?? new FieldSet();
  }
}

function readFields(fields: unknown): { children?: FieldSet; isMember: boolean } {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    throw new Error(`expected an object in fieldsV1, got ${JSON.stringify(fields)}`);
  }
  let children: FieldSet | undefined;
  let isMember = false;
  for (const [key, value] of Object.entries(fields)) {
    if (key === '.') {
      isMember = true;
      continue;
    }
    const pe = deserializePathElement(key);
    if (!pe) continue;
    const sub = readFields(value);
    children ??= new FieldSet();
    if (sub.isMember) children.insert([pe]);
    if (sub.children) {
      const existing = children.child(pe);
      if (existing)
        children.children[children.children.findIndex((c) => c.set === existing)] = {
          pe,
          set: existing.union(sub.children),
        };
      else
        children.children.splice(-search(children.children, pe, childPe) - 1, 0, { pe, set: sub.children });
    }
  }
  return { children, isMember: isMember || children === undefined };
}

/** Merges two sorted lists; `both` combines elements present in each. */
function mergeSorted<T>(
  a: readonly T[],
  b: readonly T[],
  pe: (t: T) => PathElement,
  both: (x: T, y: T) => T,
): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const c = comparePathElements(pe(a[i]!), pe(b[j]!));
    if (c < 0) out.push(a[i++]!);
    else if (c > 0) out.push(b[j++]!);
    else out.push(both(a[i++]!, b[j++]!));
  }
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}
