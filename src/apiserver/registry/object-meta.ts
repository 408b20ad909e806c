// The metadata fields the server owns: set on create, carried over on update (upstream's
// FillObjectMetaSystemFields, BeforeCreate and BeforeUpdate). Pure.
import { randomUUID } from 'node:crypto';
import type { KubeObject, ObjectMeta } from '../../api/strategy.ts';
import { deepEqual } from '../../machinery/json-value.ts';
import { formatTime } from '../../machinery/time.ts';

/** RFC 3339 with seconds precision, as metav1.Time serializes. */
export function rfc3339(date: Date): string {
  // Every create and bind stamps the current second: format each second once.
  const second = Math.floor(date.getTime() / 1000);
  if (second !== lastSecond) {
    lastText = formatTime(date);
    lastSecond = second;
  }
  return lastText;
}

let lastSecond = Number.NaN;
let lastText = '';

// Upstream's generated-name alphabet: no vowels (no accidental words) and no look-alikes (0/1/3).
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const RANDOM_LENGTH = 5;
const MAX_GENERATED_BASE = 63 - RANDOM_LENGTH;

export function generateName(base: string): string {
  const trimmed = base.length > MAX_GENERATED_BASE ? base.slice(0, MAX_GENERATED_BASE) : base;
  let suffix = '';
  for (let i = 0; i < RANDOM_LENGTH; i++)
    suffix += NAME_ALPHABET[Math.floor(Math.random() * NAME_ALPHABET.length)];
  return trimmed + suffix;
}

/**
 * Sets the system fields of an object being created: namespace from the URL (cluster-scoped
 * objects lose any), a generated name when asked, uid, creationTimestamp; clears fields that
 * clients may not set on create.
 */
export function fillCreateMeta(
  obj: KubeObject,
  namespace: string,
  namespaced: boolean,
  now: Date,
): ObjectMeta {
  obj.metadata ??= {};
  const meta = obj.metadata;
  if (namespaced) meta.namespace = namespace;
  else delete meta.namespace;
  if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName);
  meta.uid = randomUUID();
  meta.creationTimestamp = rfc3339(now);
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  delete meta.selfLink;
  delete meta.generation;
  return dropEmptyCollections(obj);
}

/**
 * Go's `omitempty` on ObjectMeta's maps and lists: an object whose last label, annotation,
 * finalizer or owner reference was removed has none, not `{}` or `[]`.
 */
function dropEmptyCollections(obj: KubeObject): ObjectMeta {
  const meta = obj.metadata!;
  const empty = OMIT_EMPTY.filter((key) => {
    const value = meta[key];
    return value !== undefined && value !== null && Object.keys(value).length === 0;
  });
  if (empty.length === 0) return meta;
  // A copy without them rather than `delete`, which leaves V8 a slow dictionary-mode object
  // that every later read and each JSON.stringify of the object pays for; keys keep their order.
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(meta)) if (!empty.includes(key as never)) copy[key] = value;
  obj.metadata = copy as ObjectMeta;
  return obj.metadata;
}

const OMIT_EMPTY = ['labels', 'annotations', 'finalizers', 'ownerReferences'] as const;

/**
 * Carries the server-owned fields of `old` into an updated object: uid, creationTimestamp,
 * namespace, generation, deletion fields (they change only through DELETE) and, unless the
 * client sent them, nothing else. `resourceVersion` is the caller's precondition and is
 * checked before this runs.
 */
export function carryUpdateMeta(obj: KubeObject, old: KubeObject): ObjectMeta {
  obj.metadata ??= {};
  const meta = obj.metadata;
  const prev = old.metadata ?? {};
  if (prev.uid !== undefined) meta.uid = prev.uid;
  if (prev.creationTimestamp !== undefined) meta.creationTimestamp = prev.creationTimestamp;
  else delete meta.creationTimestamp;
  if (prev.namespace !== undefined) meta.namespace = prev.namespace;
  if (prev.generation !== undefined) meta.generation = prev.generation;
  else delete meta.generation;
  if (prev.deletionTimestamp !== undefined) meta.deletionTimestamp = prev.deletionTimestamp;
  else delete meta.deletionTimestamp;
  if (prev.deletionGracePeriodSeconds !== undefined)
    meta.deletionGracePeriodSeconds = prev.deletionGracePeriodSeconds;
  else delete meta.deletionGracePeriodSeconds;
  delete meta.selfLink;
  return dropEmptyCollections(obj);
}

/** Upstream's rule for when spec-bearing kinds bump generation: anything outside metadata and status changed. */
export function specChanged(obj: KubeObject, old: KubeObject): boolean {
  for (const key of new Set([...Object.keys(obj), ...Object.keys(old)])) {
    if (key === 'metadata' || key === 'status' || key === 'apiVersion' || key === 'kind') continue;
    if (!deepEqual(obj[key], old[key])) return true;
  }
  return false;
}
