import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quantityIsZero, quantityMilliValue, quantityValue, scaledValue } from './quantity.ts';

test('decimal, binary and exponent forms', () => {
  assert.equal(quantityMilliValue('100m'), 100);
  assert.equal(quantityMilliValue('0.1'), 100);
  assert.equal(quantityMilliValue('1.5'), 1500);
  assert.equal(quantityMilliValue(2), 2000);
  assert.equal(quantityValue('128Mi'), 128 * 1024 * 1024);
  assert.equal(quantityValue('1.5Gi'), 1.5 * 1024 ** 3);
  assert.equal(quantityValue('1k'), 1000);
  assert.equal(quantityValue('1e3'), 1000);
  assert.equal(quantityValue('1E3'), 1000);
  assert.equal(quantityValue('2E'), 2e18);
  assert.equal(quantityValue(undefined), 0);
});

test('values round up as Quantity.Value and MilliValue do', () => {
  assert.equal(quantityValue('100m'), 1);
  assert.equal(quantityValue('1500m'), 2);
  assert.equal(quantityMilliValue('1u'), 1);
  assert.equal(quantityMilliValue('0.0001'), 1);
  assert.equal(scaledValue('100m', 9), 100_000_000n);
  assert.equal(scaledValue('1n', 9), 1n);
});

test('zero and malformed quantities', () => {
  assert.ok(quantityIsZero('0'));
  assert.ok(quantityIsZero('0m'));
  assert.ok(!quantityIsZero('1m'));
  assert.ok(quantityIsZero(undefined));
  assert.throws(() => quantityValue('abc'), /quantities must match/);
  assert.throws(() => quantityValue('1Kb'), /quantities must match/);
  assert.throws(() => quantityValue(''), /quantities must match/);
});
