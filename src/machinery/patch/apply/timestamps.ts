// Keeps a write that changes nothing but managedFields timestamps from bumping the object's
// resourceVersion (upstream's IgnoreManagedFieldsTimestampsTransformer, applied after admission):
// when the entries are pairwise equal except for `time` and the rest of the object is unchanged,
// the old times are put back, so the API server can see the write as a no-op.
//
// Usage (update/patch/apply path, just before storing): next = ignoreManagedFieldsTimestamps(next, old);
import { isJsonObject, jsonEqual } from '../patch-errors.ts';

type JsonObject = Record<string, unknown>;

function entriesOf(obj: JsonObject): JsonObject[] {
  const meta = obj.metadata;
  const mf = isJsonObject(meta) ? meta.managedFields : undefined;
  return Array.isArray(mf) ? (mf as JsonObject[]) : [];
}

/**
 * jsonEqual of `a` and `b` without their member `skip` (metadata's `managedFields`, an entry's
 * `time`), compared in place, and without `nested` (metadata) until the other members agree: a
 * write that changes anything changes it there (a Lease's renewTime, a pod's status).
 */
function equalExcept(a: JsonObject, b: JsonObject, skip: string | undefined, nested?: string): boolean {
  let count = 0;
  for (const key in a) {
    const v = a[key];
    if (key === skip || key === nested || v === undefined) continue;
    count++;
    if (!jsonEqual(v, b[key])) return false;
  }
  for (const key in b) if (key !== skip && key !== nested && b[key] !== undefined) count--;
  if (count !== 0) return false;
  if (nested === undefined) return true;
  const x = a[nested];
  const y = b[nested];
  if (x === undefined || y === undefined) return x === y;
  // Without managedFields, metadata compares as a whole when it is no object (as the copies did).
  if (!isJsonObject(x) || !isJsonObject(y)) return jsonEqual(x, y);
  return equalExcept(x, y, 'managedFields');
}

export function ignoreManagedFieldsTimestamps(next: JsonObject, old: JsonObject): JsonObject {
  const before = entriesOf(old);
  const after = entriesOf(next);
  if (after.length === 0 || after.length !== before.length) return next;
  if (after.every((e, i) => e.time === before[i]!.time)) return next;
  if (!after.every((e, i) => equalExcept(e, before[i]!, 'time'))) return next;
  if (!equalExcept(next, old, undefined, 'metadata')) return next;
  const entries = after.map((e, i) => {
    const copy: JsonObject = { ...e };
    if (before[i]!.time === undefined) delete copy.time;
    else copy.time = before[i]!.time;
    return copy;
  });
  return { ...next, metadata: { ...(next.metadata as JsonObject), managedFields: entries } };
}
