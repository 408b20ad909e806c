import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SubresourceRequest } from '../subresources/index.ts';
import { podStreamingHandlers } from './streaming-handlers.ts';

test('log is served over plain HTTP; exec, attach and portforward need an upgrade', async () => {
  const handlers = podStreamingHandlers();
  assert.deepEqual(Object.keys(handlers).sort(), [
    '/pods/attach',
    '/pods/exec',
    '/pods/log',
    '/pods/portforward',
  ]);
  for (const key of ['/pods/exec', '/pods/attach', '/pods/portforward']) {
    await assert.rejects(
      handlers[key]!({} as SubresourceRequest),
      (err: { code?: number; message?: string }) => {
        assert.equal(err.code, 400);
        assert.equal(err.message, 'Upgrade request required');
        return true;
      },
    );
  }
});
