import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isStatusError } from '../../status.ts';
import { definitions, deploymentSchema } from '../testing/workload-schema.ts';
import { ApplyConflictError } from './conflicts.ts';
import { type ApplyOptions, FieldManager, type FieldManagerScope } from './field-manager.ts';
import { LAST_APPLIED_ANNOTATION } from './last-applied.ts';
import type { ManagedFieldsEntry } from './managed-fields.ts';

type Obj = Record<string, any>;
const T0 = '2025-01-02T03:04:05Z';

/** The field manager with results typed loosely, for reading in assertions. */
function wrap(fm: FieldManager) {
  return {
    apply: (live: Obj | undefined, cfg: unknown, name: string, options?: ApplyOptions) =>
      fm.apply(live, cfg, name, options) as { object: Obj; changed: boolean },
    update: (live: Obj | undefined, next: Obj, name: string): Obj => fm.update(live, next, name),
  };
}

function manager(extra: Partial<FieldManagerScope> = {}, clock = { now: new Date(T0) }) {
  return wrap(
    new FieldManager({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      schema: deploymentSchema,
      definitions,
      resetFields: [['status']],
      now: () => clock.now,
      ...extra,
    }),
  );
}

/** A Deployment configuration as `kubectl apply --server-side` sends it. */
function config(
  opts: { replicas?: number; image?: string; labels?: Record<string, string>; containers?: object[] } = {},
): Obj {
  const spec: Obj = {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: opts.containers ?? [
          { name: 'app', image: opts.image ?? 'nginx:1.25', ports: [{ containerPort: 80 }] },
        ],
      },
    },
  };
  if (opts.replicas !== undefined) spec.replicas = opts.replicas;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: opts.labels ?? { app: 'web' } },
    spec,
  };
}

/** What the store would hold after a create: the object plus a uid. */
function stored(obj: Obj): Obj {
  const copy = structuredClone(obj);
  copy.metadata.uid = 'uid-1';
  return copy;
}

const entries = (obj: Obj): ManagedFieldsEntry[] => obj.metadata.managedFields ?? [];
const entryOf = (obj: Obj, name: string) => entries(obj).find((e) => e.manager === name);
const owners = (obj: Obj) => entries(obj).map((e) => `${e.manager}/${e.operation}`);

function expectStatus(fn: () => unknown, code: number, message: string | RegExp) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isStatusError(e), String(e));
    assert.equal(e.code, code, e.message);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

