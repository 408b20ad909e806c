import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isStatusError } from '../status.ts';
import { applyMergePatch } from './merge-patch.ts';

const cases: { name: string; doc: unknown; patch: unknown; want: unknown }[] = [
  // RFC 7386 appendix A.
  { name: 'replace a value', doc: { a: 'b' }, patch: { a: 'c' }, want: { a: 'c' } },
  { name: 'add a key', doc: { a: 'b' }, patch: { b: 'c' }, want: { a: 'b', b: 'c' } },
  { name: 'null deletes', doc: { a: 'b' }, patch: { a: null }, want: {} },
  { name: 'null deletes one of two', doc: { a: 'b', b: 'c' }, patch: { a: null }, want: { b: 'c' } },
  { name: 'arrays replace', doc: { a: ['b'] }, patch: { a: 'c' }, want: { a: 'c' } },
  { name: 'scalar replaced by array', doc: { a: 'c' }, patch: { a: ['b'] }, want: { a: ['b'] } },
  {
    name: 'nested merge with delete',
    doc: { a: { b: 'c' } },
    patch: { a: { b: 'd', c: null } },
    want: { a: { b: 'd' } },
  },
  { name: 'arrays of objects replace whole', doc: { a: [{ b: 'c' }] }, patch: { a: [1] }, want: { a: [1] } },
  {
    name: 'nulls in new objects are dropped',
    doc: {},
    patch: { a: { bb: { ccc: null } } },
    want: { a: { bb: {} } },
  },
  {
    name: 'null array elements are kept',
    doc: {},
    patch: { a: [null, { b: null }] },
    want: { a: [null, {}] },
  },
  { name: 'empty patch', doc: { a: 1 }, patch: {}, want: { a: 1 } },
  // What kubectl sends.
  {
    name: 'kubectl label',
    doc: { metadata: { name: 'p', labels: { app: 'x', old: 'y' } } },
    patch: { metadata: { labels: { env: 'prod', old: null } } },
    want: { metadata: { name: 'p', labels: { app: 'x', env: 'prod' } } },
  },
  {
    name: 'kubectl scale',
    doc: { spec: { replicas: 1, x: 1 } },
    patch: { spec: { replicas: 3 } },
    want: { spec: { replicas: 3, x: 1 } },
  },
  { name: 'a top-level array patch yields the array', doc: { a: 1 }, patch: [1, { b: null }], want: [1, {}] },
];

for (const c of cases) {
  test(`merge patch: ${c.name}`, () => {
    const before = structuredClone(c.doc);
    const patchBefore = structuredClone(c.patch);
    assert.deepEqual(applyMergePatch(c.doc, c.patch), c.want);
    assert.deepEqual(c.doc, before, 'input not modified');
    assert.deepEqual(c.patch, patchBefore, 'patch not modified (a retried update applies it again)');
  });
}

test('merge patch: null or a scalar is a 400 "Invalid JSON Patch"', () => {
  for (const patch of [null, 3, 'x', true]) {
    assert.throws(
      () => applyMergePatch({}, patch),
      (e: unknown) =>
        isStatusError(e) && e.code === 400 && e.reason === 'BadRequest' && e.message === 'Invalid JSON Patch',
    );
  }
});

test('the result shares what the patch does not reach and leaves the document as it was', () => {
  const doc = { spec: { containers: [{ name: 'c' }] }, status: { phase: 'Pending', conditions: [] } };
  const before = structuredClone(doc);
  const patched = applyMergePatch(doc, { status: { phase: 'Running' } }) as typeof doc;
  assert.deepEqual(patched, {
    spec: { containers: [{ name: 'c' }] },
    status: { phase: 'Running', conditions: [] },
  });
  assert.deepEqual(doc, before);
  assert.equal(patched.spec, doc.spec);
  assert.notEqual(patched.status, doc.status);
});
