import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  config,
  entries,
  expectStatus,
  manager,
  type Obj,
  stored,
  T0,
  wrap,
} from '../testing/apply-fixtures.ts';
import { FieldManager } from './field-manager.ts';
import { LAST_APPLIED_ANNOTATION } from './last-applied.ts';

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
