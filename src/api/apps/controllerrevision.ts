// apps/v1 ControllerRevision: an immutable snapshot of a StatefulSet's or DaemonSet's template,
// numbered by revision, owned by its controller.
import type { ControllerRevision } from 'kubernetes-types/apps/v1.js';
import { AGE_COLUMN, NAME_COLUMN } from '../core/table-cells.ts';
import { nonNegative, required, validateImmutableJson } from '../internal/field-errors.ts';
import { age, column } from '../internal/table.ts';
import type { FieldError } from '../internal/workloads/validation.ts';
import type { KubeObject, ResourceStrategy } from '../strategy.ts';

type ControllerRevisionObject = KubeObject & ControllerRevision;

function validateRevision(rev: ControllerRevisionObject): FieldError[] {
  const errs: FieldError[] = [];
  if (rev.data === undefined || rev.data === null) errs.push(required('data', 'data is mandatory'));
  errs.push(...nonNegative(rev.revision, 'revision'));
  return errs;
}

/** `kind.group/name` of the controlling owner, lower-cased as kubectl prints it. */
function controllerName(rev: ControllerRevisionObject): string {
  const owner = rev.metadata?.ownerReferences?.find((ref) => ref.controller === true);
  if (!owner) return '<none>';
  const slash = owner.apiVersion.indexOf('/');
  const group = slash >= 0 ? owner.apiVersion.slice(0, slash) : '';
  const kind = group ? `${owner.kind}.${group}` : owner.kind;
  return kind ? `${kind.toLowerCase()}/${owner.name}` : owner.name;
}

export const controllerRevisionStrategy: ResourceStrategy<ControllerRevisionObject> = {
  group: 'apps',
  kind: 'ControllerRevision',
  resource: 'controllerrevisions',
  singular: 'controllerrevision',
  namespaced: true,
  versions: ['v1'],

  validate: validateRevision,
  validateUpdate: (rev, old) => [
    ...validateRevision(rev),
    ...validateImmutableJson(rev.data, old.data, 'data'),
  ],

  table: {
    columns: [
      NAME_COLUMN,
      column('Controller', 'Controller of the object'),
      column('Revision', 'Revision indicates the revision of the state represented by Data.'),
      AGE_COLUMN,
    ],
    row: (rev, now) => [rev.metadata?.name ?? '', controllerName(rev), rev.revision ?? 0, age(rev, now)],
  },
};
