import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  getAtPath,
  nestedBool,
  nestedField,
  nestedInt64,
  nestedMap,
  nestedSlice,
  nestedString,
  removeNestedField,
  setAtPath,
  setNestedField,
  splitDottedPath,
} from './unstructured.ts';

const cr = () => ({
  spec: { replicas: 3, paused: false, name: 'x', list: [1] },
  status: { replicas: 2, selector: 'app=web' },
});

describe('reading', () => {
  test('paths', () => {
    assert.deepEqual(splitDottedPath('.spec.replicas'), ['spec', 'replicas']);
    assert.deepEqual(splitDottedPath('spec.replicas'), ['spec', 'replicas']);
    assert.deepEqual(splitDottedPath('.'), []);
  });
  test('typed getters', () => {
    assert.equal(nestedInt64(cr(), ['spec', 'replicas']), 3);
    assert.equal(nestedInt64(cr(), ['spec', 'missing']), undefined);
    assert.equal(nestedInt64(cr(), ['nope', 'replicas']), undefined);
    assert.equal(nestedString(cr(), ['status', 'selector']), 'app=web');
    assert.equal(nestedBool(cr(), ['spec', 'paused']), false);
    assert.deepEqual(nestedMap(cr(), ['status']), { replicas: 2, selector: 'app=web' });
    assert.deepEqual(nestedSlice(cr(), ['spec', 'list']), [1]);
    assert.deepEqual(getAtPath(cr(), '.status.replicas'), { value: 2, found: true });
    assert.deepEqual(nestedField(cr(), []), { value: cr(), found: true });
  });
  test('type errors are worded as upstream', () => {
    assert.throws(() => nestedInt64(cr(), ['spec', 'name']), {
      message: '.spec.name accessor error: x is of the type string, expected int64',
    });
    assert.throws(() => nestedInt64({ spec: { replicas: 1.5 } }, ['spec', 'replicas']), {
      message: '.spec.replicas accessor error: 1.5 is of the type float64, expected int64',
    });
    assert.throws(() => nestedString(cr(), ['spec', 'replicas', 'x']), {
      message: '.spec.replicas.x accessor error: 3 is of the type int64, expected map[string]interface{}',
    });
    assert.throws(() => nestedMap(cr(), ['spec', 'list']), {
      message:
        '.spec.list accessor error: [1] is of the type []interface {}, expected map[string]interface{}',
    });
  });
});

describe('writing', () => {
  test('set creates intermediate objects', () => {
    const obj: Record<string, unknown> = {};
    setAtPath(obj, '.spec.replicas', 5);
    assert.deepEqual(obj, { spec: { replicas: 5 } });
    const o2 = cr() as Record<string, unknown>;
    setNestedField(o2, 7, ['spec', 'replicas']);
    assert.equal(nestedInt64(o2, ['spec', 'replicas']), 7);
  });
  test('the value is copied', () => {
    const obj: Record<string, unknown> = {};
    const value = { a: [1] };
    setNestedField(obj, value, ['x']);
    value.a.push(2);
    assert.deepEqual(obj, { x: { a: [1] } });
  });
  test('a non-object on the way is an error', () => {
    const obj = cr() as Record<string, unknown>;
    assert.throws(() => setAtPath(obj, '.spec.name.first', 'a'), {
      message: 'value cannot be set because .spec.name is not a map[string]interface{}',
    });
    assert.throws(() => setNestedField({ a: null }, 1, ['a', 'b']), {
      message: 'value cannot be set because .a is not a map[string]interface{}',
    });
    assert.throws(() => setNestedField({}, 1, []));
  });
  test('remove', () => {
    const obj = cr() as Record<string, unknown>;
    removeNestedField(obj, ['status', 'selector']);
    assert.deepEqual(obj.status, { replicas: 2 });
    removeNestedField(obj, ['nope', 'x']);
    removeNestedField(obj, ['spec', 'replicas', 'x']);
    assert.equal(nestedInt64(obj, ['spec', 'replicas']), 3);
  });
});
