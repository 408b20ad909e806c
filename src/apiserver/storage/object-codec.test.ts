import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/strategy.ts';
import { decodeObject, decodeWritten, encodeObject, renderedText, stampWritten } from './object-codec.ts';

const pod = (): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'ns', resourceVersion: '7', labels: { '2': 'b', a: 'x', '1': 'a' } },
  spec: { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80 }] }], priority: -0 },
});

/** Same value and same key order (what a JSON encoder of the object would write). */
function assertSameJson(actual: unknown, expected: unknown): void {
  assert.equal(JSON.stringify(actual), JSON.stringify(expected));
  assert.deepEqual(actual, expected);
}

test('decodeWritten gives our own writes back as decoding their bytes would, once', () => {
  const bytes = encodeObject(pod());
  const copy = decodeWritten(bytes, 9);
  const parsed = decodeObject(bytes, 9);
  assertSameJson(copy, parsed);
  assert.equal(copy.metadata?.resourceVersion, '9');
  assert.ok(Object.is((copy as { spec: { priority: number } }).spec.priority, 0));
  // Taken once: the next reader parses (and gets an object of its own).
  const again = decodeWritten(bytes, 9);
  assert.notEqual(again, copy);
  assertSameJson(again, parsed);
});

test('the copy has a root and metadata of its own; members with a value JSON rewrites are copied', () => {
  const obj = pod();
  const bytes = encodeObject(obj);
  obj.metadata!.name = 'changed';
  (obj as Record<string, unknown>).kind = 'Changed';
  const copy = decodeWritten(bytes, 1);
  assert.equal(copy.metadata!.name, 'p');
  assert.equal(copy.kind, 'Pod');
  // The labels are plain JSON: shared. The spec holds a -0 (written as 0): copied.
  assert.equal(copy.metadata!.labels, obj.metadata!.labels);
  assert.notEqual(copy.spec, obj.spec);
  assert.equal(
    (copy.spec as { containers: unknown[] }).containers,
    (obj.spec as { containers: unknown[] }).containers,
  );
});

test('members JSON leaves out are left out; values JSON rewrites fall back to parsing', () => {
  const odd = { ...pod(), extra: undefined, fn: () => 1, ['__proto__']: undefined } as unknown as KubeObject;
  Object.defineProperty(odd, '__proto__', {
    value: { own: true },
    enumerable: true,
    configurable: true,
    writable: true,
  });
  const bytes = encodeObject(odd);
  assertSameJson(decodeWritten(bytes, 2), decodeObject(bytes, 2));
  for (const value of [new Date(0), [1, undefined], Number.NaN, { toJSON: () => 'x' }]) {
    const b = encodeObject({ ...pod(), value } as unknown as KubeObject);
    assertSameJson(decodeWritten(b, 3), decodeObject(b, 3));
  }
});

test('bytes this process did not encode are parsed', () => {
  const bytes = new TextEncoder().encode('{"kind":"Pod","metadata":{"name":"x"}}');
  assertSameJson(decodeWritten(bytes, 4), { kind: 'Pod', metadata: { name: 'x', resourceVersion: '4' } });
});

test('a written object, stamped with its revision, has the JSON text JSON.stringify gives it', () => {
  const objects: KubeObject[] = [
    pod(),
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: {}, data: { a: '1' } },
    { metadata: { resourceVersion: '', name: 'x' }, kind: 'ConfigMap', apiVersion: 'v1' },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'u', labels: undefined },
      data: undefined,
      binaryData: { k: 'dg==' },
    },
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: '\u2028"quoted"\\' },
      spec: { finalizers: ['kubernetes'] },
    },
  ];
  for (const obj of objects) {
    const bytes = encodeObject(obj);
    stampWritten(obj, 42);
    assert.equal(obj.metadata?.resourceVersion, '42');
    assert.equal(renderedText(obj), JSON.stringify(obj));
    // The watch cache's copy of the same write has the same text.
    const copy = decodeWritten(bytes, 42);
    assert.equal(renderedText(copy), JSON.stringify(copy));
    assert.equal(renderedText(copy), renderedText(obj));
    assert.deepEqual(
      JSON.parse(new TextDecoder().decode(bytes)),
      JSON.parse(renderedText(obj)!, (k, v) => (k === 'resourceVersion' ? undefined : v)),
    );
  }
});

