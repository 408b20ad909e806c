// RFC 7386 JSON merge patch (`application/merge-patch+json`), applied as the API server applies
// it (gopkg.in/evanphx/json-patch.v4 MergePatch): objects merge recursively, `null` deletes a
// key, anything else (arrays included) replaces. Nulls inside newly added values are dropped.
// Used by `kubectl label`, `annotate`, `scale` and `patch --type=merge`, and for custom resources.
//
// Usage (the API server, PATCH with Content-Type application/merge-patch+json):
//   const patched = applyMergePatch(liveObject, JSON.parse(body)); // 400 "Invalid JSON Patch" for null or a scalar
//   // A top-level array patch yields that array, which then fails to decode as upstream's does.
import { cloneJson, isJsonObject, patchBadRequest } from './patch-errors.ts';

/**
 * Returns `doc` with `patch` merged in; inputs are not modified. The result shares the subtrees
 * of `doc` the patch does not reach (only the objects on patched paths are copied): a status
 * patch of a pod copies the pod and its status, not its spec.
 */
export function applyMergePatch(doc: unknown, patch: unknown): unknown {
  if (patch === null || patch === undefined || (typeof patch !== 'object' && !Array.isArray(patch))) {
    throw patchBadRequest('Invalid JSON Patch');
  }
  if (Array.isArray(patch)) return cloneWithoutNulls(patch);
  if (!isJsonObject(doc)) return cloneWithoutNulls(patch);
  return mergeCopy(doc, patch as Record<string, unknown>);
}

/** A shallow copy of `doc` with `patch` merged in (doc's own objects are never changed). */
function mergeCopy(doc: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out = copyMembers(doc);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete out[key];
      continue;
    }
    const current = out[key];
    if (current === undefined || current === null) {
      setMember(out, key, cloneWithoutNulls(value));
    } else {
      setMember(out, key, merge(current, value));
    }
  }
  return out;
}

function merge(current: unknown, patch: unknown): unknown {
  // A non-object current value is replaced by the (null-pruned) patch value.
  if (!isJsonObject(current)) return cloneWithoutNulls(patch);
  // An object patched with a non-object is replaced as-is.
  if (!isJsonObject(patch)) return cloneJson(patch);
  return mergeCopy(current, patch);
}

/** `{...doc}`, keeping a "__proto__" member (legal in JSON) a plain own property. */
function copyMembers(doc: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(doc)) setMember(out, key, doc[key]);
  return out;
}

function setMember(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/**
 * A copy without null-valued keys in objects, recursively (null array elements stay, as
 * upstream): one pass, and no `delete` (which leaves V8 slow dictionary-mode objects, such as
 * every pod condition patched with `lastProbeTime: null`).
 */
function cloneWithoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = v[i] === null ? null : cloneWithoutNulls(v[i]);
    return out;
  }
  if (!isJsonObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const key in v) {
    const child = v[key];
    if (child === null || child === undefined) continue;
    setMember(out, key, cloneWithoutNulls(child));
  }
  return out;
}
