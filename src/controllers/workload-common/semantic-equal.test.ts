import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { semanticEqual } from './semantic-equal.ts';

describe('semanticEqual', () => {
  const cases: [unknown, unknown, boolean][] = [
    [{ a: 1 }, { a: 1 }, true],
    [{ a: 1, labels: {} }, { a: 1 }, true],
    [{ a: [] }, { a: null }, true],
    [{ a: [1, 2] }, { a: [2, 1] }, false],
    [{ a: { b: 'x' } }, { a: { b: 'y' } }, false],
    ['1', 1, false],
    [{ a: { b: {} } }, {}, false],
  ];
  for (const [a, b, want] of cases) {
    it(`${JSON.stringify(a)} vs ${JSON.stringify(b)}`, () => assert.equal(semanticEqual(a, b), want));
  }
});
