import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Taint, Toleration } from 'kubernetes-types/core/v1.d.ts';
import { findUntoleratedTaint, toleratesTaint, tolerationsTolerateTaint } from './taints.ts';

const gpu: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
const unreachable: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
const soft: Taint = { key: 'soft', effect: 'PreferNoSchedule' };

test('toleratesTaint: effect and key narrow, an empty operator means Equal, Exists ignores the value', () => {
  const cases: [Toleration, Taint, boolean][] = [
    [{ operator: 'Exists' }, gpu, true],
    [{ key: 'dedicated', value: 'gpu' }, gpu, true],
    [{ key: 'dedicated', operator: '', value: 'gpu' }, gpu, true],
    [{ key: 'dedicated', operator: 'Equal', value: 'cpu' }, gpu, false],
    [{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, gpu, false],
    [{ key: 'other', operator: 'Exists' }, gpu, false],
    [{ key: 'dedicated', operator: 'Bogus', value: 'gpu' }, gpu, false],
  ];
  for (const [t, taint, want] of cases) assert.equal(toleratesTaint(t, taint), want, JSON.stringify(t));
  assert.equal(tolerationsTolerateTaint(undefined, gpu), false);
  assert.equal(tolerationsTolerateTaint([{ key: 'x' }, { operator: 'Exists' }], gpu), true);
});

test('findUntoleratedTaint: the first blocking taint the filter keeps, none when all are tolerated', () => {
  assert.equal(findUntoleratedTaint([soft, gpu, unreachable], undefined), gpu);
  assert.equal(
    findUntoleratedTaint([soft, gpu, unreachable], [{ key: 'dedicated', value: 'gpu' }]),
    unreachable,
  );
  assert.equal(findUntoleratedTaint([soft], []), undefined);
  assert.equal(
    findUntoleratedTaint([gpu, unreachable], [], (t) => t.effect === 'NoExecute'),
    unreachable,
  );
  assert.equal(findUntoleratedTaint([gpu, unreachable], [{ operator: 'Exists' }]), undefined);
});
