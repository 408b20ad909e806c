import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FieldSet } from './field-set.ts';
import { type FieldPath, keyElement, pathString, serializePathElement } from './path-element.ts';

const f = (field: string) => ({ field });
const P = (...parts: (string | [string, unknown][] | { value: unknown } | number)[]): FieldPath =>
  parts.map((p) =>
    typeof p === 'string'
      ? f(p)
      : typeof p === 'number'
        ? { index: p }
        : Array.isArray(p)
          ? keyElement(p)
          : p,
  );

test('fieldsV1 wire form: sorted keys, "." for a member with children, {} for a leaf', () => {
  const set = FieldSet.of(
    P('spec', 'replicas'),
    P('metadata', 'labels'),
    P('metadata', 'labels', 'app'),
    P('spec', 'template', 'spec', 'containers', [['name', 'nginx']]),
    P('spec', 'template', 'spec', 'containers', [['name', 'nginx']], 'image'),
    P('metadata', 'finalizers', { value: 'a/b' }),
    P('spec', 'args', 0),
  );
  assert.equal(
    JSON.stringify(set.toFieldsV1()),
    JSON.stringify({
      'f:metadata': { 'f:finalizers': { 'v:"a/b"': {} }, 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': {
        'f:args': { 'i:0': {} },
        'f:replicas': {},
        'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {} } } } },
      },
    }),
  );
  assert.ok(FieldSet.fromFieldsV1(set.toFieldsV1()).equals(set));
});

test('key elements sort their fields and print as upstream does', () => {
  const pe = keyElement([
    ['protocol', 'TCP'],
    ['containerPort', 80],
  ]);
  assert.equal(serializePathElement(pe), 'k:{"containerPort":80,"protocol":"TCP"}');
  assert.equal(pathString([f('spec'), f('ports'), pe]), '.spec.ports[containerPort=80,protocol="TCP"]');
  assert.equal(pathString([f('m'), { value: 'x' }, { index: 3 }]), '.m[="x"][3]');
  assert.equal(serializePathElement({ value: '<a&b>' }), 'v:"\\u003ca\\u0026b\\u003e"');
});

test('element order: fields, then keys, then values, then indices', () => {
  const set = FieldSet.of(
    [{ index: 1 }],
    [{ value: 2 }],
    [keyElement([['a', 1]])],
    [f('z')],
    [{ value: 'a' }],
    [{ value: 1 }],
  );
  assert.deepEqual(Object.keys(set.toFieldsV1()), ['f:z', 'k:{"a":1}', 'v:1', 'v:2', 'v:"a"', 'i:1']);
});

test('union, intersection, difference and recursive difference', () => {
  const a = FieldSet.of(P('a'), P('b', 'c'), P('b', 'd'));
  const b = FieldSet.of(P('b'), P('b', 'c'), P('e'));
  assert.deepEqual(a.union(b).paths().map(pathString), ['.a', '.b', '.e', '.b.c', '.b.d']);
  assert.deepEqual(a.intersection(b).paths().map(pathString), ['.b.c']);
  assert.deepEqual(a.difference(b).paths().map(pathString), ['.a', '.b.d']);
  assert.deepEqual(
    a
      .recursiveDifference(FieldSet.of(P('b')))
      .paths()
      .map(pathString),
    ['.a'],
  );
  assert.ok(a.has(P('b', 'd')));
  assert.ok(!a.has(P('b')));
  assert.ok(a.difference(a).empty());
});

test('fromFieldsV1 skips unknown element types and rejects malformed keys', () => {
  assert.deepEqual(FieldSet.fromFieldsV1({ 'x:what': {}, 'f:a': {} }).paths().map(pathString), ['.a']);
  assert.throws(() => FieldSet.fromFieldsV1({ f: {} }), /key must be 2 characters long/);
  assert.throws(() => FieldSet.fromFieldsV1({ fa: {} }), /missing colon/);
});

test('union and difference that change nothing return the set itself; otherwise a new, equal set', () => {
  const set = FieldSet.of(
    P('spec', 'replicas'),
    P('spec', 'template', 'image'),
    P('metadata', 'labels', 'app'),
  );
  assert.equal(set.union(FieldSet.of(P('spec', 'replicas'))), set);
  assert.equal(set.union(FieldSet.of(P('spec', 'template', 'image'))), set);
  assert.equal(set.difference(FieldSet.of(P('status', 'phase'))), set);
  assert.equal(set.difference(FieldSet.of(P('spec', 'paused'))), set);
  assert.equal(set.recursiveDifference(FieldSet.of(P('status'))), set);
  const grown = set.union(FieldSet.of(P('spec', 'paused')));
  assert.notEqual(grown, set);
  assert.ok(grown.equals(FieldSet.of(...set.paths(), P('spec', 'paused'))));
  const shrunk = set.difference(FieldSet.of(P('spec', 'replicas')));
  assert.ok(shrunk.equals(FieldSet.of(P('spec', 'template', 'image'), P('metadata', 'labels', 'app'))));
  assert.ok(set.has(P('spec', 'replicas')), 'the original is left as it was');
});

test('a set read lazily from canonical fieldsV1 behaves as the parsed one, and re-emits untouched levels as they were', () => {
  const built = FieldSet.of(
    P('metadata', 'labels'),
    P('metadata', 'labels', 'app'),
    P('spec', 'containers', [['name', 'c']]),
    P('spec', 'containers', [['name', 'c']], 'image'),
    P('spec', 'containers', [['name', 'c']], 'ports', [
      ['containerPort', 80],
      ['protocol', 'TCP'],
    ]),
    P('spec', 'finalizers', { value: 'a' }),
    P('spec', 'args', 0),
  );
  const fields = deepFreeze(built.toFieldsV1());
  const eager = FieldSet.fromFieldsV1(fields);
  const other = FieldSet.of(P('metadata', 'labels', 'app'), P('spec', 'args', 0), P('status', 'phase'));
  const lazy = () => FieldSet.ofCanonical(fields);
  assert.ok(lazy().equals(eager));
  assert.deepEqual(lazy().paths().map(pathString), eager.paths().map(pathString));
  assert.equal(lazy().size(), eager.size());
  assert.ok(!lazy().empty());
  assert.ok(lazy().has(P('spec', 'containers', [['name', 'c']], 'image')));
  for (const op of ['union', 'intersection', 'difference', 'recursiveDifference'] as const) {
    assert.ok(lazy()[op](other).equals(eager[op](other)), op);
    assert.ok(other[op](lazy()).equals(other[op](eager)), `${op}, the other way`);
  }
  // A set that only lost a label emits its spec level as the very object it was read from.
  const emitted = lazy()
    .difference(FieldSet.of(P('metadata', 'labels', 'app')))
    .toFieldsV1();
  assert.equal(emitted['f:spec'], fields['f:spec']);
  assert.deepEqual(
    JSON.stringify(emitted),
    JSON.stringify(eager.difference(FieldSet.of(P('metadata', 'labels', 'app'))).toFieldsV1()),
  );
  assert.equal(JSON.stringify(lazy().toFieldsV1()), JSON.stringify(fields));
});

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const child of Object.values(v)) deepFreeze(child);
    Object.freeze(v);
  }
  return v;
}