describe('server-side apply: create and re-apply', () => {
  test('apply creates the object; the entry has upstream’s fieldsV1 for the configuration', () => {
    const { object, changed } = manager().apply(undefined, config({ replicas: 3 }), 'kubectl');
    assert.equal(changed, true);
    const { managedFields, ...meta } = object.metadata as Obj;
    assert.deepEqual({ ...object, metadata: meta }, config({ replicas: 3 }));
    assert.deepEqual(managedFields, [
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: T0,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:template': {
              'f:metadata': { 'f:labels': { 'f:app': {} } },
              'f:spec': {
                'f:containers': {
                  'k:{"name":"app"}': {
                    '.': {},
                    'f:image': {},
                    'f:name': {},
                    'f:ports': {
                      'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} },
                    },
                  },
                },
              },
            },
          },
        },
      },
    ]);
  });

  test('re-applying the same configuration changes nothing and adds no entry', () => {
    const clock = { now: new Date(T0) };
    const fm = manager({}, clock);
    const live = stored(fm.apply(undefined, config({ replicas: 3 }), 'kubectl').object);
    clock.now = new Date('2025-06-01T00:00:00Z');
    const again = fm.apply(live, config({ replicas: 3 }), 'kubectl');
    assert.equal(again.changed, false);
    assert.deepEqual(again.object, live);
  });

  test('status in an applied configuration is not owned (reset field)', () => {
    const cfg = { ...config(), status: { replicas: 9 } };
    const { object } = manager().apply(undefined, cfg, 'kubectl');
    assert.equal(entries(object)[0]!.fieldsV1!['f:status'], undefined);
  });

  test('inputs are not modified', () => {
    const fm = manager();
    const cfg = config({ replicas: 3 });
    const cfgCopy = structuredClone(cfg);
    const live = stored(fm.apply(undefined, cfg, 'kubectl').object);
    const liveCopy = structuredClone(live);
    const next = structuredClone(live);
    next.spec.replicas = 1;
    const nextCopy = structuredClone(next);
    const updated = fm.update(live, next, 'edit');
    const applied = fm.apply(
      updated,
      config({ replicas: 1, labels: { app: 'web', x: 'y' } }),
      'kubectl',
    ).object;
    applied.spec.template.spec.containers[0].image = 'mutated';
    assert.deepEqual(cfg, cfgCopy);
    assert.deepEqual(live, liveCopy);
    assert.deepEqual(next, nextCopy);
    assert.equal(updated.spec.template.spec.containers[0].image, 'nginx:1.25');
  });

  test('a null in the configuration is owned but not stored', () => {
    const cfg = config();
    cfg.spec.paused = null;
    const { object } = manager().apply(undefined, cfg, 'kubectl');
    assert.equal('paused' in object.spec, false);
    assert.ok('f:paused' in (entries(object)[0]!.fieldsV1!['f:spec'] as Obj));
  });

  test('the manager name defaults to "unknown"', () => {
    const { object } = manager().apply(undefined, config(), '');
    assert.deepEqual(owners(object), ['unknown/Apply']);
  });
});

describe('server-side apply: conflicts and ownership', () => {
  /** Applied by kubectl, then `kubectl edit` (an Update) sets replicas to 5. */
  function appliedThenEdited() {
    const fm = manager();
    const live = stored(fm.apply(undefined, config({ replicas: 3 }), 'kubectl').object);
    const edited = structuredClone(live);
    edited.spec.replicas = 5;
    return { fm, live: fm.update(live, edited, 'kubectl-edit') };
  }

  test('an Update takes the fields it changes, recorded with operation Update', () => {
    const { live } = appliedThenEdited();
    assert.deepEqual(owners(live), ['kubectl/Apply', 'kubectl-edit/Update']);
    assert.deepEqual(entryOf(live, 'kubectl-edit'), {
      manager: 'kubectl-edit',
      operation: 'Update',
      apiVersion: 'apps/v1',
      time: T0,
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:spec': { 'f:replicas': {} } },
    });
    assert.equal(Object.hasOwn(entryOf(live, 'kubectl')!.fieldsV1!['f:spec']!, 'f:replicas'), false);
  });

  test('changing a field another manager owns is a 409 with upstream’s message and causes', () => {
    const { fm, live } = appliedThenEdited();
    try {
      fm.apply(live, config({ replicas: 3 }), 'kubectl');
      assert.fail('expected a conflict');
    } catch (e) {
      assert.ok(e instanceof ApplyConflictError);
      assert.deepEqual(e.toStatus(), {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Apply failed with 1 conflict: conflict with "kubectl-edit" using apps/v1: .spec.replicas',
        reason: 'Conflict',
        details: {
          causes: [
            {
              reason: 'FieldManagerConflict',
              message: 'conflict with "kubectl-edit" using apps/v1',
              field: '.spec.replicas',
            },
          ],
        },
        code: 409,
      });
    }
  });

  test('applying the value the field already has is no conflict; both then own it', () => {
    const { fm, live } = appliedThenEdited();
    const { object } = fm.apply(live, config({ replicas: 5 }), 'kubectl');
    assert.ok('f:replicas' in (entryOf(object, 'kubectl')!.fieldsV1!['f:spec'] as Obj));
    assert.ok('f:replicas' in (entryOf(object, 'kubectl-edit')!.fieldsV1!['f:spec'] as Obj));
  });

  test('force moves ownership to the applier (an emptied entry disappears)', () => {
    const { fm, live } = appliedThenEdited();
    const { object } = fm.apply(live, config({ replicas: 3 }), 'kubectl', { force: true });
    assert.equal(object.spec.replicas, 3);
    assert.deepEqual(owners(object), ['kubectl/Apply']);
  });

  test('several conflicts are listed under their manager', () => {
    const fm = manager();
    let live = stored(fm.apply(undefined, config({ replicas: 3 }), 'kubectl').object);
    const edited = structuredClone(live);
    edited.spec.replicas = 5;
    edited.spec.template.spec.containers[0].image = 'nginx:edited';
    live = fm.update(live, edited, 'kubectl-edit');
    expectStatus(
      () => fm.apply(live, config({ replicas: 3, image: 'nginx:2' }), 'other'),
      409,
      'Apply failed with 2 conflicts: conflicts with "kubectl-edit" using apps/v1:\n' +
        '- .spec.replicas\n- .spec.template.spec.containers[name="app"].image',
    );
  });

  test('a change of an atomic map (selector) conflicts on the whole map', () => {
    const fm = manager();
    const live = stored(fm.apply(undefined, config(), 'kubectl').object);
    const other = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { selector: { matchLabels: { app: 'x' } } },
    };
    expectStatus(
      () => fm.apply(live, other, 'ci'),
      409,
      'Apply failed with 1 conflict: conflict with "kubectl": .spec.selector',
    );
  });
});

