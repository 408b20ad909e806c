import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Schema } from '../../schema.ts';
import { definitions, deploymentSchema } from '../testing/workload-schema.ts';
import { type Atom, SchemaTypes, type TypeRef } from './schema-types.ts';

const types = new SchemaTypes(deploymentSchema, definitions);
/** The atom at a path of field names from the root (list steps go to the element type). */
function at(...path: string[]) {
  let ref: TypeRef | undefined = types.root;
  for (const step of path) {
    const atom: Atom = types.atom(ref)!;
    ref = step === '[]' ? atom.list!.element : (atom.map!.fields.get(step) ?? atom.map!.element);
  }
  return types.atom(ref)!;
}

test('list types: explicit list-type wins; merge strategy with a key is a keyed list', () => {
  assert.deepEqual(at('spec', 'template', 'spec', 'containers').list!.keys, ['name']);
  assert.deepEqual(at('spec', 'template', 'spec', 'containers', '[]', 'ports').list!.keys, [
    'containerPort',
    'protocol',
  ]);
  assert.equal(at('spec', 'template', 'spec', 'tolerations').list!.relationship, 'atomic');
  const fromStrategy = new SchemaTypes({
    type: 'object',
    properties: {
      byKey: {
        type: 'array',
        items: { type: 'object' },
        'x-kubernetes-patch-strategy': 'merge',
        'x-kubernetes-patch-merge-key': 'id',
      },
      set: { type: 'array', items: { type: 'string' }, 'x-kubernetes-patch-strategy': 'merge' },
      plain: { type: 'array', items: { type: 'string' } },
    },
  });
  const root = fromStrategy.atom(fromStrategy.root)!.map!;
  assert.deepEqual(fromStrategy.atom(root.fields.get('byKey'))!.list, {
    relationship: 'associative',
    keys: ['id'],
    element: { schema: { type: 'object' }, preserve: false },
  });
  assert.equal(fromStrategy.atom(root.fields.get('set'))!.list!.relationship, 'associative');
  assert.equal(fromStrategy.atom(root.fields.get('plain'))!.list!.relationship, 'atomic');
});

test('map types: struct-level atomic, and a field-level override beside a $ref', () => {
  assert.equal(at('spec', 'selector').map!.relationship, 'atomic');
  assert.equal(at('spec', 'template', 'spec', 'nodeSelector').map!.relationship, 'atomic');
  assert.equal(at('metadata', 'labels').map!.relationship, 'separable');
  const overridden = new SchemaTypes(
    {
      type: 'object',
      properties: { meta: { $ref: '#/components/schemas/M', 'x-kubernetes-map-type': 'atomic' } },
    },
    { M: { type: 'object', properties: { a: { type: 'string' } } } },
  );
  assert.equal(
    overridden.atom(overridden.atom(overridden.root)!.map!.fields.get('meta'))!.map!.relationship,
    'atomic',
  );
});

test('int-or-string and untyped fields take any form; undeclared keys of a struct are not allowed', () => {
  const surge = at('spec', 'strategy', 'rollingUpdate', 'maxSurge');
  assert.equal(surge.scalar, 'untyped');
  assert.ok(surge.list && surge.map);
  assert.equal(at('spec').map!.element, undefined);
  assert.equal(types.deduce(surge, 3).list, undefined);
});

test('the root always knows apiVersion, kind and an ObjectMeta-like metadata', () => {
  const bare = new SchemaTypes({
    type: 'object',
    properties: { metadata: { type: 'object' }, spec: { type: 'object' } },
  } as Schema);
  const root = bare.atom(bare.root)!.map!;
  assert.ok(root.fields.has('apiVersion') && root.fields.has('kind'));
  const meta = bare.atom(root.fields.get('metadata'))!.map!;
  assert.equal(bare.atom(meta.fields.get('finalizers'))!.list!.relationship, 'associative');
  assert.deepEqual(bare.atom(meta.fields.get('ownerReferences'))!.list!.keys, ['uid']);
});

test('key defaults fill missing key fields (ports default to protocol TCP)', () => {
  const ports = at('spec', 'template', 'spec', 'containers', '[]', 'ports').list!;
  assert.deepEqual(types.listItemElement(ports, { containerPort: 80 }), {
    key: [
      ['containerPort', 80],
      ['protocol', 'TCP'],
    ],
  });
  // A default alone names the element, as upstream's does.
  assert.deepEqual(types.listItemElement(ports, { name: 'x' }), { key: [['protocol', 'TCP']] });
  const containers = at('spec', 'template', 'spec', 'containers').list!;
  assert.match(String(types.listItemElement(containers, { image: 'x' })), /omits all key fields \["name"\]/);
});
