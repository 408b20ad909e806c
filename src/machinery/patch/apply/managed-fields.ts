// `metadata.managedFields`: who owns which fields, decoded into field sets keyed by a manager
// identifier and encoded back in upstream's wire form and order (k8s.io/apimachinery/pkg/util/
// managedfields/internal/managedfields.go). The identifier is the entry without its fields and
// time — and, for Apply entries, without apiVersion — as JSON:
//   {"manager":"kubectl-edit","operation":"Update","apiVersion":"apps/v1"}
import { compareGoStrings } from '../go-format.ts';
import { FieldSet } from './field-set.ts';

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  /** RFC 3339, seconds precision, UTC. */
  time?: string;
  fieldsType?: string;
  fieldsV1?: Record<string, unknown>;
  subresource?: string;
}

export interface VersionedSet {
  set: FieldSet;
  apiVersion: string;
  applied: boolean;
}

/** Field ownership by manager identifier, with the time each manager last changed something. */
export interface Managed {
  fields: Map<string, VersionedSet>;
  times: Map<string, string | undefined>;
}

export const emptyManaged = (): Managed => ({ fields: new Map(), times: new Map() });

export function managerIdentifier(
  e: Pick<ManagedFieldsEntry, 'manager' | 'operation' | 'apiVersion' | 'subresource'>,
): string {
  // JSON.stringify of {manager, operation, apiVersion, subresource} (the members set), written out.
  let id = '';
  if (e.manager) id += `,"manager":${JSON.stringify(e.manager)}`;
  if (e.operation) id += `,"operation":${JSON.stringify(e.operation)}`;
  if (e.apiVersion && e.operation !== 'Apply') id += `,"apiVersion":${JSON.stringify(e.apiVersion)}`;
  if (e.subresource) id += `,"subresource":${JSON.stringify(e.subresource)}`;
  return id === '' ? '{}' : `{${id.slice(1)}}`;
}

// Most writes leave most entries as they were (a status write by the kubelet keeps its creator's
// entry, a Lease renewal keeps everything): reading and emitting every entry again on every write
// was a large part of the update path. A `fieldsV1` object this process emitted (so its text is
// the canonical one) and that is frozen (the watch cache's, which nothing changes again; the new
// object shares it as any unchanged subtree) is read lazily (FieldSet.ofCanonical: only the levels
// a write reaches are parsed), and an entry's set that a write leaves as it was (the very same
// FieldSet object: sets never change once built) is encoded as that object again. Only the
// emitted objects are remembered, not their sets: a set kept for every cached object would double
// the heap those objects take.
const emitted = new WeakSet<object>();
const fieldsOfSet = new WeakMap<FieldSet, Record<string, unknown>>();

function decodeSet(fieldsV1: unknown): FieldSet {
  if (
    typeof fieldsV1 === 'object' &&
    fieldsV1 !== null &&
    Object.isFrozen(fieldsV1) &&
    emitted.has(fieldsV1)
  ) {
    const set = FieldSet.ofCanonical(fieldsV1 as Record<string, unknown>);
    fieldsOfSet.set(set, fieldsV1 as Record<string, unknown>);
    return set;
  }
  return FieldSet.fromFieldsV1(fieldsV1);
}

function encodeSet(set: FieldSet): Record<string, unknown> {
  const known = fieldsOfSet.get(set);
  if (known && Object.isFrozen(known)) return known;
  const fields = set.toFieldsV1();
  fieldsOfSet.set(set, fields);
  emitted.add(fields);
  return fields;
}

/** Decodes entries; throws with upstream's wording on an invalid entry. */
export function decodeManagedFields(entries: unknown): Managed {
  const managed = emptyManaged();
  if (entries === undefined || entries === null) return managed;
  if (!Array.isArray(entries)) throw new Error('managedFields must be a list');
  entries.forEach((raw, i) => {
    const e = (raw ?? {}) as ManagedFieldsEntry;
    if (e.operation !== 'Apply' && e.operation !== 'Update')
      throw new Error('operation must be `Apply` or `Update`');
    if (!e.apiVersion) throw new Error('apiVersion must not be empty');
    if (!e.fieldsType) throw new Error(`missing fieldsType in managed fields entry ${i}`);
    if (e.fieldsType !== 'FieldsV1')
      throw new Error(`invalid fieldsType ${JSON.stringify(e.fieldsType)} in managed fields entry ${i}`);
    let set: FieldSet;
    try {
      set = decodeSet(e.fieldsV1 ?? {});
    } catch (err) {
      throw new Error(
        `error decoding versioned set from ${JSON.stringify(e)}: error decoding set: ${(err as Error).message}`,
      );
    }
    const id = managerIdentifier(e);
    managed.fields.set(id, { set, apiVersion: e.apiVersion, applied: e.operation === 'Apply' });
    managed.times.set(id, e.time);
  });
  return managed;
}

