import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareKeys } from '../keys.ts';
import { SortedKeys } from './sorted-keys.ts';

test('sorted keys stay in code point order through inserts and removals across chunks', () => {
  const keys = new SortedKeys();
  const model = new Set<string>();
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const alphabet = ['a', 'b', 'é', '😀', '\u{E000}', '/', '0'];
  for (let i = 0; i < 6000; i++) {
    const key =
      Array.from({ length: 1 + random(4) }, () => alphabet[random(alphabet.length)]).join('') + random(500);
    if (random(3) === 0) {
      keys.remove(key);
      model.delete(key);
    } else {
      keys.insert(key);
      model.add(key);
    }
  }
  const sorted = [...model].sort(compareKeys);
  assert.equal(keys.size, sorted.length);
  assert.deepEqual([...keys.from('', sorted.length)], sorted);
  for (const start of ['', 'a', 'b', 'é', '😀', 'zzz']) {
    const expected = sorted.filter((k) => compareKeys(k, start) >= 0);
    assert.deepEqual([...keys.from(start, 10)], expected.slice(0, 10));
    assert.equal(keys.count(start, undefined), expected.length);
    assert.equal(keys.count(start, 'é'), expected.filter((k) => compareKeys(k, 'é') < 0).length);
  }
});

test('bulk loading in order, then removing everything', () => {
  const keys = new SortedKeys();
  const all = Array.from({ length: 2000 }, (_, i) => `/k/${String(i).padStart(5, '0')}`);
  for (const k of all) keys.appendInOrder(k);
  assert.throws(() => keys.appendInOrder('/a'), /out of order/);
  assert.equal(keys.count('/k/', '/k0'), 2000);
  for (const k of all) keys.remove(k);
  assert.equal(keys.size, 0);
  assert.deepEqual([...keys.from('', 5)], []);
  keys.insert('/again');
  assert.deepEqual([...keys.from('', 5)], ['/again']);
});
