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

function withoutManagedFields(obj: JsonObject): JsonObject {
  if (!isJsonObject(obj.metadata)) return obj;
  const { managedFields: _, ...meta } = obj.metadata;
  return { ...obj, metadata: meta };
}

const withoutTime = (e: JsonObject) => {
  const { time: _, ...rest } = e;
  return rest;
};

export function ignoreManagedFieldsTimestamps(next: JsonObject, old: JsonObject): JsonObject {
  const before = entriesOf(old);
  const after = entriesOf(next);
  if (after.length === 0 || after.length !== before.length) return next;
  if (after.every((e, i) => e.time === before[i]!.time)) return next;
  if (!after.every((e, i) => jsonEqual(withoutTime(e), withoutTime(before[i]!)))) return next;
  if (!jsonEqual(withoutManagedFields(next), withoutManagedFields(old))) return next;
  const entries = after.map((e, i) => {
    const copy: JsonObject = { ...e };
    if (before[i]!.time === undefined) delete copy.time;
    else copy.time = before[i]!.time;
    return copy;
  });
  return { ...next, metadata: { ...(next.metadata as JsonObject), managedFields: entries } };
}
