import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRequestInfo } from './request-info.ts';

test('parseRequestInfo: namespaces/{name}/status and /finalize are namespace subresources', () => {
  for (const sub of ['status', 'finalize']) {
    const info = parseRequestInfo('PUT', new URL(`http://x/api/v1/namespaces/doomed/${sub}`));
    assert.ok(info.isResourceRequest);
    if (!info.isResourceRequest) return;
    assert.deepEqual(
      [info.resource, info.name, info.subresource, info.namespace, info.verb],
      ['namespaces', 'doomed', sub, '', 'update'],
    );
  }
  const pods = parseRequestInfo('GET', new URL('http://x/api/v1/namespaces/ns/pods'));
  assert.ok(
    pods.isResourceRequest && pods.resource === 'pods' && pods.namespace === 'ns' && pods.verb === 'list',
  );
});
