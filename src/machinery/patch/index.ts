// Every way the API server changes an object on PATCH and apply, as pure functions over JSON
// values (see each file's header for its usage):
//   application/json-patch+json             parseJsonPatch + applyJsonPatch
//   application/merge-patch+json            applyMergePatch
//   application/strategic-merge-patch+json  applyStrategicMergePatch (built-in kinds)
//   application/apply-patch+yaml            FieldManager.apply
//   and FieldManager.update for the managedFields of every other write.
export * from './apply/index.ts';
export {
  applyJsonPatch,
  type JsonPatchOperation,
  jsonPatchUnknownFields,
  MAX_JSON_PATCH_OPERATIONS,
  parseJsonPatch,
} from './json-patch.ts';
export { applyMergePatch } from './merge-patch.ts';
export { PATCH_REJECTED_MESSAGE } from './patch-errors.ts';
export { pruneNulls } from './prune-nulls.ts';
export { applyStrategicMergePatch } from './strategic-merge-patch.ts';
