import assert from 'node:assert/strict';
import { test } from 'node:test';
import { node, pod, scoreAll, snapshot, testHandle } from '../../testing/builders.ts';
import { calculatePriority, newImageLocality } from './index.ts';

const MB = 1024 * 1024;

test('ImageLocality favours nodes holding the image, scaled by how widely it is spread', () => {
  const snap = snapshot([
    node('n1', { images: [{ names: ['docker.io/library/nginx:latest', 'nginx'], sizeBytes: 500 * MB }] }),
    node('n2'),
  ]);
  const il = newImageLocality(undefined, testHandle(snap));
  // 500 MB on 1 of 2 nodes → 250 MB; (250 - 23) * 100 / (1000 - 23) = 23.
  assert.deepEqual(scoreAll(il, pod('p', { image: 'nginx' }), snap), { n1: 23, n2: 0 });
});

test('ImageLocality thresholds', () => {
  assert.equal(calculatePriority(10 * MB, 1), 0);
  assert.equal(calculatePriority(5000 * MB, 1), 100);
  assert.equal(calculatePriority(1000 * MB, 2), Math.trunc((100 * 977) / 1977));
});

test('ImageLocality: on nodes that report no image every node scores 0 (the one-pass scoring skips the nodes)', () => {
  const snap = snapshot([node('n1'), node('n2')]);
  assert.equal(snap.imageCount, 0);
  const il = newImageLocality(undefined, testHandle(snap));
  assert.deepEqual(scoreAll(il, pod('p', { image: 'nginx' }), snap), { n1: 0, n2: 0 });
});
