// The generic metadata checks every write gets (upstream's ValidateObjectMeta[Update]),
// with the name rule the kind's strategy asks for.
import type { KubeObject } from '../api/strategy.ts';
import type { FieldError } from '../machinery/status.ts';
import { validateObjectMeta, validateObjectMetaAndUpdate } from '../machinery/validation/object-meta.ts';
import type { ServedResource } from './registry/resource-table.ts';

function options(served: ServedResource) {
  const rule = served.strategy.nameRule ?? 'subdomain';
  // 'custom': the strategy validates names itself (RBAC names only forbid '/' and '%').
  return rule === 'custom'
    ? { namespaced: served.namespaced, nameRule: 'custom' as const, validateName: () => [] }
    : { namespaced: served.namespaced, nameRule: rule };
}

export function validateMetaCreate(obj: KubeObject, served: ServedResource): FieldError[] {
  return validateObjectMeta(obj.metadata, options(served));
}

export function validateMetaUpdate(obj: KubeObject, old: KubeObject, served: ServedResource): FieldError[] {
  return validateObjectMetaAndUpdate(obj.metadata, old.metadata, options(served));
}
