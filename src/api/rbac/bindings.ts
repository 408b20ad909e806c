// rbac.authorization.k8s.io/v1 RoleBinding and ClusterRoleBinding: a fixed roleRef and a list of
// users, groups and service accounts. Escalation checks (a user may only grant what they hold)
// belong to the authorizer, not here.
import type { ClusterRoleBinding, RoleBinding } from 'kubernetes-types/rbac/v1.d.ts';
import { noGeneration } from '../internal/generation.ts';
import { AGE_COLUMN, age, column, NAME_COLUMN } from '../internal/table.ts';
import type { Obj } from '../internal/types.ts';
import type { ResourceStrategy, TableDefinition } from '../strategy.ts';
import {
  defaultBinding,
  RBAC_GROUP,
  subjectsStrings,
  validateBinding,
  validateBindingUpdate,
} from './validation.ts';

type RB = Obj<RoleBinding>;
type CRB = Obj<ClusterRoleBinding>;

function bindingTable<T extends RB | CRB>(what: string): TableDefinition<T> {
  return {
    columns: [
      NAME_COLUMN,
      column(
        'Role',
        'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace.',
      ),
      AGE_COLUMN,
      column('Users', `Users in the ${what}`, { priority: 1 }),
      column('Groups', `Groups in the ${what}`, { priority: 1 }),
      column('ServiceAccounts', `ServiceAccounts in the ${what}`, { priority: 1 }),
    ],
    row(b, now) {
      const { users, groups, sas } = subjectsStrings(b.subjects);
      return [
        b.metadata?.name ?? '',
        `${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`,
        age(b, now),
        users,
        groups,
        sas,
      ];
    },
  };
}

export const roleBindingStrategy: ResourceStrategy<RB> = {
  group: RBAC_GROUP,
  kind: 'RoleBinding',
  resource: 'rolebindings',
  singular: 'rolebinding',
  namespaced: true,
  versions: ['v1'],
  nameRule: 'custom',
  generationChanged: noGeneration,
  defaults: defaultBinding,
  validate: (b) => validateBinding(b, true),
  validateUpdate: (b, old) => validateBindingUpdate(b, old, true),
  table: bindingTable<RB>('roleBinding'),
};

export const clusterRoleBindingStrategy: ResourceStrategy<CRB> = {
  group: RBAC_GROUP,
  kind: 'ClusterRoleBinding',
  resource: 'clusterrolebindings',
  singular: 'clusterrolebinding',
  namespaced: false,
  versions: ['v1'],
  nameRule: 'custom',
  generationChanged: noGeneration,
  defaults: defaultBinding,
  validate: (b) => validateBinding(b, false),
  validateUpdate: (b, old) => validateBindingUpdate(b, old, false),
  table: bindingTable<CRB>('clusterRoleBinding'),
};
