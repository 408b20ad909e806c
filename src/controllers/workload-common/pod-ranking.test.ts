import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activePodsPerNode, podsToDelete, rankPodsForDeletion } from './pod-ranking.ts';
import { pod, T0 } from './testing.ts';

const NOW = T0 + 100_000_000; // long after every timestamp below
const names = (pods: { metadata?: { name?: string } }[]) => pods.map((p) => p.metadata?.name);

describe('rankPodsForDeletion (least valuable first)', () => {
  const cases: { name: string; pods: Parameters<typeof pod>[0][]; first: string }[] = [
    {
      name: 'unscheduled before scheduled',
      pods: [
        { name: 'scheduled', node: 'n1', ready: true },
        { name: 'unscheduled', phase: 'Pending' },
      ],
      first: 'unscheduled',
    },
    {
      name: 'pending before unknown before running',
      pods: [
        { name: 'running', node: 'n1', phase: 'Running' },
        { name: 'unknown', node: 'n1', phase: 'Unknown' },
        { name: 'pending', node: 'n1', phase: 'Pending' },
      ],
      first: 'pending',
    },
    {
      name: 'not ready before ready',
      pods: [
        { name: 'ready', node: 'n1', ready: true },
        { name: 'not-ready', node: 'n1' },
      ],
      first: 'not-ready',
    },
    {
      name: 'lower deletion cost first',
      pods: [
        {
          name: 'costly',
          node: 'n1',
          ready: true,
          annotations: { 'controller.kubernetes.io/pod-deletion-cost': '10' },
        },
        {
          name: 'cheap',
          node: 'n1',
          ready: true,
          annotations: { 'controller.kubernetes.io/pod-deletion-cost': '-5' },
        },
      ],
      first: 'cheap',
    },
    {
      name: 'ready for less time first (log scale)',
      pods: [
        { name: 'old-ready', node: 'n1', ready: true, readySince: 0 },
        { name: 'new-ready', node: 'n1', ready: true, readySince: 99_999 },
      ],
      first: 'new-ready',
    },
    {
      name: 'more restarts first',
      pods: [
        { name: 'stable', node: 'n1', ready: true, restarts: 0 },
        { name: 'flaky', node: 'n1', ready: true, restarts: 5 },
      ],
      first: 'flaky',
    },
    {
      name: 'newer first',
      pods: [
        { name: 'older', node: 'n1', created: 0 },
        { name: 'newer', node: 'n1', created: 99_990 },
      ],
      first: 'newer',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const sorted = rankPodsForDeletion(c.pods.map(pod), [], NOW);
      assert.equal(sorted[0]!.metadata?.name, c.first);
    });
  }

  it('prefers pods on nodes doubled up with related pods', () => {
    const a = pod({ name: 'a', node: 'n1', ready: true });
    const b = pod({ name: 'b', node: 'n2', ready: true });
    const related = [a, b, pod({ name: 'sibling', node: 'n2', ready: true })];
    assert.deepEqual(names(rankPodsForDeletion([a, b], related, NOW)), ['b', 'a']);
    // The same ranks from counts per node made beforehand; inactive pods do not count.
    const gone = pod({ name: 'gone', node: 'n1', phase: 'Failed' });
    const perNode = activePodsPerNode([...related, gone, gone]);
    assert.deepEqual(
      [...perNode],
      [
        ['n1', 1],
        ['n2', 2],
      ],
    );
    assert.deepEqual(names(rankPodsForDeletion([a, b], perNode, NOW)), ['b', 'a']);
  });

  it('podsToDelete takes the diff least valuable', () => {
    const pods = [
      pod({ name: 'r1', node: 'n1', ready: true }),
      pod({ name: 'p', phase: 'Pending' }),
      pod({ name: 'r2', node: 'n1', ready: true }),
      pod({ name: 'nr', node: 'n1' }),
    ];
    assert.deepEqual(names(podsToDelete(pods, [], 2, NOW)), ['p', 'nr']);
  });
});
