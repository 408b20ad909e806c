import assert from 'node:assert/strict';
import { test } from 'node:test';
import { node, pod, scoreAll, snapshot } from '../../testing/builders.ts';
import { newBalancedAllocation } from './index.ts';

test('BalancedAllocation favours nodes whose cpu and memory fractions stay close', () => {
  const snap = snapshot(
    [node('n1', { cpu: '4', memory: '10000' }), node('n2', { cpu: '4', memory: '10000' })],
    [pod('a', { node: 'n1', cpu: '2', memory: '4000' })],
  );
  // n1: 3000/4000=.75 vs 6000/10000=.6 → std .075 → 92; n2: .25 vs .2 → std .025 → 97.
  assert.deepEqual(scoreAll(newBalancedAllocation(), pod('p', { cpu: '1', memory: '2000' }), snap), {
    n1: 92,
    n2: 97,
  });
});

test('BalancedAllocation with three resources uses the standard deviation', () => {
  const snap = snapshot([node('n1', { cpu: '4', memory: '10000', extended: { 'example.com/gpu': '4' } })]);
  const p = pod('p', { cpu: '1', memory: '5000', requests: { 'example.com/gpu': '3' } });
  const ba = newBalancedAllocation({
    resources: [
      { name: 'cpu', weight: 1 },
      { name: 'memory', weight: 1 },
      { name: 'example.com/gpu', weight: 1 },
    ],
  });
  // fractions .25, .5, .75: mean .5, std sqrt((.0625+0+.0625)/3)=.2041 → 79.
  assert.deepEqual(scoreAll(ba, p, snap), { n1: 79 });
});
