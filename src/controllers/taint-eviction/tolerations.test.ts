import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod, Taint, Toleration } from 'kubernetes-types/core/v1.d.ts';
import { toleratesTaint } from '../../api/core/taints.ts';
import { evictionDecision, matchingTolerations, minTolerationMs } from './tolerations.ts';

const unreachable: Taint = {
  key: 'node.kubernetes.io/unreachable',
  effect: 'NoExecute',
  timeAdded: '2024-01-01T00:00:00Z',
};
const notReady: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' };
const custom: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoExecute' };
const tol = (t: Partial<Toleration>): Toleration => ({ operator: 'Exists', effect: 'NoExecute', ...t });
const pod = (tolerations: Toleration[]): Pod => ({
  metadata: { name: 'p' },
  spec: { containers: [], tolerations },
});

test('toleratesTaint follows upstream (empty key with Exists tolerates all, values compared for Equal)', () => {
  const cases: [Partial<Toleration> & { operator?: string }, Taint, boolean][] = [
    [{ key: 'node.kubernetes.io/unreachable' }, unreachable, true],
    [{ key: 'node.kubernetes.io/not-ready' }, unreachable, false],
    [{}, unreachable, true],
    [{ key: 'dedicated', operator: 'Equal', value: 'gpu' }, custom, true],
    [{ key: 'dedicated', operator: 'Equal', value: 'cpu' }, custom, false],
    [{ key: 'dedicated', effect: 'NoSchedule' }, custom, false],
    [{ key: 'dedicated', operator: 'Bogus' }, custom, false],
  ];
  for (const [t, taint, want] of cases) assert.equal(toleratesTaint(tol(t), taint), want, JSON.stringify(t));
});

test('matchingTolerations and minTolerationMs', () => {
  assert.deepEqual(
    matchingTolerations([unreachable, custom], [tol({ key: 'node.kubernetes.io/unreachable' })]).allTolerated,
    false,
  );
  const used = matchingTolerations(
    [unreachable, notReady],
    [
      tol({ key: 'node.kubernetes.io/unreachable', tolerationSeconds: 300 }),
      tol({ key: 'node.kubernetes.io/not-ready', tolerationSeconds: 30 }),
    ],
  );
  assert.equal(used.allTolerated, true);
  assert.equal(minTolerationMs(used.used), 30_000);
  assert.equal(minTolerationMs([tol({ tolerationSeconds: -5 })]), 0);
  assert.equal(minTolerationMs([tol({})]), -1);
  assert.equal(minTolerationMs([]), 0);
});

test('evictionDecision: at once, later, never; the clock of a scheduled eviction keeps running', () => {
  const now = 1_000_000;
  assert.deepEqual(evictionDecision(pod([]), [], now, undefined), { action: 'none' });
  assert.deepEqual(evictionDecision(pod([]), [unreachable], now, undefined), { action: 'evict' });
  assert.deepEqual(
    evictionDecision(
      pod([tol({ key: 'node.kubernetes.io/unreachable', tolerationSeconds: 0 })]),
      [unreachable],
      now,
      undefined,
    ),
    { action: 'evict' },
  );
  assert.deepEqual(
    evictionDecision(pod([tol({ key: 'node.kubernetes.io/unreachable' })]), [unreachable], now, undefined),
    { action: 'none' },
  );
  const p = pod([tol({ key: 'node.kubernetes.io/unreachable', tolerationSeconds: 300 })]);
  assert.deepEqual(evictionDecision(p, [unreachable], now, undefined), {
    action: 'schedule',
    eviction: { createdAtMs: now, triggerAtMs: now + 300_000 },
  });
  const scheduled = { createdAtMs: now - 299_000, triggerAtMs: now + 1000 };
  assert.deepEqual(evictionDecision(p, [unreachable], now, scheduled), {
    action: 'schedule',
    eviction: scheduled,
  });
  assert.deepEqual(evictionDecision(p, [unreachable], now + 1000, scheduled), { action: 'evict' });
});
