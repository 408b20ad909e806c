import assert from 'node:assert/strict';
import { test } from 'node:test';
import { node, pod } from '../testing/builders.ts';
import { NodeInfo } from './node-info.ts';
import { PodInfo } from './pod-info.ts';

/** What `free` must hold: allocatable minus requested, pods allowed minus present. */
function expectedFree(ni: NodeInfo): number[] {
  const a = ni.allocatable;
  const u = ni.requested;
  return [
    a.allowedPodNumber - ni.pods.length,
    a.milliCPU - u.milliCPU,
    a.memory - u.memory,
    a.ephemeralStorage - u.ephemeralStorage,
  ];
}

test('NodeInfo.free follows the node, its pods and copies', () => {
  const ni = new NodeInfo('n1');
  assert.deepEqual([...ni.free], [0, 0, 0, 0]);
  ni.setNode(node('n1', { cpu: '2', memory: '4Gi', pods: 3 }));
  assert.deepEqual([...ni.free], [3, 2000, 4 * 2 ** 30, 0]);
  const a = new PodInfo(pod('a', { node: 'n1', cpu: '500m', memory: '1Gi' }));
  const b = new PodInfo(pod('b', { node: 'n1', cpu: '250m' }));
  ni.addPod(a);
  ni.addPod(b);
  assert.deepEqual([...ni.free], [1, 1250, 3 * 2 ** 30, 0]);
  assert.deepEqual([...ni.free], expectedFree(ni));
  const copy = ni.clone();
  assert.deepEqual([...copy.free], expectedFree(ni));
  copy.removePod(a.key);
  assert.deepEqual([...copy.free], expectedFree(copy));
  assert.deepEqual([...ni.free], [1, 1250, 3 * 2 ** 30, 0], 'the original keeps its figures');
  ni.setNode(node('n1', { cpu: '1', memory: '4Gi', pods: 3 }));
  assert.deepEqual([...ni.free], [1, 250, 3 * 2 ** 30, 0]);
});
