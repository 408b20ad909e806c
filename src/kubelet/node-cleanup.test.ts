import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAgentProcess } from './node-cleanup.ts';

describe('isAgentProcess: is the parent of our containerd a live kts?', () => {
  it('takes a Node process for kts (bin/kts execs node; tests run the agent in-process)', () => {
    assert.equal(isAgentProcess('/work/main/node_modules/.bin/node'), true);
    assert.equal(isAgentProcess('node'), true);
    assert.equal(isAgentProcess('/usr/bin/node20'), true);
  });

  it('takes init and subreapers, which adopt an orphaned containerd, for no agent', () => {
    assert.equal(isAgentProcess('/sbin/init'), false);
    assert.equal(isAgentProcess('/lib/systemd/systemd'), false);
    assert.equal(isAgentProcess('/usr/bin/containerd-shim-runc-v2'), false);
    assert.equal(isAgentProcess(undefined), false);
  });
});
