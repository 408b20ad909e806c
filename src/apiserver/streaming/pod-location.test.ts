import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kubeletLocation, resolveContainer } from './pod-location.ts';
import { kubeletPath } from './upgrade-proxy.ts';

const pod = {
  metadata: { name: 'web', namespace: 'ns' },
  spec: { nodeName: 'n1', initContainers: [{ name: 'init' }], containers: [{ name: 'a' }, { name: 'b' }] },
};

test('the container: named, or the only one; upstream messages otherwise', () => {
  assert.equal(resolveContainer(pod, 'b'), 'b');
  assert.equal(resolveContainer(pod, 'init'), 'init');
  assert.equal(
    resolveContainer({ metadata: { name: 'one' }, spec: { containers: [{ name: 'x' }] } }, undefined),
    'x',
  );
  assert.throws(
    () => resolveContainer(pod, ''),
    /^StatusError: a container name must be specified for pod web, choose one of: \[init a b\]$/,
  );
  assert.throws(() => resolveContainer(pod, 'zz'), /container zz is not valid for pod web/);
});

test("the kubelet of the pod's node: its InternalIP and daemon endpoint port", async () => {
  const objects: Record<string, unknown> = {
    'pods/ns/web': pod,
    'nodes//n1': {
      status: {
        addresses: [
          { type: 'Hostname', address: 'n1' },
          { type: 'InternalIP', address: '192.0.2.7' },
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      },
    },
  };
  const server = {
    registryFor: (_g: string, resource: string) => ({
      get: async (ns: string, name: string) => objects[`${resource}/${ns}/${name}`],
    }),
  };
  const location = await kubeletLocation(server, 'ns', 'web');
  assert.deepEqual([location.host, location.port], ['192.0.2.7', 10250]);
  objects['pods/ns/web'] = { ...pod, spec: { ...pod.spec, nodeName: '' } };
  await assert.rejects(kubeletLocation(server, 'ns', 'web'), /pod web does not have a host assigned/);
});

test('requests map to the kubelet paths', () => {
  const url = new URL(
    'http://x/api/v1/namespaces/ns/pods/web/exec?command=echo&command=hi&container=a&stdout=true',
  );
  assert.equal(
    kubeletPath(url, 'a', { namespace: 'ns', name: 'web', subresource: 'exec' }),
    '/exec/ns/web/a?command=echo&command=hi&stdout=true',
  );
  const pf = new URL('http://x/api/v1/namespaces/ns/pods/web/portforward');
  assert.equal(
    kubeletPath(pf, undefined, { namespace: 'ns', name: 'web', subresource: 'portforward' }),
    '/portForward/ns/web',
  );
});
