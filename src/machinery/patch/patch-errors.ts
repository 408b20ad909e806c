// The three ways the API server reports a patch that cannot be applied, as upstream's patch
// handler does (k8s.io/apiserver/pkg/endpoints/handlers/patch.go):
// - 400 BadRequest with the error text, for malformed patch documents;
// - 422 built by `NewGenericServerResponse(422, ...)`: reason Invalid, a fixed message and empty
//   details; the underlying error text is dropped (kept here as `cause` for logs);
// - 500 with reason "" and the raw text, for every error upstream returns unconverted.
import { StatusError } from '../status.ts';

export const PATCH_REJECTED_MESSAGE = 'the server rejected our request due to an error in our request';

/** 422 Invalid, worded as upstream's generic server response (`kubectl` prints "The request is invalid: ..."). */
export function patchRejected(why: string): StatusError {
  const err = new StatusError(422, 'Invalid', PATCH_REJECTED_MESSAGE, {});
  err.cause = why;
  return err;
}

/** 400 BadRequest with upstream's message. */
export function patchBadRequest(message: string): StatusError {
  return new StatusError(400, 'BadRequest', message);
}

/** 500 with an empty reason: what upstream's error-to-Status conversion makes of a plain Go error. */
export function patchInternal(message: string): StatusError {
  return new StatusError(500, '', message);
}

/** Deep copy of a JSON value (patch functions never mutate their inputs). */
export function cloneJson<T>(v: T): T {
  return v === undefined ? v : structuredClone(v);
}

/** JSON deep equality: same keys (order ignored), same array order, numbers by value. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bl = b as unknown[];
    return a.length === bl.length && a.every((x, i) => jsonEqual(x, bl[i]));
  }
  const ak = Object.keys(a);
  const bo = b as Record<string, unknown>;
  if (ak.length !== Object.keys(bo).length) return false;
  return ak.every((k) => Object.hasOwn(bo, k) && jsonEqual((a as Record<string, unknown>)[k], bo[k]));
}

export function isJsonObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
