import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkKey, compareKeys, InvalidKeyError, prefixEnd } from './keys.ts';

const samples = [
  '',
  'a',
  'ab',
  'b',
  '/',
  'é',
  'z',
  '\u{E000}',
  '\uFFFD',
  '\uFFFF',
  '😀',
  '\u{10FFFF}',
  'a\u0000',
  'a😀',
  'a\uFFFF',
];

test('compareKeys orders like UTF-8 bytes (what etcd and SQLite compare)', () => {
  for (const a of samples) {
    for (const b of samples) {
      const bytes = Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
      assert.equal(Math.sign(compareKeys(a, b)), bytes, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
  }
});

test('prefixEnd bounds exactly the keys with the prefix', () => {
  assert.equal(prefixEnd(''), undefined);
  assert.equal(prefixEnd('/registry/pods/'), '/registry/pods0');
  assert.equal(prefixEnd('a\uD7FF'), 'a\uE000');
  assert.equal(prefixEnd('a\u{10FFFF}'), 'b');
  assert.equal(prefixEnd('\u{10FFFF}'), undefined);
  for (const prefix of samples.filter((s) => s !== '')) {
    const end = prefixEnd(prefix);
    for (const key of samples.flatMap((s) => [s, prefix + s])) {
      const inRange = compareKeys(key, prefix) >= 0 && (end === undefined || compareKeys(key, end) < 0);
      assert.equal(inRange, key.startsWith(prefix), `${JSON.stringify(key)} in ${JSON.stringify(prefix)}`);
    }
  }
});

test('keys must be non-empty, well-formed Unicode', () => {
  assert.throws(() => checkKey(''), InvalidKeyError);
  assert.throws(() => checkKey('bad\uD800'), InvalidKeyError);
  checkKey('/registry/pods/default/x');
});