test('in commit order (the cache copy first, then the stamp) both objects get the stored text with the revision', () => {
  const obj = pod();
  const bytes = encodeObject(obj);
  const copy = decodeWritten(bytes, 12);
  // The watch event renders the copy before the response renders the written object.
  assert.equal(renderedText(copy), JSON.stringify(copy));
  stampWritten(obj, 12);
  assert.equal(renderedText(obj), JSON.stringify(obj));
  assert.equal(renderedText(obj), renderedText(copy));
  // A stamp with another revision than the copy's gets a text of its own.
  const other = pod();
  const otherBytes = encodeObject(other);
  decodeWritten(otherBytes, 20);
  stampWritten(other, 21);
  assert.equal(other.metadata?.resourceVersion, '21');
  assert.equal(renderedText(other), JSON.stringify(other));
});

test('objects without a known text (not written here, or not plain JSON) have none', () => {
  assert.equal(renderedText(pod()), undefined);
  assert.equal(renderedText(decodeObject(encodeObject(pod()), 3)), undefined);
  const dated = {
    apiVersion: 'v1',
    kind: 'X',
    metadata: { name: 'd' },
    spec: { at: new Date(0) },
  } as unknown as KubeObject;
  encodeObject(dated);
  stampWritten(dated, 5);
  assert.equal(dated.metadata?.resourceVersion, '5');
  assert.equal(renderedText(dated), undefined);
  const bare = { apiVersion: 'v1', kind: 'X' } as KubeObject;
  encodeObject(bare);
  stampWritten(bare, 6);
  assert.equal(renderedText(bare), undefined);
  assert.equal(bare.metadata?.resourceVersion, '6');
});

test("the watch cache's copy of a plain JSON write shares its members but not its root and metadata", () => {
  const obj: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'ns', resourceVersion: '7' },
    spec: { containers: [{ name: 'c', image: 'i' }] },
  };
  const bytes = encodeObject(obj);
  stampWritten(obj, 9);
  const copy = decodeWritten(bytes, 9);
  assertSameJson(copy, decodeObject(bytes, 9));
  assert.notEqual(copy, obj);
  assert.notEqual(copy.metadata, obj.metadata);
  assert.equal(copy.spec, obj.spec);
  // Values JSON would not give back (an undefined member) make a copy of its own.
  const odd: KubeObject = { ...obj, spec: { containers: [{ name: 'c', image: undefined }] } };
  const oddCopy = decodeWritten(encodeObject(odd), 10);
  assert.notEqual(oddCopy.spec, odd.spec);
  assertSameJson(oddCopy, {
    ...obj,
    metadata: { ...obj.metadata, resourceVersion: '10' },
    spec: { containers: [{ name: 'c' }] },
  });
});

test("the watch cache's copy comes deep-frozen; a write that is not plain JSON leaves the caller's members alone", () => {
  const obj = pod();
  const copy = decodeWritten(encodeObject(obj), 11);
  const unfrozen: string[] = [];
  const visit = (value: unknown, path: string) => {
    if (typeof value !== 'object' || value === null) return;
    if (!Object.isFrozen(value)) unfrozen.push(path);
    for (const [k, v] of Object.entries(value)) visit(v, `${path}.${k}`);
  };
  visit(copy, '');
  assert.deepEqual(unfrozen, []);
  assert.ok(Object.isFrozen(obj.metadata!.labels), 'shared members are the frozen ones');
  assert.ok(
    !Object.isFrozen(obj) && !Object.isFrozen(obj.metadata),
    "the caller's root and metadata stay its own",
  );

  const dated = { ...pod(), status: { at: new Date(0) } } as unknown as KubeObject;
  const parsed = decodeWritten(encodeObject(dated), 12);
  assert.equal((parsed as { status: { at: string } }).status.at, new Date(0).toJSON());
  assert.ok(!Object.isFrozen(dated.metadata!.labels));
  assert.ok(!Object.isFrozen(dated.spec));
});
