import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isStatusError } from '../status.ts';
import {
  applyJsonPatch,
  jsonPatchUnknownFields,
  MAX_JSON_PATCH_OPERATIONS,
  parseJsonPatch,
} from './json-patch.ts';
import { PATCH_REJECTED_MESSAGE } from './patch-errors.ts';

const deployment = () => ({
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: {
    replicas: 2,
    template: {
      spec: {
        containers: [
          { name: 'a', image: 'nginx:1' },
          { name: 'b', image: 'redis' },
        ],
      },
    },
  },
});

function rejects(fn: () => unknown, code: number, message?: string | RegExp, cause?: RegExp) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isStatusError(e), String(e));
    assert.equal(e.code, code);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    if (cause) assert.match(String(e.cause), cause);
    return true;
  });
}

describe('applyJsonPatch', () => {
  const cases: { name: string; ops: unknown[]; check: (out: any) => void }[] = [
    {
      name: 'replace a scalar (kubectl rollout undo replaces the template)',
      ops: [{ op: 'replace', path: '/spec/replicas', value: 5 }],
      check: (o) => assert.equal(o.spec.replicas, 5),
    },
    {
      name: 'add a map key, with ~1 escaping',
      ops: [{ op: 'add', path: '/metadata/labels/example.com~1tier', value: 'db' }],
      check: (o) => assert.deepEqual(o.metadata.labels, { app: 'web', 'example.com/tier': 'db' }),
    },
    {
      name: 'add at an array index inserts; "-" appends',
      ops: [
        { op: 'add', path: '/spec/template/spec/containers/1', value: { name: 'x' } },
        { op: 'add', path: '/spec/template/spec/containers/-', value: { name: 'z' } },
      ],
      check: (o) =>
        assert.deepEqual(
          o.spec.template.spec.containers.map((c: any) => c.name),
          ['a', 'x', 'b', 'z'],
        ),
    },
    {
      name: 'negative indices count from the end',
      ops: [{ op: 'remove', path: '/spec/template/spec/containers/-1' }],
      check: (o) =>
        assert.deepEqual(
          o.spec.template.spec.containers.map((c: any) => c.name),
          ['a'],
        ),
    },
    {
      name: 'replace of a missing object key adds it (v4 behaviour)',
      ops: [{ op: 'replace', path: '/spec/paused', value: true }],
      check: (o) => assert.equal(o.spec.paused, true),
    },
    {
      name: 'test then remove',
      ops: [
        { op: 'test', path: '/spec/template/spec/containers/0/image', value: 'nginx:1' },
        { op: 'remove', path: '/metadata/labels' },
      ],
      check: (o) => assert.equal(o.metadata.labels, undefined),
    },
    {
      name: 'test of an absent path against null passes',
      ops: [{ op: 'test', path: '/spec/paused', value: null }],
      check: (o) => assert.equal(o.spec.replicas, 2),
    },
    {
      name: 'move and copy',
      ops: [
        { op: 'copy', from: '/metadata/labels', path: '/spec/selector' },
        { op: 'move', from: '/spec/replicas', path: '/spec/count' },
      ],
      check: (o) => {
        assert.deepEqual(o.spec.selector, { app: 'web' });
        assert.equal(o.spec.count, 2);
        assert.equal('replicas' in o.spec, false);
      },
    },
    {
      name: 'add without a value adds null',
      ops: [{ op: 'add', path: '/spec/x' }],
      check: (o) => assert.equal(o.spec.x, null),
    },
    {
      name: 'whole-document test and replace',
      ops: [
        { op: 'test', path: '', value: deployment() },
        { op: 'replace', path: '', value: { kind: 'Other' } },
      ],
      check: (o) => assert.deepEqual(o, { kind: 'Other' }),
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const input = deployment();
      const out = applyJsonPatch(input, parseJsonPatch(c.ops));
      c.check(out);
      assert.deepEqual(input, deployment(), 'input is not modified');
    });
  }

  const failures: { name: string; ops: unknown[]; cause: RegExp }[] = [
    {
      name: 'failed test',
      ops: [{ op: 'test', path: '/spec/replicas', value: 3 }],
      cause: /testing value \/spec\/replicas failed/,
    },
    {
      name: 'remove a missing key',
      ops: [{ op: 'remove', path: '/spec/nope' }],
      cause: /Unable to remove nonexistent key: nope/,
    },
    {
      name: 'missing parent',
      ops: [{ op: 'add', path: '/status/x/y', value: 1 }],
      cause: /doc is missing path: "\/status\/x\/y"/,
    },
    {
      name: 'index past the end',
      ops: [{ op: 'add', path: '/spec/template/spec/containers/5', value: {} }],
      cause: /invalid index/,
    },
    {
      name: 'replace past the end',
      ops: [{ op: 'replace', path: '/spec/template/spec/containers/2', value: {} }],
      cause: /missing key/,
    },
    { name: 'unknown op', ops: [{ op: 'frobnicate', path: '/a' }], cause: /Unexpected kind: frobnicate/ },
    { name: 'missing op', ops: [{ path: '/a' }], cause: /Unexpected kind: unknown/ },
    { name: 'missing path', ops: [{ op: 'add', value: 1 }], cause: /failed to decode path/ },
    { name: 'empty path for add', ops: [{ op: 'add', path: '', value: 1 }], cause: /missing path/ },
  ];
  for (const f of failures) {
    test(`422 on ${f.name}`, () =>
      rejects(
        () => applyJsonPatch(deployment(), parseJsonPatch(f.ops)),
        422,
        PATCH_REJECTED_MESSAGE,
        f.cause,
      ));
  }

  test('the 422 carries reason Invalid and empty details, as upstream', () => {
    try {
      applyJsonPatch({}, [{ op: 'test', path: '/a', value: 1 }]);
      assert.fail('expected an error');
    } catch (e) {
      assert.ok(isStatusError(e));
      assert.deepEqual(e.toStatus(), {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: PATCH_REJECTED_MESSAGE,
        reason: 'Invalid',
        details: {},
        code: 422,
      });
    }
  });
});

describe('parseJsonPatch', () => {
  test('400 when the patch is not an array of objects', () => {
    rejects(
      () => parseJsonPatch({ op: 'add' }),
      400,
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
    rejects(
      () => parseJsonPatch(['add']),
      400,
      'json: cannot unmarshal string into Go value of type jsonpatch.Operation',
    );
  });
  test('null is an empty patch', () => assert.deepEqual(parseJsonPatch(null), []));
  test('413 past the operation limit', () => {
    const ops = Array.from({ length: MAX_JSON_PATCH_OPERATIONS + 1 }, () => ({ op: 'test', path: '/a' }));
    rejects(() => parseJsonPatch(ops), 413, /maximum operations in a JSON patch is 10000, got 10001/);
  });
  test('unknown fields are listed for strict validation', () => {
    assert.deepEqual(jsonPatchUnknownFields([{ op: 'add', path: '/a', value: 1, valeu: 2 }]), [
      'json patch unknown field "valeu"',
    ]);
  });
});
