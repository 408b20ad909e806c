import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CycleState } from '../../framework/cycle-state.ts';
import type { PreScorePlugin, ScorePlugin } from '../../framework/interfaces.ts';
import { PodInfo } from '../../framework/pod-info.ts';
import { node, pod, snapshot } from '../../testing/builders.ts';
import { newBalancedAllocation } from '../node-resources-balanced-allocation/index.ts';
import { newNodeResourcesFit } from '../node-resources-fit/index.ts';

// A small deterministic generator, so a failure reproduces.
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const plugins: [string, () => PreScorePlugin & ScorePlugin][] = [
  ['LeastAllocated', () => newNodeResourcesFit()],
  ['MostAllocated', () => newNodeResourcesFit({ scoringStrategy: { type: 'MostAllocated' } })],
  [
    'RequestedToCapacityRatio',
    () =>
      newNodeResourcesFit({
        scoringStrategy: {
          type: 'RequestedToCapacityRatio',
          resources: [
            { name: 'cpu', weight: 2 },
            { name: 'memory', weight: 1 },
            { name: 'example.com/gpu', weight: 3 },
          ],
          requestedToCapacityRatio: {
            shape: [
              { utilization: 0, score: 10 },
              { utilization: 100, score: 0 },
            ],
          },
        },
      }),
  ],
  ['BalancedAllocation', () => newBalancedAllocation()],
  [
    'BalancedAllocation with a gpu',
    () =>
      newBalancedAllocation({
        resources: [
          { name: 'cpu', weight: 1 },
          { name: 'memory', weight: 1 },
          { name: 'example.com/gpu', weight: 1 },
        ],
      }),
  ],
];

for (const [name, make] of plugins) {
  test(`${name}: scores remembered per node across pods equal scores computed afresh`, () => {
    const random = lcg(name.length * 7919);
    const nodes = Array.from({ length: 12 }, (_, i) =>
      node(`n${i}`, {
        cpu: String(2 + (i % 4)),
        memory: `${4 + (i % 3) * 4}Gi`,
        extended: i % 2 ? { 'example.com/gpu': '4' } : {},
      }),
    );
    const snap = snapshot(nodes);
    const plugin = make();
    // Runs of identical pods (the memo's case) between pods of other shapes, and pods without
    // requests (scored with the defaults), with each pod then placed on a node (so it changes).
    const shapes = [
      { cpu: '100m', memory: '200Mi' },
      { cpu: '500m', memory: '1Gi', requests: { 'example.com/gpu': '1' } },
      {},
      { cpu: '1', memory: '100Mi' },
    ];
    let shape = shapes[0]!;
    for (let step = 0; step < 120; step++) {
      if (random() < 0.2) shape = shapes[Math.floor(random() * shapes.length)]!;
      const p = new PodInfo(pod(`p${step}`, shape));
      const state = new CycleState();
      plugin.preScore?.(state, p, snap.nodeInfoList);
      // Sometimes only part of the nodes, in another order, as a cycle's feasible list would be.
      const list =
        random() < 0.5 ? snap.nodeInfoList : snap.nodeInfoList.filter(() => random() < 0.6).reverse();
      const batch: number[] = new Array(list.length).fill(-1);
      plugin.scoreNodes!(state, p, list, batch);
      const fresh = list.map((n) => plugin.score(state, p, n));
      assert.deepEqual(batch, fresh, `step ${step}`);
      const target = snap.nodeInfoList[Math.floor(random() * snap.nodeInfoList.length)]!;
      if (random() < 0.15 && target.pods.length > 0) target.removePod(target.pods[0]!.key);
      else target.addPod(new PodInfo(pod(`p${step}`, { ...shape, node: target.name })));
    }
  });
}