describe('server-side apply: removal and sharing', () => {
  test('a field dropped from the configuration is removed from the object', () => {
    const fm = manager();
    const live = stored(
      fm.apply(undefined, config({ replicas: 3, labels: { app: 'web', tier: 'fe' } }), 'kubectl').object,
    );
    const { object } = fm.apply(live, config({ labels: { app: 'web' } }), 'kubectl');
    assert.deepEqual(object.metadata.labels, { app: 'web' });
    assert.equal('replicas' in object.spec, false);
  });

  test('a field another applier also owns stays when one applier drops it', () => {
    const fm = manager();
    let live = stored(fm.apply(undefined, config({ replicas: 3 }), 'a').object);
    live = fm.apply(
      live,
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 3 } },
      'b',
    ).object;
    const { object } = fm.apply(live, config(), 'a');
    assert.equal(object.spec.replicas, 3);
    assert.deepEqual(entryOf(object, 'b')!.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
  });

  test('a field owned by an Update manager stays when the applier drops it', () => {
    const fm = manager();
    let live = stored(fm.apply(undefined, config({ replicas: 3 }), 'kubectl').object);
    const edited = structuredClone(live);
    edited.metadata.labels.team = 'x';
    live = fm.update(live, edited, 'kubectl-label');
    const { object } = fm.apply(live, config({ replicas: 3 }), 'kubectl');
    assert.equal(object.metadata.labels.team, 'x');
  });

  test('containers merge as a list-map: each applier keeps its own container', () => {
    const fm = manager();
    let live = stored(fm.apply(undefined, config(), 'kubectl').object);
    const sidecar = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { template: { spec: { containers: [{ name: 'proxy', image: 'envoy:1' }] } } },
    };
    live = fm.apply(live, sidecar, 'injector').object;
    assert.deepEqual(
      live.spec.template.spec.containers.map((c: Obj) => c.name),
      ['app', 'proxy'],
    );
    const { object } = fm.apply(live, config({ image: 'nginx:1.26' }), 'kubectl');
    assert.deepEqual(
      object.spec.template.spec.containers.map((c: Obj) => `${c.name}=${c.image}`),
      ['app=nginx:1.26', 'proxy=envoy:1'],
    );
    assert.deepEqual(entryOf(object, 'injector')!.fieldsV1, {
      'f:spec': {
        'f:template': {
          'f:spec': { 'f:containers': { 'k:{"name":"proxy"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
        },
      },
    });
  });

  test('removing a container from the configuration removes it', () => {
    const fm = manager();
    const two = [
      { name: 'app', image: 'nginx' },
      { name: 'log', image: 'busybox' },
    ];
    const live = stored(fm.apply(undefined, config({ containers: two }), 'kubectl').object);
    const { object } = fm.apply(live, config({ containers: [two[0]!] }), 'kubectl');
    assert.deepEqual(object.spec.template.spec.containers, [{ name: 'app', image: 'nginx' }]);
  });
});

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

