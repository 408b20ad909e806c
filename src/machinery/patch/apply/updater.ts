// Ownership bookkeeping for one write (structured-merge-diff's merge.Updater):
// - update: a non-apply write (create, update, patch) takes every field it added or changed,
//   from whoever owned it, and fields it removed are dropped from every owner;
// - apply: the configuration is merged into the live object, its applier now owns exactly the
//   configuration's fields, fields the applier owned before and no longer applies are removed
//   unless someone else owns them, and changing another manager's field is a conflict unless forced.
// The API version of each entry is recorded but objects are not converted between versions
// (our kinds are served in one version each).
import { type Comparison, compareValuesTyped } from './compare.ts';
import { type ApplyConflict, makeConflict } from './conflicts.ts';
import { FieldSet } from './field-set.ts';
import type { Managed, VersionedSet } from './managed-fields.ts';
import { mergeTyped } from './merge.ts';
import { removeItems } from './remove-items.ts';
import type { SchemaTypes } from './schema-types.ts';
import { ensureNamedFieldsAreMembers, toFieldSet } from './to-field-set.ts';
import { valuesEqual } from './value-order.ts';

export interface UpdaterOptions {
  types: SchemaTypes;
  /** Fields this endpoint never records ownership of (e.g. status on the main resource), recursively. */
  ignored?: FieldSet;
}

/** Thrown by `apply` when the configuration changes fields other managers own. */
export class Conflicts extends Error {
  readonly conflicts: ApplyConflict[];
  constructor(conflicts: ApplyConflict[]) {
    super(conflicts.map((c) => `conflict with ${c.manager}: ${c.field}`).join('\n'));
    this.conflicts = conflicts;
  }
}

function filtered(opts: UpdaterOptions, set: FieldSet): FieldSet {
  return opts.ignored ? set.recursiveDifference(opts.ignored) : set;
}

/** Compares old and new, takes changed fields away from other managers; throws Conflicts unless `force`. */
function update(
  opts: UpdaterOptions,
  oldObject: unknown,
  newObject: unknown,
  managers: Map<string, VersionedSet>,
  workflow: string,
  force: boolean,
): Comparison {
  const raw = compareValuesTyped(opts.types, oldObject, newObject, undefined, opts.ignored);
  const compare: Comparison = {
    added: filtered(opts, raw.added),
    modified: filtered(opts, raw.modified),
    removed: filtered(opts, raw.removed),
  };
  const changed = compare.modified.union(compare.added);
  const conflicts = new Map<string, FieldSet>();
  for (const [manager, vs] of managers) {
    if (manager === workflow) continue;
    const conflictSet = vs.set.intersection(changed);
    if (!conflictSet.empty()) conflicts.set(manager, conflictSet);
  }
  if (!force && conflicts.size > 0) {
    const list: ApplyConflict[] = [];
    for (const manager of [...conflicts.keys()].sort()) {
      for (const path of conflicts.get(manager)!.paths()) list.push(makeConflict(manager, path));
    }
    throw new Conflicts(list);
  }
  for (const [manager, conflictSet] of conflicts) {
    const vs = managers.get(manager)!;
    managers.set(manager, { ...vs, set: vs.set.difference(conflictSet) });
  }
  if (!compare.removed.empty()) {
    for (const [manager, vs] of managers) {
      if (manager === workflow) continue;
      managers.set(manager, { ...vs, set: vs.set.difference(compare.removed) });
    }
  }
  for (const [manager, vs] of managers) if (vs.set.empty()) managers.delete(manager);
  return compare;
}

/** Records a non-apply write by `manager` (an identifier); modifies `managed.fields`. */
export function recordUpdate(
  opts: UpdaterOptions,
  live: unknown,
  next: unknown,
  apiVersion: string,
  managed: Managed,
  manager: string,
): void {
  const compare = update(opts, live, next, managed.fields, manager, true);
  const previous = managed.fields.get(manager)?.set ?? new FieldSet();
  const set = filtered(
    opts,
    previous.difference(compare.removed).union(compare.modified).union(compare.added),
  );
  if (set.empty()) managed.fields.delete(manager);
  else managed.fields.set(manager, { set, apiVersion, applied: false });
}

/**
 * Merges `config` into `live` for `manager` (an identifier); modifies `managed.fields`.
 * Returns the new object, or undefined when the object does not change. Throws Conflicts.
 */
export function recordApply(
  opts: UpdaterOptions,
  live: unknown,
  config: unknown,
  apiVersion: string,
  managed: Managed,
  manager: string,
  force: boolean,
): unknown {
  const merged = mergeTyped(opts.types, live, config) ?? {};
  const lastSet = managed.fields.get(manager);
  const set = filtered(opts, toFieldSet(opts.types, config));
  managed.fields.set(manager, { set, apiVersion, applied: true });
  const pruned = prune(opts, merged, managed.fields, lastSet);
  update(opts, live, pruned, managed.fields, manager, force);
  return valuesEqual(live, pruned) ? undefined : pruned;
}

/** Removes what the applier owned last time, no longer applies, and nobody else owns. */
function prune(
  opts: UpdaterOptions,
  merged: unknown,
  managers: Map<string, VersionedSet>,
  lastSet: VersionedSet | undefined,
): unknown {
  if (!lastSet || lastSet.set.empty()) return merged;
  const { types } = opts;
  const named = (s: FieldSet) => ensureNamedFieldsAreMembers(types, s);
  const remove = (s: FieldSet) => removeItems(types, merged, s) ?? {};

  let pruned = remove(named(lastSet.set));
  // Add back whatever some manager (the applier's new configuration included) owns.
  let owned = new FieldSet();
  for (const vs of managers.values()) owned = owned.union(vs.set);
  const mergedSet = named(toFieldSet(types, merged));
  pruned = remove(mergedSet.difference(named(toFieldSet(types, pruned)).union(named(owned))));
  // Add back what the applier did not own before (unowned or Update-owned dangling fields).
  const prunedSet = named(toFieldSet(types, pruned));
  return remove(mergedSet.difference(prunedSet).intersection(named(lastSet.set)));
}
