import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filterAll, node, pod, scoreAll, snapshot } from '../../testing/builders.ts';
import { newTaintToleration } from './index.ts';

test('TaintToleration filter: untolerated NoSchedule/NoExecute taints keep the pod off', async (t) => {
  const tt = newTaintToleration();
  const snap = snapshot([
    node('n1', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }),
    node('n2', { taints: [{ key: 'maintenance', effect: 'NoExecute' }] }),
    node('n3', { taints: [{ key: 'soft', effect: 'PreferNoSchedule' }] }),
  ]);
  const cases = [
    {
      name: 'no tolerations',
      pod: pod('p'),
      want: {
        n1: 'UnschedulableAndUnresolvable: node(s) had untolerated taint {dedicated: gpu}',
        n2: 'UnschedulableAndUnresolvable: node(s) had untolerated taint {maintenance: }',
        n3: '',
      },
    },
    {
      name: 'Equal toleration with the right value',
      pod: pod('p', {
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }],
      }),
      want: {
        n1: '',
        n2: 'UnschedulableAndUnresolvable: node(s) had untolerated taint {maintenance: }',
        n3: '',
      },
    },
    {
      name: 'Equal toleration with another value does not tolerate',
      pod: pod('p', { tolerations: [{ key: 'dedicated', value: 'cpu' }] }),
      want: {
        n1: 'UnschedulableAndUnresolvable: node(s) had untolerated taint {dedicated: gpu}',
        n2: 'UnschedulableAndUnresolvable: node(s) had untolerated taint {maintenance: }',
        n3: '',
      },
    },
    {
      name: 'Exists without a key tolerates everything',
      pod: pod('p', { tolerations: [{ operator: 'Exists' }] }),
      want: { n1: '', n2: '', n3: '' },
    },
  ];
  for (const c of cases) await t.test(c.name, () => assert.deepEqual(filterAll(tt, c.pod, snap), c.want));
});

test('TaintToleration score: fewer untolerated PreferNoSchedule taints is better', () => {
  const snap = snapshot([
    node('n1', {
      taints: [
        { key: 'a', effect: 'PreferNoSchedule' },
        { key: 'b', effect: 'PreferNoSchedule' },
      ],
    }),
    node('n2', { taints: [{ key: 'a', effect: 'PreferNoSchedule' }] }),
    node('n3'),
  ]);
  assert.deepEqual(scoreAll(newTaintToleration(), pod('p'), snap), { n1: 0, n2: 50, n3: 100 });
  const tolerant = pod('p', { tolerations: [{ key: 'b', operator: 'Exists', effect: 'PreferNoSchedule' }] });
  assert.deepEqual(scoreAll(newTaintToleration(), tolerant, snap), { n1: 0, n2: 0, n3: 100 });
});