describe('server-side apply: errors as upstream reports them', () => {
  test('a configuration of another kind is a 400', () => {
    expectStatus(
      () => manager().apply(undefined, { ...config(), kind: 'Pod' }, 'kubectl'),
      400,
      'invalid object type: apps/v1, Kind=Pod',
    );
  });
  test('managedFields in a configuration is a 400', () => {
    const cfg = config();
    cfg.metadata.managedFields = [];
    expectStatus(() => manager().apply(undefined, cfg, 'kubectl'), 400, 'metadata.managedFields must be nil');
  });
  test('an undeclared field is a 500 naming it', () => {
    const cfg = config();
    cfg.spec.foo = 1;
    expectStatus(
      () => manager().apply(undefined, cfg, 'kubectl'),
      500,
      'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.foo: field not declared in schema',
    );
  });
  test('a scalar of the wrong type', () => {
    const cfg = config();
    cfg.spec.replicas = 'three';
    expectStatus(
      () => manager().apply(undefined, cfg, 'kubectl'),
      500,
      /: \.spec\.replicas: expected numeric \(int or float\), got string$/,
    );
  });
  test('duplicated list-map keys', () => {
    const cfg = config({ containers: [{ name: 'a' }, { name: 'a' }] });
    expectStatus(
      () => manager().apply(undefined, cfg, 'kubectl'),
      500,
      /: \.spec\.template\.spec\.containers: duplicate entries for key \[name="a"\]$/,
    );
  });
  test('a list-map element without its key', () => {
    const cfg = config({ containers: [{ image: 'x' }] });
    expectStatus(
      () => manager().apply(undefined, cfg, 'kubectl'),
      500,
      /\.spec\.template\.spec\.containers: element 0: associative list with keys has an element that omits all key fields \["name"\]/,
    );
  });
  test('a configuration that is not an object is a 400', () => {
    expectStatus(() => manager().apply(undefined, [1], 'kubectl'), 400, /^error decoding patch: /);
  });
});

