// Server-side apply and managedFields: the public surface of this folder.
export { type ApplyConflict, ApplyConflictError, describeManager } from './conflicts.ts';
export {
  type ApplyOptions,
  type ApplyResult,
  FieldManager,
  type FieldManagerScope,
  serverSideApply,
  updateManagedFields,
} from './field-manager.ts';
export { FieldSet } from './field-set.ts';
export { LAST_APPLIED_ANNOTATION } from './last-applied.ts';
export {
  decodeManagedFields,
  encodeManagedFields,
  isResetManagedFields,
  type ManagedFieldsEntry,
  managerFromUserAgent,
  managerIdentifier,
} from './managed-fields.ts';
export { type FieldPath, type PathElement, pathString } from './path-element.ts';
export { ignoreManagedFieldsTimestamps } from './timestamps.ts';
