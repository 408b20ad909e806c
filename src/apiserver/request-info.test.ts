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

test('parseRequestInfo: verbs, watch, segments, escapes and non-resource paths', () => {
  const summary = (method: string, url: string) => {
    const info = parseRequestInfo(method, new URL(`http://x${url}`));
    if (!info.isResourceRequest) return `nonresource ${info.verb} ${info.path}`;
    const { prefix, group, version, namespace, resource, name, subresource, verb, rest } = info;
    return [verb, prefix, group, version, namespace, resource, name, subresource, rest.join('/')].join('|');
  };
  const cases: [string, string, string][] = [
    ['GET', '/api/v1/pods', 'list|api||v1||pods|||'],
    ['GET', '/api/v1/pods?watch=true', 'watch|api||v1||pods|||'],
    ['GET', '/api/v1/pods?watch=1', 'watch|api||v1||pods|||'],
    ['GET', '/api/v1/pods?watch=false', 'list|api||v1||pods|||'],
    ['HEAD', '/api/v1/namespaces/a/pods/p', 'get|api||v1|a|pods|p||'],
    ['GET', '/api/v1/namespaces/a/pods/p?watch=true', 'watch|api||v1|a|pods|p||'],
    ['GET', '/api/v1/watch/namespaces/a/pods', 'watch|api||v1|a|pods|||'],
    ['GET', '/api/v1/watch/namespaces/a/pods/p', 'watch|api||v1|a|pods|p||'],
    [
      'PUT',
      '/apis/coordination.k8s.io/v1/namespaces/n/leases/l?watch=true',
      'update|apis|coordination.k8s.io|v1|n|leases|l||',
    ],
    ['POST', '/api/v1/namespaces/a/pods', 'create|api||v1|a|pods|||'],
    ['PATCH', '/api/v1/namespaces/a/pods/p/status', 'patch|api||v1|a|pods|p|status|'],
    ['DELETE', '/api/v1/namespaces/a/pods', 'deletecollection|api||v1|a|pods|||'],
    ['DELETE', '/api/v1/namespaces/a/pods/p', 'delete|api||v1|a|pods|p||'],
    ['delete', '/api/v1/nodes/n', 'delete|api||v1||nodes|n||'],
    ['OPTIONS', '/api/v1/nodes/n', 'options|api||v1||nodes|n||'],
    ['POST', '/api/v1/namespaces/a/pods/p/exec', 'create|api||v1|a|pods|p|exec|'],
    ['GET', '/api/v1/namespaces/a/pods/p/exec', 'create|api||v1|a|pods|p|exec|'],
    ['GET', '/api/v1/namespaces/a/pods/p/proxy/x/y', 'proxy|api||v1|a|pods|p|proxy|x/y'],
    ['GET', '/api/v1/namespaces', 'list|api||v1||namespaces|||'],
    ['GET', '/api/v1/namespaces/a', 'get|api||v1||namespaces|a||'],
    ['GET', '//api//v1///namespaces/a//pods/', 'list|api||v1|a|pods|||'],
    ['GET', '/api/v1/namespaces/a%2Fb/pods/p%20q', 'get|api||v1|a/b|pods|p q||'],
    ['GET', '/api/v1/namespaces/a/pods/%E0%A4%A', 'get|api||v1|a|pods|%E0%A4%A||'],
    ['GET', '/api', 'nonresource get /api'],
    ['GET', '/api/v1', 'nonresource get /api/v1'],
    ['GET', '/apis/apps/v1', 'nonresource get /apis/apps/v1'],
    ['GET', '/healthz?watch=1', 'nonresource get /healthz'],
  ];
  for (const [method, url, expected] of cases)
    assert.equal(summary(method, url), expected, `${method} ${url}`);
});
