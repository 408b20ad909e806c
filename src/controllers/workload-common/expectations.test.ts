import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ControllerExpectations, EXPECTATIONS_TIMEOUT_MS } from './expectations.ts';

describe('ControllerExpectations', () => {
  it('waits for every expected creation', () => {
    const e = new ControllerExpectations(() => 0);
    assert.equal(e.satisfied('ns/rs'), true);
    e.expectCreations('ns/rs', 2);
    assert.equal(e.satisfied('ns/rs'), false);
    e.creationObserved('ns/rs');
    assert.equal(e.satisfied('ns/rs'), false);
    e.creationObserved('ns/rs');
    assert.equal(e.satisfied('ns/rs'), true);
  });

  it('counts a pod deletion once (graceful update, then delete)', () => {
    const e = new ControllerExpectations(() => 0);
    e.expectDeletions('ns/rs', ['ns/a', 'ns/b']);
    e.deletionObserved('ns/rs', 'ns/a');
    e.deletionObserved('ns/rs', 'ns/a');
    assert.deepEqual(e.get('ns/rs'), { add: 0, del: 1 });
    e.deletionObserved('ns/rs', 'ns/b');
    assert.equal(e.satisfied('ns/rs'), true);
  });

  it('expires after five minutes', () => {
    let now = 0;
    const e = new ControllerExpectations(() => now);
    e.expectCreations('k', 5);
    now = EXPECTATIONS_TIMEOUT_MS;
    assert.equal(e.satisfied('k'), false);
    now += 1;
    assert.equal(e.satisfied('k'), true);
  });

  it('lowers expectations for creates that never happened', () => {
    const e = new ControllerExpectations(() => 0);
    e.expectCreations('k', 4);
    e.lower('k', 3, 0);
    e.creationObserved('k');
    assert.equal(e.satisfied('k'), true);
  });
});