/** Encodes ownership as entries sorted as upstream sorts them; undefined when nobody owns anything. */
export function encodeManagedFields(managed: Managed): ManagedFieldsEntry[] | undefined {
  if (managed.fields.size === 0) return undefined;
  const entries: ManagedFieldsEntry[] = [];
  for (const [id, vs] of managed.fields) {
    const parsed = parsedIdentifier(id);
    const time = managed.times.get(id);
    // Keys in the order of upstream's ManagedFieldsEntry struct.
    const entry: ManagedFieldsEntry = {};
    if (parsed.manager) entry.manager = parsed.manager;
    entry.operation = vs.applied ? 'Apply' : (parsed.operation ?? 'Update');
    entry.apiVersion = vs.apiVersion;
    if (time) entry.time = time;
    entry.fieldsType = 'FieldsV1';
    entry.fieldsV1 = encodeSet(vs.set);
    if (parsed.subresource) entry.subresource = parsed.subresource;
    entries.push(entry);
  }
  return entries.sort(compareEntries);
}

// Every write encodes every entry, and the same few identifiers and times recur: each is parsed once.
const parsedIds = new Map<string, ManagedFieldsEntry>();
const parsedTimes = new Map<string, number>();
const PARSED_LIMIT = 1024;

function parsedIdentifier(id: string): Readonly<ManagedFieldsEntry> {
  let parsed = parsedIds.get(id);
  if (parsed === undefined) {
    if (parsedIds.size >= PARSED_LIMIT) parsedIds.clear();
    parsed = JSON.parse(id) as ManagedFieldsEntry;
    parsedIds.set(id, parsed);
  }
  return parsed;
}

function seconds(time: string | undefined): number {
  if (!time) return 0;
  let s = parsedTimes.get(time);
  if (s === undefined) {
    if (parsedTimes.size >= PARSED_LIMIT) parsedTimes.clear();
    const ms = Date.parse(time);
    s = Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
    parsedTimes.set(time, s);
  }
  return s;
}

function compareEntries(p: ManagedFieldsEntry, q: ManagedFieldsEntry): number {
  return (
    compareGoStrings(p.operation ?? '', q.operation ?? '') ||
    seconds(p.time) - seconds(q.time) ||
    compareGoStrings(p.manager ?? '', q.manager ?? '') ||
    compareGoStrings(p.apiVersion ?? '', q.apiVersion ?? '') ||
    compareGoStrings(p.subresource ?? '', q.subresource ?? '')
  );
}

/** True for `[]` and `[{}]`: a client asking for ownership to be forgotten. */
export function isResetManagedFields(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  if (entries.length === 0) return true;
  return (
    entries.length === 1 &&
    typeof entries[0] === 'object' &&
    entries[0] !== null &&
    Object.keys(entries[0]).length === 0
  );
}

export const MAX_UPDATE_MANAGERS = 10;

/**
 * Keeps at most `max` Update managers: the oldest ones' fields move, per API version, into an
 * `ancient-changes` manager (upstream's capManagersManager).
 */
export function capUpdateManagers(managed: Managed, max = MAX_UPDATE_MANAGERS): void {
  if (managed.fields.size <= max) return;
  const updaters = [...managed.fields].filter(([, vs]) => !vs.applied).map(([id]) => id);
  if (updaters.length <= max) return;
  updaters.sort(
    (a, b) => seconds(managed.times.get(a)) - seconds(managed.times.get(b)) || compareGoStrings(a, b),
  );
  const firstOfVersion = new Map<string, string>();
  let length = updaters.length;
  for (let i = 0; i < updaters.length && length > max; i++) {
    const id = updaters[i]!;
    const vs = managed.fields.get(id)!;
    const time = managed.times.get(id);
    const bucket = managerIdentifier({
      manager: 'ancient-changes',
      operation: 'Update',
      apiVersion: vs.apiVersion,
    });
    const first = firstOfVersion.get(vs.apiVersion);
    if (first === undefined) {
      firstOfVersion.set(vs.apiVersion, id);
      continue;
    }
    if (!managed.fields.has(bucket)) {
      managed.fields.set(bucket, managed.fields.get(first)!);
      managed.fields.delete(first);
    }
    const current = managed.fields.get(bucket)!;
    managed.fields.set(bucket, {
      set: vs.set.union(current.set),
      apiVersion: vs.apiVersion,
      applied: vs.applied,
    });
    managed.fields.delete(id);
    length--;
    managed.times.set(bucket, time);
  }
  for (const id of managed.times.keys()) if (!managed.fields.has(id)) managed.times.delete(id);
}

/** Upstream's manager name for requests without ?fieldManager: the user agent up to its first "/". */
export function managerFromUserAgent(userAgent: string): string {
  let out = '';
  for (const ch of userAgent.split('/')[0] ?? '') {
    if (/\p{C}/u.test(ch)) continue;
    if (Buffer.byteLength(out + ch) > 128) break;
    out += ch;
  }
  return out;
}
