import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJson, computeHash, fnv32a, safeEncodeString } from './hash.ts';

describe('content hashes', () => {
  it('fnv32a matches the reference vectors', () => {
    const enc = new TextEncoder();
    assert.equal(fnv32a(enc.encode('')), 0x811c9dc5);
    assert.equal(fnv32a(enc.encode('a')), 0xe40c292c);
    assert.equal(fnv32a(enc.encode('foobar')), 0xbf9cf968);
  });

  it('safeEncodeString maps onto the vowel-free alphabet', () => {
    assert.equal(safeEncodeString('0123456789'), '456789bcdf');
    assert.match(safeEncodeString('4294967295'), /^[bcdfghjklmnpqrstvwxz2456789]+$/);
  });

  it('hashes are stable under key order and change with the collision count', () => {
    const a = {
      metadata: { labels: { app: 'web', tier: 'x' } },
      spec: { containers: [{ name: 'c', image: 'n' }] },
    };
    const b = {
      spec: { containers: [{ image: 'n', name: 'c' }] },
      metadata: { labels: { tier: 'x', app: 'web' } },
    };
    assert.equal(canonicalJson(a), canonicalJson(b));
    assert.equal(computeHash(a), computeHash(b));
    assert.notEqual(computeHash(a, 1), computeHash(a));
    assert.notEqual(computeHash(a, 1), computeHash(a, 2));
    assert.match(computeHash(a), /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
  });
});
