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

describe('entries a write leaves as they were', () => {
  /** A frozen copy, as the watch cache holds stored objects (whose fieldsV1 objects the next write may share). */
  const frozen = (obj: Obj): Obj => {
    const deepFreeze = (v: unknown): unknown => {
      if (typeof v === 'object' && v !== null) {
        for (const x of Object.values(v)) deepFreeze(x);
        Object.freeze(v);
      }
      return v;
    };
    return deepFreeze(obj) as Obj;
  };

  test('rewriting owned fields keeps the entry, its fieldsV1 shared with the frozen live object', () => {
    const clock = { now: new Date(T0) };
    const fm = manager({}, clock);
    const created = fm.update(undefined, config({ replicas: 1 }), 'ctl');
    const live = frozen({ ...created, metadata: { ...created.metadata, uid: 'uid-1' } });
    const next = structuredClone(live);
    next.spec.replicas = 2;
    clock.now = new Date('2025-02-02T00:00:00Z');
    const updated = fm.update(live, next, 'ctl');
    assert.equal(entries(updated)[0]!.time, '2025-02-02T00:00:00Z');
    assert.equal(entries(updated)[0]!.fieldsV1, entries(live)[0]!.fieldsV1);
    // The same entry a fresh decode and encode gives.
    const unfrozen = fm.update(structuredClone(live), structuredClone(next), 'ctl');
    assert.deepEqual(entries(updated), entries(unfrozen));
  });

  test('another manager’s write keeps an untouched entry; a removal elsewhere does not copy it', () => {
    const fm = manager();
    const created = fm.update(undefined, config({ replicas: 1 }), 'creator');
    const live = frozen({ ...created, metadata: { ...created.metadata, uid: 'uid-1' } });
    const next = structuredClone(live);
    next.metadata.annotations = { note: 'x' };
    delete next.metadata.labels;
    const updated = fm.update(live, next, 'annotator');
    assert.deepEqual(owners(updated), ['annotator/Update', 'creator/Update']);
    const creator = entryOf(updated, 'creator')!;
    assert.notEqual(creator.fieldsV1, entryOf(live, 'creator')!.fieldsV1);
    assert.equal(creator.fieldsV1!['f:metadata'], undefined);
    // A second write that removes nothing the creator owns shares its (now frozen) entry.
    const live2 = frozen(updated);
    const next2 = structuredClone(live2);
    next2.metadata.annotations.note = 'y';
    const updated2 = fm.update(live2, next2, 'annotator');
    assert.equal(entryOf(updated2, 'creator')!.fieldsV1, creator.fieldsV1);
    const unfrozen = fm.update(structuredClone(live2), structuredClone(next2), 'annotator');
    assert.deepEqual(entries(updated2), entries(unfrozen));
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
