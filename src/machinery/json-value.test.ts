import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deepClone, deepEqual, isJsonObject } from './json-value.ts';

describe('deepEqual', () => {
  const equal: [unknown, unknown][] = [
    [1, 1],
    ['a', 'a'],
    [null, null],
    [true, true],
    [[], []],
    [{}, {}],
    [
      { a: 1, b: [1, { c: 'x' }] },
      { b: [1, { c: 'x' }], a: 1 },
    ],
    [{ a: undefined }, {}],
    [{}, { a: undefined }],
    [{ a: { b: undefined, c: 1 } }, { a: { c: 1 } }],
  ];
  const different: [unknown, unknown][] = [
    [1, 2],
    [1, '1'],
    [null, undefined],
    [null, {}],
    [[], {}],
    [
      [1, 2],
      [2, 1],
    ],
    [[1], [1, 2]],
    [{ a: 1 }, { a: 2 }],
    [{ a: 1 }, { b: 1 }],
    [{ a: 1 }, { a: 1, b: 2 }],
    [{ a: null }, {}],
    [{ a: [1] }, { a: { 0: 1 } }],
    [0, -0 + 1],
  ];
  for (const [a, b] of equal)
    test(`${JSON.stringify(a)} == ${JSON.stringify(b)}`, () => {
      assert.equal(deepEqual(a, b), true);
      assert.equal(deepEqual(b, a), true);
    });
  for (const [a, b] of different)
    test(`${JSON.stringify(a)} != ${JSON.stringify(b)}`, () => {
      assert.equal(deepEqual(a, b), false);
      assert.equal(deepEqual(b, a), false);
    });
});

describe('deepClone', () => {
  test('copies deeply and drops undefined', () => {
    const src = { a: [1, { b: 'x' }], c: { d: null, e: undefined }, f: true };
    const copy = deepClone(src);
    assert.deepEqual(copy, { a: [1, { b: 'x' }], c: { d: null }, f: true });
    assert.notEqual(copy.a, src.a);
    assert.notEqual(copy.a[1], src.a[1]);
    (copy.a[1] as { b: string }).b = 'changed';
    assert.equal((src.a[1] as { b: string }).b, 'x');
  });
  test('scalars pass through', () => {
    assert.equal(deepClone(5), 5);
    assert.equal(deepClone(null), null);
    assert.equal(deepClone('s'), 's');
  });
  test('a "__proto__" key stays data', () => {
    const src = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}');
    const copy = deepClone(src);
    assert.equal(Object.getPrototypeOf(copy), Object.prototype);
    assert.deepEqual(Object.keys(copy), ['__proto__', 'x']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(deepEqual(copy, src), true);
  });
  test('isJsonObject', () => {
    assert.equal(isJsonObject({}), true);
    assert.equal(isJsonObject([]), false);
    assert.equal(isJsonObject(null), false);
  });
});
