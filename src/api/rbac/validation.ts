// RBAC validation as upstream's pkg/apis/rbac/validation: names are path segments only, rules
// need verbs and either resources (with API groups) or non-resource URLs, bindings point at a
// Role or ClusterRole of rbac.authorization.k8s.io and their roleRef never changes.
import type { PolicyRule, RoleRef, Subject } from 'kubernetes-types/rbac/v1.d.ts';
import { nameIsDNSSubdomain, nameIsPathSegment } from '../../machinery/validation/names.ts';
import { type FieldError, invalid, invalidEach, notSupported, required } from '../internal/field-errors.ts';
import { child, index } from '../internal/field-paths.ts';
import { validateLabelSelector, validateObjectName } from '../internal/meta.ts';
import { semanticEqual } from '../internal/semantic.ts';
import type { KubeObject } from '../strategy.ts';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** `ValidatePolicyRule`. */
export function validatePolicyRule(rule: PolicyRule, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!(rule.verbs ?? []).length)
    errs.push(required(child(path, 'verbs'), 'verbs must contain at least one value'));
  const urls = rule.nonResourceURLs ?? [];
  if (urls.length) {
    if (namespaced)
      errs.push(
        invalid(child(path, 'nonResourceURLs'), urls, 'namespaced rules cannot apply to non-resource URLs'),
      );
    if ((rule.apiGroups ?? []).length || (rule.resources ?? []).length || (rule.resourceNames ?? []).length) {
      errs.push(
        invalid(
          child(path, 'nonResourceURLs'),
          urls,
          'rules cannot apply to both regular resources and non-resource URLs',
        ),
      );
    }
    return errs;
  }
  if (!(rule.apiGroups ?? []).length) {
    errs.push(required(child(path, 'apiGroups'), 'resource rules must supply at least one api group'));
  }
  if (!(rule.resources ?? []).length) {
    errs.push(required(child(path, 'resources'), 'resource rules must supply at least one resource'));
  }
  return errs;
}

interface RoleLike extends KubeObject {
  rules?: PolicyRule[];
  aggregationRule?: { clusterRoleSelectors?: object[] };
}

export function validateRole(role: RoleLike, namespaced: boolean): FieldError[] {
  const errs = validateObjectName(role, nameIsPathSegment);
  (role.rules ?? []).forEach((r, i) => {
    errs.push(...validatePolicyRule(r, namespaced, index('rules', i)));
  });
  if (!namespaced && role.aggregationRule) {
    const selectors = role.aggregationRule.clusterRoleSelectors ?? [];
    const path = 'aggregationRule.clusterRoleSelectors';
    if (!selectors.length)
      errs.push(required(path, 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
    selectors.forEach((s, i) => {
      errs.push(...validateLabelSelector(s, index(path, i)));
    });
  }
  return errs;
}

/** `ValidateRoleBindingSubject`. */
export function validateSubject(subject: Subject, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = subject.name ?? '';
  if (!name) errs.push(required(child(path, 'name')));
  const apiGroup = subject.apiGroup ?? '';
  switch (subject.kind) {
    case 'ServiceAccount':
      if (name) errs.push(...invalidEach(child(path, 'name'), name, nameIsDNSSubdomain(name, false)));
      if (apiGroup) errs.push(notSupported(child(path, 'apiGroup'), apiGroup, ['']));
      if (!namespaced && !subject.namespace) errs.push(required(child(path, 'namespace')));
      break;
    case 'User':
    case 'Group':
      if (apiGroup !== RBAC_GROUP) errs.push(notSupported(child(path, 'apiGroup'), apiGroup, [RBAC_GROUP]));
      break;
    default:
      errs.push(notSupported(child(path, 'kind'), subject.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

interface BindingLike extends KubeObject {
  roleRef?: RoleRef;
  subjects?: Subject[];
}

export function validateBinding(binding: BindingLike, namespaced: boolean): FieldError[] {
  const errs = validateObjectName(binding, nameIsPathSegment);
  const ref = binding.roleRef ?? ({} as Partial<RoleRef>);
  if (ref.apiGroup !== RBAC_GROUP)
    errs.push(notSupported('roleRef.apiGroup', ref.apiGroup ?? '', [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(ref.kind ?? '')) errs.push(notSupported('roleRef.kind', ref.kind ?? '', kinds));
  if (!ref.name) errs.push(required('roleRef.name'));
  else errs.push(...invalidEach('roleRef.name', ref.name, nameIsPathSegment(ref.name, false)));
  (binding.subjects ?? []).forEach((s, i) => {
    errs.push(...validateSubject(s, namespaced, index('subjects', i)));
  });
  return errs;
}

export function validateBindingUpdate(
  binding: BindingLike,
  old: BindingLike,
  namespaced: boolean,
): FieldError[] {
  const errs = validateBinding(binding, namespaced);
  if (!semanticEqual(binding.roleRef, old.roleRef)) {
    const ref = binding.roleRef;
    errs.push({
      ...invalid('roleRef', ref ?? null, 'cannot change roleRef'),
      valueText: `rbac.RoleRef{APIGroup:"${ref?.apiGroup ?? ''}", Kind:"${ref?.kind ?? ''}", Name:"${ref?.name ?? ''}"}`,
    });
  }
  return errs;
}

/** v1 defaults: roleRef.apiGroup and the apiGroup of User and Group subjects. */
export function defaultBinding(binding: BindingLike): void {
  if (binding.roleRef && !binding.roleRef.apiGroup) binding.roleRef.apiGroup = RBAC_GROUP;
  for (const s of binding.subjects ?? []) {
    if (!s.apiGroup && (s.kind === 'User' || s.kind === 'Group')) s.apiGroup = RBAC_GROUP;
  }
}

/** `rbac.SubjectsStrings`: users, groups and `namespace/name` service accounts. */
export function subjectsStrings(subjects: Subject[] | undefined): {
  users: string;
  groups: string;
  sas: string;
} {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of subjects ?? []) {
    if (s.kind === 'User') users.push(s.name);
    else if (s.kind === 'Group') groups.push(s.name);
    else if (s.kind === 'ServiceAccount') sas.push(`${s.namespace ?? ''}/${s.name}`);
  }
  return { users: users.join(', '), groups: groups.join(', '), sas: sas.join(', ') };
}
