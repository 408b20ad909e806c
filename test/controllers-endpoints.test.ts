// Endpoints, EndpointSlices and their mirroring through a real `kts server`: pods are placed on
// a Node the test registers and made ready or not through the status subresource (no kubelet
// runs), and the controllers' output is read back with the real kubectl.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { endpointsController } from '../src/controllers/endpoints/index.ts';
import { endpointSliceController } from '../src/controllers/endpointslice/index.ts';
import { endpointSliceMirroringController } from '../src/controllers/endpointslice-mirroring/index.ts';
import { garbageCollector } from '../src/controllers/garbage-collector/index.ts';
import { serviceAccountController } from '../src/controllers/serviceaccount/index.ts';
import { type RunningControllers, startControllers } from './support/controllers.ts';
import { type RunningServer, startServer } from './support/kts-server.ts';
import { kubectl, kubectlOk } from './support/kubectl.ts';
import { waitFor } from './support/wait.ts';

const NS = 'ep';

const NODE = JSON.stringify({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'node-a', labels: { 'topology.kubernetes.io/zone': 'zone-1' } },
});
const SERVICE = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: ${NS}, labels: {team: blue}}
spec:
  selector: {app: web}
  ports:
  - {name: http, port: 80, targetPort: web}
`;

function pod(name: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS, labels: { app: 'web' } },
    spec: {
      nodeName: 'node-a',
      containers: [{ name: 'c', image: 'nginx', ports: [{ name: 'web', containerPort: 8080 }] }],
    },
  });
}

interface Slice {
  metadata: {
    name: string;
    labels: Record<string, string>;
    ownerReferences?: { kind: string; name: string }[];
    generateName?: string;
  };
  addressType: string;
  endpoints: {
    addresses: string[];
    conditions: { ready: boolean; serving: boolean; terminating: boolean };
    nodeName?: string;
    zone?: string;
    targetRef?: { name: string };
  }[];
  ports?: { name: string; port: number; protocol: string }[];
}

describe('endpoints, endpointslice and endpointslice-mirroring controllers', { timeout: 240_000 }, () => {
  let server: RunningServer;
  let controllers: RunningControllers;
  let kc: string;
  const setStatus = (name: string, ip: string, ready: boolean) =>
    kubectlOk(kc, [
      'patch',
      'pod',
      name,
      '-n',
      NS,
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify({
        status: {
          phase: 'Running',
          podIP: ip,
          podIPs: [{ ip }],
          conditions: [
            {
              type: 'Ready',
              status: ready ? 'True' : 'False',
              lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
            },
          ],
        },
      }),
    ]);
  const endpoints = async (name = 'web') =>
    JSON.parse(await kubectlOk(kc, ['get', 'endpoints', name, '-n', NS, '-o', 'json']));
  const slices = async (service: string): Promise<Slice[]> =>
    JSON.parse(
      await kubectlOk(kc, [
        'get',
        'endpointslices',
        '-n',
        NS,
        '-l',
        `kubernetes.io/service-name=${service}`,
        '-o',
        'json',
      ]),
    ).items;
  const ready = (ep: {
    subsets?: { addresses?: { ip: string }[]; notReadyAddresses?: { ip: string }[] }[];
  }) => ({
    ready: (ep.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip)).sort(),
    notReady: (ep.subsets ?? []).flatMap((s) => (s.notReadyAddresses ?? []).map((a) => a.ip)).sort(),
  });

  before(async () => {
    server = await startServer();
    kc = server.kubeconfig;
    controllers = await startControllers(kc, [
      serviceAccountController,
      endpointsController,
      endpointSliceController,
      endpointSliceMirroringController,
      garbageCollector,
    ]);
    await kubectlOk(kc, ['create', 'namespace', NS]);
    await kubectlOk(kc, ['apply', '-f', '-'], { input: NODE });
    await waitFor(
      'default ServiceAccount',
      async () => (await kubectl(kc, ['get', 'sa', 'default', '-n', NS])).code === 0,
    );
  });
  after(async () => {
    await controllers?.stop();
    await server?.stop();
  });

  it('publishes ready and not-ready pods with the named target port, and follows readiness', async () => {
    await kubectlOk(kc, ['apply', '-f', '-'], { input: SERVICE });
    for (const name of ['web-1', 'web-2', 'web-3'])
      await kubectlOk(kc, ['apply', '-f', '-'], { input: pod(name) });
    await setStatus('web-1', '10.42.0.11', true);
    await setStatus('web-2', '10.42.0.12', true);
    await setStatus('web-3', '10.42.0.13', false);
    await waitFor(
      'Endpoints with 2 ready, 1 not ready',
      async () =>
        ready(await endpoints()).ready.length === 2 && ready(await endpoints()).notReady.length === 1,
    );
    const ep = await endpoints();
    assert.deepEqual(ready(ep), { ready: ['10.42.0.11', '10.42.0.12'], notReady: ['10.42.0.13'] });
    assert.deepEqual(ep.subsets[0].ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    assert.deepEqual(ep.metadata.labels, { team: 'blue' });
    assert.ok(ep.metadata.annotations['endpoints.kubernetes.io/last-change-trigger-time']);
    const addr = ep.subsets[0].addresses[0];
    assert.equal(addr.nodeName, 'node-a');
    assert.equal(addr.targetRef.kind, 'Pod');

    const wide = await kubectlOk(kc, ['get', 'endpoints', 'web', '-n', NS]);
    assert.match(wide, /web\s+10\.42\.0\.11:8080,10\.42\.0\.12:8080\s+/);

    await waitFor('EndpointSlice with 3 endpoints', async () =>
      (await slices('web')).some((s) => s.endpoints.length === 3),
    );
    const [slice] = await slices('web');
    assert.equal(slice!.addressType, 'IPv4');
    assert.equal(slice!.metadata.generateName, 'web-');
    assert.equal(
      slice!.metadata.labels['endpointslice.kubernetes.io/managed-by'],
      'endpointslice-controller.k8s.io',
    );
    assert.equal(slice!.metadata.labels.team, 'blue');
    assert.deepEqual(
      slice!.metadata.ownerReferences?.map((o) => [o.kind, o.name]),
      [['Service', 'web']],
    );
    assert.deepEqual(slice!.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const byPod = new Map(slice!.endpoints.map((e) => [e.targetRef?.name, e]));
    assert.deepEqual(byPod.get('web-3')!.conditions, { ready: false, serving: false, terminating: false });
    assert.deepEqual(byPod.get('web-1')!.conditions, { ready: true, serving: true, terminating: false });
    assert.equal(byPod.get('web-1')!.zone, 'zone-1');
    assert.equal(byPod.get('web-1')!.nodeName, 'node-a');

    // Readiness flips both ways.
    await setStatus('web-3', '10.42.0.13', true);
    await setStatus('web-1', '10.42.0.11', false);
    await waitFor('Endpoints follow readiness', async () => {
      const r = ready(await endpoints());
      return r.ready.join() === '10.42.0.12,10.42.0.13' && r.notReady.join() === '10.42.0.11';
    });
    await waitFor('EndpointSlice follows readiness', async () => {
      const eps = (await slices('web'))[0]!.endpoints;
      return (
        eps.find((e) => e.targetRef?.name === 'web-3')?.conditions.ready === true &&
        eps.find((e) => e.targetRef?.name === 'web-1')?.conditions.ready === false
      );
    });

    // A deleted pod leaves both.
    await kubectlOk(kc, ['delete', 'pod', 'web-2', '-n', NS, '--grace-period=0', '--force']);
    await waitFor(
      'Endpoints without web-2',
      async () => ready(await endpoints()).ready.join() === '10.42.0.13',
    );
    await waitFor(
      'EndpointSlice without web-2',
      async () => (await slices('web'))[0]!.endpoints.length === 2,
    );
  });

  it('mirrors Endpoints of a Service without a selector into a slice, and removes it with them', async () => {
    await kubectlOk(kc, ['apply', '-f', '-'], {
      input: `apiVersion: v1
