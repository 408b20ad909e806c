import assert from 'node:assert/strict';
import { test } from 'node:test';
import { node, pod } from '../testing/builders.ts';
import { NodeChangeJournal } from './node-changes.ts';
import { currentGeneration, NodeInfo } from './node-info.ts';
import { PodInfo } from './pod-info.ts';

const changedSince = (j: NodeChangeJournal, generation: number): string[] | false => {
  const out: string[] = [];
  return j.changedSince(generation, (n) => out.push(n.name)) && out;
};

test('NodeChangeJournal: nodes record their changes; copies record nowhere', () => {
  const j = new NodeChangeJournal();
  const a = new NodeInfo('a', node('a'));
  const b = new NodeInfo('b', node('b'));
  a.journal = j;
  b.journal = j;
  const start = currentGeneration();
  a.addPod(new PodInfo(pod('p1', { node: 'a' })));
  const mid = currentGeneration();
  b.setNode(node('b', { labels: { zone: 'z' } }));
  a.removePod('default/p1');
  a.clone().addPod(new PodInfo(pod('p2', { node: 'a' })));
  assert.deepEqual(changedSince(j, start), ['a', 'b', 'a']);
  assert.deepEqual(changedSince(j, mid), ['b', 'a']);
  assert.deepEqual(changedSince(j, currentGeneration()), []);
  b.removeNode();
  assert.deepEqual(changedSince(j, mid), ['b', 'a', 'b']);
});

test('NodeChangeJournal: past its limit it drops the oldest half and says so when asked about them', () => {
  const j = new NodeChangeJournal(4);
  const a = new NodeInfo('a', node('a'));
  a.journal = j;
  const start = currentGeneration();
  const gens: number[] = [];
  for (let i = 0; i < 5; i++) {
    a.setNode(node('a'));
    gens.push(a.generation);
  }
  // Five changes, limit four: the two oldest are gone.
  assert.equal(changedSince(j, start), false);
  assert.equal(changedSince(j, gens[0]!), false);
  assert.deepEqual(changedSince(j, gens[1]!), ['a', 'a', 'a']);
  assert.deepEqual(changedSince(j, gens[3]!), ['a']);
});