describe('custom resources and fields without schema', () => {
  const crScope = {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    schema: undefined,
    now: () => new Date(T0),
  };
  const widget = (spec: Obj) => ({
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w' },
    spec,
  });

  test('untyped maps are granular, untyped lists atomic', () => {
    const fm = wrap(new FieldManager(crScope));
    const { object } = fm.apply(
      undefined,
      widget({ size: 1, tags: ['a', 'b'], nested: { x: 1 } }),
      'kubectl',
    );
    assert.deepEqual(entries(object)[0]!.fieldsV1, {
      'f:spec': { '.': {}, 'f:nested': { '.': {}, 'f:x': {} }, 'f:size': {}, 'f:tags': {} },
    });
    // Another applier may add a key to a map, but changing the list conflicts on the whole list.
    const live = stored(object);
    const added = fm.apply(live, widget({ nested: { y: 2 } }), 'other').object;
    assert.deepEqual(added.spec.nested, { x: 1, y: 2 });
    expectStatus(
      () => fm.apply(live, widget({ tags: ['c'] }), 'other'),
      409,
      /conflict with "kubectl": \.spec\.tags$/,
    );
  });

  test('x-kubernetes-preserve-unknown-fields under a declared schema behaves the same', () => {
    const schema = {
      type: 'object' as const,
      properties: {
        spec: {
          type: 'object' as const,
          properties: { size: { type: 'integer' as const } },
          'x-kubernetes-preserve-unknown-fields': true,
        },
      },
    };
    const fm = wrap(new FieldManager({ ...crScope, schema }));
    const { object } = fm.apply(undefined, widget({ size: 2, extra: { deep: [1] } }), 'kubectl');
    assert.deepEqual(entries(object)[0]!.fieldsV1, {
      'f:spec': { 'f:extra': { '.': {}, 'f:deep': {} }, 'f:size': {} },
    });
  });

  test('CRD list and map types are honoured; metadata without a schema still has ObjectMeta’s list types', () => {
    const schema = {
      type: 'object' as const,
      properties: {
        metadata: { type: 'object' as const },
        spec: {
          type: 'object' as const,
          properties: {
            ports: {
              type: 'array' as const,
              'x-kubernetes-list-type': 'map' as const,
              'x-kubernetes-list-map-keys': ['port'],
              items: {
                type: 'object' as const,
                properties: { port: { type: 'integer' as const }, name: { type: 'string' as const } },
              },
            },
            hosts: {
              type: 'array' as const,
              'x-kubernetes-list-type': 'set' as const,
              items: { type: 'string' as const },
            },
            config: {
              type: 'object' as const,
              'x-kubernetes-map-type': 'atomic' as const,
              additionalProperties: { type: 'string' as const },
            },
          },
        },
      },
    };
    const fm = wrap(new FieldManager({ ...crScope, schema }));
    const cfg = widget({ ports: [{ port: 80, name: 'http' }], hosts: ['a.example'], config: { k: 'v' } });
    cfg.metadata = { name: 'w', finalizers: ['example.com/cleanup'] } as Obj as typeof cfg.metadata;
    const { object } = fm.apply(undefined, cfg, 'kubectl');
    assert.deepEqual(entries(object)[0]!.fieldsV1, {
      'f:metadata': { 'f:finalizers': { 'v:"example.com/cleanup"': {} } },
      'f:spec': {
        'f:config': {},
        'f:hosts': { 'v:"a.example"': {} },
        'f:ports': { 'k:{"port":80}': { '.': {}, 'f:name': {}, 'f:port': {} } },
      },
    });
  });
});

describe('client-side to server-side apply (manager "kubectl")', () => {
  /** An object created by `kubectl apply` (client-side): last-applied annotation, kubectl-client-side-apply owner. */
  function clientSideApplied() {
    const fm = manager();
    const cfg = config({ replicas: 2 });
    const withAnnotation = structuredClone(cfg);
    withAnnotation.metadata.annotations = { [LAST_APPLIED_ANNOTATION]: `${JSON.stringify(cfg)}\n` };
    return { fm, live: stored(fm.update(undefined, withAnnotation, 'kubectl-client-side-apply')) };
  }

  test('fields still holding their last-applied values are taken over without conflict', () => {
    const { fm, live } = clientSideApplied();
    const { object } = fm.apply(live, config({ replicas: 4 }), 'kubectl');
    assert.equal(object.spec.replicas, 4);
    const annotation = object.metadata.annotations[LAST_APPLIED_ANNOTATION] as string;
    assert.ok(annotation.endsWith('\n'));
    assert.equal(JSON.parse(annotation).spec.replicas, 4);
    assert.ok(
      annotation.startsWith('{"apiVersion":"apps/v1","kind":"Deployment","metadata":{'),
      'keys sorted as Go encodes them',
    );
  });

  test('fields changed since the last client-side apply still conflict', () => {
    const { fm, live } = clientSideApplied();
    const edited = structuredClone(live);
    edited.spec.replicas = 9;
    const after = fm.update(live, edited, 'kubectl-edit');
    expectStatus(
      () => fm.apply(after, config({ replicas: 4 }), 'kubectl'),
      409,
      /conflict with "kubectl-edit" using apps\/v1: \.spec\.replicas/,
    );
  });

  test('other managers get no such allowance', () => {
    const { fm, live } = clientSideApplied();
    expectStatus(
      () => fm.apply(live, config({ replicas: 4 }), 'helm'),
      409,
      /conflict with "kubectl-client-side-apply" using apps\/v1: \.spec\.replicas/,
    );
  });
});
