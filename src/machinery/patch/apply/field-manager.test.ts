import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  config,
  entries,
  entryOf,
  expectStatus,
  manager,
  type Obj,
  owners,
  stored,
  T0,
} from '../testing/apply-fixtures.ts';
import { ApplyConflictError } from './conflicts.ts';

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
