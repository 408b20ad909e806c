import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/strategy.ts';
import { decodeObject, decodeWritten, encodeObject } from './object-codec.ts';

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

test('the copy shares nothing with the written object', () => {
  const obj = pod();
  const bytes = encodeObject(obj);
  (obj.metadata!.labels as Record<string, string>).a = 'changed';
  assert.equal((decodeWritten(bytes, 1).metadata!.labels as Record<string, string>).a, 'x');
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
