import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  config,
  entries,
  entryOf,
  manager,
  type Obj,
  owners,
  stored,
  T0,
} from '../testing/apply-fixtures.ts';
import { definitions, deploymentSchema } from '../testing/workload-schema.ts';
import { serverSideApply, updateManagedFields } from './field-manager.ts';

describe('managedFields of other writes', () => {
  test('create records every field with operation Update; maps and list elements carry "."', () => {
    const created = manager().update(undefined, config({ replicas: 1 }), 'kubectl-create');
    assert.deepEqual(owners(created), ['kubectl-create/Update']);
    const fields = entries(created)[0]!.fieldsV1 as Obj;
    assert.deepEqual(fields['f:metadata'], { 'f:labels': { '.': {}, 'f:app': {} } });
    assert.deepEqual(
      Object.keys(fields['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"app"}']),
      ['.', 'f:image', 'f:name', 'f:ports'],
    );
  });

  test('an update merges into the manager’s existing entry and refreshes its time', () => {
    const clock = { now: new Date(T0) };
    const fm = manager({}, clock);
    let live = stored(fm.update(undefined, config({ replicas: 1 }), 'ctl'));
    const next = structuredClone(live);
    next.metadata.labels.extra = 'y';
    clock.now = new Date('2025-02-02T00:00:00Z');
    live = fm.update(live, next, 'ctl');
    assert.equal(entries(live).length, 1);
    assert.equal(entries(live)[0]!.time, '2025-02-02T00:00:00Z');
    assert.ok('f:extra' in (entries(live)[0]!.fieldsV1!['f:metadata'] as Obj)['f:labels']);
  });

  test('an update that changes nothing keeps entries and times', () => {
    const clock = { now: new Date(T0) };
    const fm = manager({}, clock);
    const live = stored(fm.update(undefined, config(), 'ctl'));
    clock.now = new Date('2025-03-03T00:00:00Z');
    assert.deepEqual(fm.update(live, structuredClone(live), 'other'), live);
  });

  test('removing a field takes it from its owner', () => {
    const fm = manager();
    let live = stored(fm.apply(undefined, config({ replicas: 3 }), 'kubectl').object);
    const next = structuredClone(live);
    delete next.spec.replicas;
    live = fm.update(live, next, 'kubectl-edit');
    assert.deepEqual(owners(live), ['kubectl/Apply']);
    assert.equal('f:replicas' in (entryOf(live, 'kubectl')!.fieldsV1!['f:spec'] as Obj), false);
  });

  test('a client sending managedFields: [] resets them', () => {
    const fm = manager();
    const live = stored(fm.apply(undefined, config(), 'kubectl').object);
    const next = structuredClone(live);
    next.metadata.managedFields = [];
    next.spec.replicas = 7;
    const out = fm.update(live, next, 'kubectl-edit');
    assert.equal(out.metadata.managedFields, undefined);
    assert.equal(out.spec.replicas, 7);
  });

  test('an untracked object stays untracked on update, and is tracked again by apply', () => {
    const fm = manager();
    const live = stored({ ...config({ replicas: 2 }) });
    const next = structuredClone(live);
    next.spec.replicas = 4;
    const updated = fm.update(live, next, 'kubectl-edit');
    assert.equal(updated.metadata.managedFields, undefined);
    const { object } = fm.apply(updated, config({ replicas: 4 }), 'kubectl');
    assert.deepEqual(owners(object), ['kubectl/Apply', 'before-first-apply/Update']);
  });

  test('managedFields sent in the new object are taken as the new ownership', () => {
    const fm = manager();
    const live = stored(fm.apply(undefined, config(), 'kubectl').object);
    const next = structuredClone(live);
    next.metadata.managedFields = [
      {
        manager: 'mine',
        operation: 'Update',
        apiVersion: 'apps/v1',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': { 'f:paused': {} } },
      },
    ];
    assert.deepEqual(owners(fm.update(live, next, 'x')), ['mine/Update']);
  });

  test('a subresource write records its subresource and ignores managedFields in the request', () => {
    const fm = manager();
    const live = stored(fm.apply(undefined, config(), 'kubectl').object);
    const status = manager({ subresource: 'status', resetFields: [['spec'], ['metadata', 'labels']] });
    const next = structuredClone(live);
    next.status = { replicas: 1, readyReplicas: 1 };
    next.metadata.managedFields = [];
    const out = status.update(live, next, 'deployment-controller');
    const entry = entryOf(out, 'deployment-controller')!;
    assert.equal(entry.subresource, 'status');
    assert.deepEqual(entry.fieldsV1, { 'f:status': { '.': {}, 'f:readyReplicas': {}, 'f:replicas': {} } });
    assert.ok(entryOf(out, 'kubectl'));
  });

  test('more than ten Update managers fold the oldest into ancient-changes', () => {
    const clock = { now: new Date(T0) };
    const fm = manager({}, clock);
    let live = stored(fm.apply(undefined, config(), 'kubectl').object);
    for (let i = 0; i < 11; i++) {
      const next = structuredClone(live);
      next.metadata.labels[`l${i}`] = 'v';
      clock.now = new Date(Date.parse(T0) + (i + 1) * 60_000);
      live = fm.update(live, next, `writer-${i}`);
    }
    const names = entries(live).map((e) => e.manager);
    assert.equal(names.length, 11);
    assert.ok(names.includes('ancient-changes'));
    assert.ok(!names.includes('writer-0') && !names.includes('writer-1'));
    const ancient = entryOf(live, 'ancient-changes')!.fieldsV1 as Obj;
    assert.deepEqual(Object.keys(ancient['f:metadata']['f:labels']), ['f:l0', 'f:l1']);
  });
});

test('serverSideApply and updateManagedFields are the FieldManager’s methods for a scope', () => {
  const scope = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    schema: deploymentSchema,
    definitions,
    now: () => new Date(T0),
  };
  const created = updateManagedFields(undefined, config(), 'kubectl-create', scope);
  const applied = serverSideApply(
    { ...created, metadata: { ...(created.metadata as Obj), uid: 'u' } },
    config({ replicas: 2 }),
    'kubectl',
    scope,
  );
  assert.deepEqual(owners(applied.object as Obj), ['kubectl/Apply', 'kubectl-create/Update']);
});
