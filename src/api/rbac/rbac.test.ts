import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkStrategy, NOW, prepared } from '../strategy-conformance.ts';
import { clusterRoleBindingStrategy as crb, roleBindingStrategy as rb } from './bindings.ts';
import { clusterRoleStrategy as cr, roleStrategy as role } from './roles.ts';

const ns = { namespace: 'default', creationTimestamp: '2025-06-01T11:00:00Z' };
const rule = { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] };

checkStrategy(role, { valid: { metadata: { name: 'pod-reader', ...ns }, rules: [rule] } });
checkStrategy(cr, {
  valid: {
    metadata: { name: 'system:viewer' },
    rules: [rule, { nonResourceURLs: ['/healthz'], verbs: ['get'] }],
  },
  alsoValid: [
    { metadata: { name: 'agg' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { x: 'y' } }] } },
  ],
});
checkStrategy(rb, {
  valid: {
    metadata: { name: 'read-pods', ...ns },
    roleRef: { kind: 'Role', name: 'pod-reader' } as any,
    subjects: [
      { kind: 'User', name: 'jane' },
      { kind: 'ServiceAccount', name: 'default', namespace: 'default' },
    ],
  },
});
checkStrategy(crb, {
  valid: {
    metadata: { name: 'admins' },
    roleRef: { kind: 'ClusterRole', name: 'cluster-admin', apiGroup: '' },
    subjects: [{ kind: 'Group', name: 'ops' }],
  },
});

test('rbac: names only forbid / and %', () => {
  assert.deepEqual(role.validate!({ metadata: { name: 'system:a b', ...ns }, rules: [] }), []);
  assert.deepEqual(
    role.validate!({ metadata: { name: 'a/b%', ...ns } }).map((e) => `${e.field}: ${e.detail}`),
    ["metadata.name: may not contain '/'", "metadata.name: may not contain '%'"],
  );
});

test('rbac: rules need verbs, groups and resources; namespaced rules no URLs', () => {
  const errs = role.validate!({
    metadata: { name: 'r', ...ns },
    rules: [{}, { nonResourceURLs: ['/x'], verbs: ['get'] }] as any,
  });
  assert.deepEqual(
    errs.map((e) => `${e.field}: ${e.detail}`),
    [
      'rules[0].verbs: verbs must contain at least one value',
      'rules[0].apiGroups: resource rules must supply at least one api group',
      'rules[0].resources: resource rules must supply at least one resource',
      'rules[1].nonResourceURLs: namespaced rules cannot apply to non-resource URLs',
    ],
  );
});

test('rbac: bindings default apiGroups and check subjects and roleRef', () => {
  const b = prepared(rb, {
    metadata: { name: 'b', ...ns },
    roleRef: { kind: 'Role', name: 'r' } as any,
    subjects: [{ kind: 'User', name: 'u' }],
  });
  assert.equal(b.roleRef.apiGroup, 'rbac.authorization.k8s.io');
  assert.equal(b.subjects?.[0]?.apiGroup, 'rbac.authorization.k8s.io');
  const bad = crb.validate!(
    prepared(crb, {
      metadata: { name: 'b' },
      roleRef: { kind: 'Role', name: '' } as any,
      subjects: [
        { kind: 'ServiceAccount', name: 'sa' },
        { kind: 'Robot', name: 'r' },
      ],
    }),
  );
  assert.deepEqual(
    bad.map((e) => `${e.field}: ${e.type}`),
    [
      'roleRef.kind: FieldValueNotSupported',
      'roleRef.name: FieldValueRequired',
      'subjects[0].namespace: FieldValueRequired',
      'subjects[1].kind: FieldValueNotSupported',
    ],
  );
  const old = prepared(rb, { metadata: { name: 'b', ...ns }, roleRef: { kind: 'Role', name: 'r' } as any });
  const next = structuredClone(old);
  next.roleRef.name = 'other';
  assert.deepEqual(
    rb.validateUpdate!(next, old).map((e) => `${e.field}: ${e.detail}`),
    ['roleRef: cannot change roleRef'],
  );
});

test('rbac: tables', () => {
  assert.deepEqual(
    role.table!.columns.map((c) => c.name),
    ['Name', 'Created At'],
  );
  assert.deepEqual(role.table!.row({ metadata: { name: 'r', ...ns } }, NOW), ['r', '2025-06-01T11:00:00Z']);
  const b = prepared(rb, {
    metadata: { name: 'b', ...ns },
    roleRef: { kind: 'ClusterRole', name: 'view' } as any,
    subjects: [
      { kind: 'User', name: 'a' },
      { kind: 'User', name: 'b' },
      { kind: 'Group', name: 'g' },
      { kind: 'ServiceAccount', name: 'sa', namespace: 'ns' },
    ],
  });
  assert.deepEqual(rb.table!.row(b, NOW), ['b', 'ClusterRole/view', '60m', 'a, b', 'g', 'ns/sa']);
});
