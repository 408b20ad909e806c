// Strategic merge patch failures, each with the HTTP code upstream's patch handler gives it
// (`interpretStrategicMergePatchError`): a few named format errors are 400, lists of lists and
// retainKeys mismatches are 422 with the generic message, everything else is a 500 with the
// text of upstream's error (k8s.io/apimachinery/pkg/util/mergepatch/errors.go).
import type { StatusError } from '../status.ts';
import { goTypeName, goValue } from './go-format.ts';
import { patchBadRequest, patchInternal, patchRejected } from './patch-errors.ts';

export const badPatchFormatForPrimitiveList = (): StatusError =>
  patchBadRequest('invalid patch format of primitive list');

export const badPatchFormatForRetainKeys = (): StatusError =>
  patchBadRequest('invalid patch format of retainKeys');

export const badPatchFormatForSetElementOrderList = (): StatusError =>
  patchBadRequest('invalid patch format of setElementOrder list');

export const noListOfLists = (): StatusError => patchRejected('lists of lists are not supported');

export function noMergeKey(m: unknown, key: string): StatusError {
  return patchInternal(`map: ${goValue(m)} does not contain declared merge key: ${key}`);
}

/** `expected a <type>, but received a <type>`: `expected` names the Go type upstream wanted. */
export function badArgType(expected: 'map' | 'slice', actual: unknown): StatusError {
  const want = expected === 'map' ? 'map[string]interface {}' : '[]interface {}';
  return patchInternal(`expected a ${want}, but received a ${goTypeName(actual)}`);
}

export function badPatchType(directive: unknown, m: unknown): StatusError {
  const shown =
    typeof directive === 'string' ? directive : `%!s(${goTypeName(directive)}=${goValue(directive)})`;
  return patchInternal(`unknown patch type: ${shown} in map: ${goValue(m)}`);
}

export { patchInternal as smpInternal };
