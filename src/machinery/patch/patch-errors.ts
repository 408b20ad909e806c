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

// JSON value helpers shared with the rest of machinery (patch functions never mutate their inputs).
export { deepClone as cloneJson, deepEqual as jsonEqual, isJsonObject } from '../json-value.ts';
