// rbac.authorization.k8s.io/v1 Role and ClusterRole: rules of verbs on resources (or, for
// ClusterRoles, non-resource URLs) and ClusterRole aggregation selectors. Upstream has no printer
// for them: `kubectl get roles` shows the default table, Name and Created At.
import type { ClusterRole, Role } from 'kubernetes-types/rbac/v1.d.ts';
import { noGeneration } from '../internal/generation.ts';
import { createdAtTable } from '../internal/table.ts';
import type { Obj } from '../internal/types.ts';
import type { ResourceStrategy } from '../strategy.ts';
import { RBAC_GROUP, validateRole } from './validation.ts';

type R = Obj<Role>;
type CR = Obj<ClusterRole>;

export const roleStrategy: ResourceStrategy<R> = {
  group: RBAC_GROUP,
  kind: 'Role',
  resource: 'roles',
  singular: 'role',
  namespaced: true,
  versions: ['v1'],
  nameRule: 'custom',
  generationChanged: noGeneration,
  validate: (r) => validateRole(r, true),
  validateUpdate: (r) => validateRole(r, true),
  table: createdAtTable<R>(),
};

export const clusterRoleStrategy: ResourceStrategy<CR> = {
  group: RBAC_GROUP,
  kind: 'ClusterRole',
  resource: 'clusterroles',
  singular: 'clusterrole',
  namespaced: false,
  versions: ['v1'],
  nameRule: 'custom',
  generationChanged: noGeneration,
  validate: (r) => validateRole(r, false),
  validateUpdate: (r) => validateRole(r, false),
  table: createdAtTable<CR>(),
};
