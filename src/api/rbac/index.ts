// The rbac.authorization.k8s.io API group's resources. Each kind's strategy lives in its own file beside this one.
import type { ResourceStrategy } from '../strategy.ts';
import { clusterRoleBindingStrategy, roleBindingStrategy } from './bindings.ts';
import { clusterRoleStrategy, roleStrategy } from './roles.ts';

export const rbacResources: ResourceStrategy<any>[] = [
  clusterRoleBindingStrategy,
  clusterRoleStrategy,
  roleBindingStrategy,
  roleStrategy,
];
