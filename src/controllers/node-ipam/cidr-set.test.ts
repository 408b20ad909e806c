import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CidrParseError, CidrSet } from './cidr-set.ts';

test('CidrSet: /24s of a /16 in order, occupied ones skipped, released ones reused after a full turn', () => {
  const set = new CidrSet('10.42.0.0/16');
  assert.equal(set.capacity, 256);
  assert.equal(set.occupy('10.42.1.0/24'), true);
  assert.deepEqual(
    [set.allocateNext(), set.allocateNext(), set.allocateNext()],
    ['10.42.0.0/24', '10.42.2.0/24', '10.42.3.0/24'],
  );
  set.release('10.42.0.0/24');
  assert.equal(set.allocateNext(), '10.42.4.0/24');
  assert.equal(set.allocated, 4);
  for (const bad of ['10.43.0.0/24', '10.42.0.0/25', 'nonsense']) assert.equal(set.occupy(bad), false, bad);
});

test('CidrSet: full, then nothing; bad configuration rejected', () => {
  const small = new CidrSet('192.168.0.0/23');
  assert.deepEqual(
    [small.allocateNext(), small.allocateNext(), small.allocateNext()],
    ['192.168.0.0/24', '192.168.1.0/24', undefined],
  );
  assert.throws(() => new CidrSet('10.42.0.0/16', 8), CidrParseError);
  assert.throws(() => new CidrSet('10.42.0.0'), CidrParseError);
  assert.equal(new CidrSet('10.42.7.9/16').allocateNext(), '10.42.0.0/24');
});