kind: Service
metadata: {name: external, namespace: ${NS}}
spec:
  ports: [{name: db, port: 5432}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: external, namespace: ${NS}, labels: {origin: manual}}
subsets:
- addresses: [{ip: 192.0.2.10}]
  notReadyAddresses: [{ip: 192.0.2.11}]
  ports: [{name: db, port: 5432}]
`,
    });
    await waitFor('mirrored EndpointSlice', async () => (await slices('external')).length === 1);
    const [m] = await slices('external');
    assert.equal(
      m!.metadata.labels['endpointslice.kubernetes.io/managed-by'],
      'endpointslicemirroring-controller.k8s.io',
    );
    assert.equal(m!.metadata.labels.origin, 'manual');
    assert.deepEqual(
      m!.metadata.ownerReferences?.map((o) => [o.kind, o.name]),
      [['Endpoints', 'external']],
    );
    assert.deepEqual(m!.endpoints.map((e) => [e.addresses[0], e.conditions.ready]).sort(), [
      ['192.0.2.10', true],
      ['192.0.2.11', false],
    ]);
    assert.deepEqual(m!.ports, [{ name: 'db', port: 5432, protocol: 'TCP' }]);
    // The endpoints controller leaves selector-less Services' Endpoints alone.
    assert.deepEqual(ready(await endpoints('external')), { ready: ['192.0.2.10'], notReady: ['192.0.2.11'] });
    await kubectlOk(kc, ['delete', 'endpoints', 'external', '-n', NS]);
    await waitFor('mirrored slice removed', async () => (await slices('external')).length === 0);
  });

  it('removes the Endpoints and slices of a deleted Service', async () => {
    await kubectlOk(kc, ['delete', 'service', 'web', '-n', NS]);
    await waitFor(
      'Endpoints web deleted',
      async () => (await kubectl(kc, ['get', 'endpoints', 'web', '-n', NS])).code !== 0,
    );
    await waitFor('slices of web collected', async () => (await slices('web')).length === 0);
  });
});
