// The 409 a server-side apply gets when it would change fields another manager owns, worded as
// upstream's (k8s.io/apimachinery/pkg/util/managedfields/internal/conflict.go):
//   Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas
// with one `FieldManagerConflict` cause per field.

import { StatusError } from '../../status.ts';
import { compareGoStrings } from '../go-format.ts';
import type { ManagedFieldsEntry } from './managed-fields.ts';
import { type FieldPath, pathString } from './path-element.ts';

export interface ApplyConflict {
  /** The manager identifier (JSON of manager, operation, apiVersion, subresource). */
  managerId: string;
  /** How upstream prints the manager: `"kubectl-edit" using apps/v1`, `"ctrl" with subresource "status"`. */
  manager: string;
  /** The field, as upstream prints paths: `.spec.containers[name="app"].image`. */
  field: string;
  path: FieldPath;
}

/** How upstream's printManager describes a manager identifier. */
export function describeManager(managerId: string): string {
  let entry: ManagedFieldsEntry;
  try {
    entry = JSON.parse(managerId) as ManagedFieldsEntry;
  } catch {
    return JSON.stringify(managerId);
  }
  let out = JSON.stringify(entry.manager ?? '');
  if (entry.subresource) out += ` with subresource ${JSON.stringify(entry.subresource)}`;
  if (entry.operation === 'Update') {
    out += entry.time
      ? ` using ${entry.apiVersion ?? ''} at ${entry.time}`
      : ` using ${entry.apiVersion ?? ''}`;
  }
  return out;
}

export function makeConflict(managerId: string, path: FieldPath): ApplyConflict {
  return { managerId, manager: describeManager(managerId), field: pathString(path), path };
}

/** 409 Conflict listing each field and the manager that owns it. */
export class ApplyConflictError extends StatusError {
  override name = 'ApplyConflictError';
  readonly conflicts: readonly ApplyConflict[];

  constructor(conflicts: ApplyConflict[]) {
    super(409, 'Conflict', conflictMessage(conflicts), {
      causes: conflicts.map((c) => ({
        reason: 'FieldManagerConflict',
        message: `conflict with ${c.manager}`,
        field: c.field,
      })),
    });
    this.conflicts = conflicts;
  }
}

function conflictMessage(conflicts: ApplyConflict[]): string {
  if (conflicts.length === 1) {
    const c = conflicts[0]!;
    return `Apply failed with 1 conflict: conflict with ${c.manager}: ${c.field}`;
  }
  const byManager = new Map<string, ApplyConflict[]>();
  for (const c of conflicts) byManager.set(c.managerId, [...(byManager.get(c.managerId) ?? []), c]);
  const lines: string[] = [];
  for (const id of [...byManager.keys()].sort(compareGoStrings)) {
    const group = byManager.get(id)!;
    lines.push(`conflicts with ${group[0]!.manager}:`);
    for (const c of group) lines.push(`- ${c.field}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}
