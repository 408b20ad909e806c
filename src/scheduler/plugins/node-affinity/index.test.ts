import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NodeSelectorRequirement, Pod } from 'kubernetes-types/core/v1.d.ts';
import { CycleState } from '../../framework/cycle-state.ts';
import { PodInfo } from '../../framework/pod-info.ts';
import { filterAll, node, pod, scoreAll, snapshot } from '../../testing/builders.ts';
import { newNodeAffinity } from './index.ts';

const NOT_MATCH = "UnschedulableAndUnresolvable: node(s) didn't match Pod's node affinity/selector";
const nodes = () =>
  snapshot([
    node('n1', { labels: { zone: 'a', disk: 'ssd', cores: '8' } }),
    node('n2', { labels: { zone: 'a', cores: '2' } }),
    node('n3', { labels: { zone: 'b' } }),
  ]);
const required = (...terms: { expr?: NodeSelectorRequirement[]; fields?: NodeSelectorRequirement[] }[]) =>
  pod('p', {
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: terms.map((t) => ({
            ...(t.expr ? { matchExpressions: t.expr } : {}),
            ...(t.fields ? { matchFields: t.fields } : {}),
          })),
        },
      },
    },
  });

const withSelector = (p: Pod, nodeSelector: Record<string, string>): Pod => ({
  ...p,
  spec: { ...p.spec!, nodeSelector },
});

test('NodeAffinity filter', async (t) => {
  const na = newNodeAffinity();
  const cases = [
    { name: 'no constraints: all nodes', pod: pod('p'), want: { n1: '', n2: '', n3: '' } },
    {
      name: 'nodeSelector',
      pod: pod('p', { nodeSelector: { zone: 'a' } }),
      want: { n1: '', n2: '', n3: NOT_MATCH },
    },
    {
      name: 'In and Exists are ANDed within a term',
      pod: required({
        expr: [
          { key: 'zone', operator: 'In', values: ['a'] },
          { key: 'disk', operator: 'Exists' },
        ],
      }),
      want: { n1: '', n2: NOT_MATCH, n3: NOT_MATCH },
    },
    {
      name: 'terms are ORed',
      pod: required(
        { expr: [{ key: 'disk', operator: 'Exists' }] },
        { expr: [{ key: 'zone', operator: 'In', values: ['b'] }] },
      ),
      want: { n1: '', n2: NOT_MATCH, n3: '' },
    },
    {
      name: 'NotIn and DoesNotExist match nodes without the label',
      pod: required({
        expr: [
          { key: 'disk', operator: 'DoesNotExist' },
          { key: 'zone', operator: 'NotIn', values: ['b'] },
        ],
      }),
      want: { n1: NOT_MATCH, n2: '', n3: NOT_MATCH },
    },
    {
      name: 'Gt compares integers',
      pod: required({ expr: [{ key: 'cores', operator: 'Gt', values: ['4'] }] }),
      want: { n1: '', n2: NOT_MATCH, n3: NOT_MATCH },
    },
    {
      name: 'an empty term matches nothing',
      pod: required({}),
      want: { n1: NOT_MATCH, n2: NOT_MATCH, n3: NOT_MATCH },
    },
    {
      name: 'matchFields on metadata.name narrows the PreFilter to that node',
      pod: required({ fields: [{ key: 'metadata.name', operator: 'In', values: ['n2'] }] }),
      want: { n1: 'not in PreFilterResult', n2: '', n3: 'not in PreFilterResult' },
    },
    {
      name: 'nodeSelector and affinity must both match',
      pod: withSelector(required({ expr: [{ key: 'zone', operator: 'In', values: ['a'] }] }), {
        disk: 'ssd',
      }),
      want: { n1: '', n2: NOT_MATCH, n3: NOT_MATCH },
    },
  ];
  for (const c of cases) await t.test(c.name, () => assert.deepEqual(filterAll(na, c.pod, nodes()), c.want));
});

test('NodeAffinity: node-name terms that contradict each other are rejected at PreFilter', () => {
  const p = required({
    fields: [
      { key: 'metadata.name', operator: 'In', values: ['n1'] },
      { key: 'metadata.name', operator: 'In', values: ['n2'] },
    ],
  });
  const s = newNodeAffinity().preFilter(new CycleState(), new PodInfo(p), []);
  assert.equal((s as { message(): string }).message(), 'pod affinity terms conflict');
});

test('NodeAffinity: scheduler-enforced addedAffinity', () => {
  const na = newNodeAffinity({
    addedAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }],
      },
    },
  });
  assert.deepEqual(filterAll(na, pod('p'), nodes()), {
    n1: "UnschedulableAndUnresolvable: node(s) didn't match scheduler-enforced node affinity",
    n2: "UnschedulableAndUnresolvable: node(s) didn't match scheduler-enforced node affinity",
    n3: '',
  });
});

test('NodeAffinity scoring: preferred terms add their weights, normalized to the best node', () => {
  const p = pod('p', {
    affinity: {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 3, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } },
          { weight: 5, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
        ],
      },
    },
  });
  // n1: 8 → 100; n2: 3 → 3*100/8 = 37; n3: 0.
  assert.deepEqual(scoreAll(newNodeAffinity(), p, nodes()), { n1: 100, n2: 37, n3: 0 });
});
