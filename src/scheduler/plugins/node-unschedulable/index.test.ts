import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filterAll, node, pod, snapshot } from '../../testing/builders.ts';
import { newNodeName } from '../node-name/index.ts';
import { newNodeUnschedulable } from './index.ts';

test('NodeUnschedulable: cordoned nodes, unless the pod tolerates the unschedulable taint', () => {
  const snap = snapshot([node('n1', { unschedulable: true }), node('n2')]);
  assert.deepEqual(filterAll(newNodeUnschedulable(), pod('p'), snap), {
    n1: 'UnschedulableAndUnresolvable: node(s) were unschedulable',
    n2: '',
  });
  const tolerant = pod('p', {
    tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }],
  });
  assert.deepEqual(filterAll(newNodeUnschedulable(), tolerant, snap), { n1: '', n2: '' });
});

test('NodeName: a pod naming a node fits only that node', () => {
  const snap = snapshot([node('n1'), node('n2')]);
  const p = pod('p');
  p.spec!.nodeName = 'n2';
  assert.deepEqual(filterAll(newNodeName(), p, snap), {
    n1: "UnschedulableAndUnresolvable: node(s) didn't match the requested node name",
    n2: '',
  });
});
