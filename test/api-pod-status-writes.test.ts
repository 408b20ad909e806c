// A pod's status writes and its binding against an in-process server: a status patch of every
// patch type changes status only (a spec in the patch is ignored, as upstream's status strategy
// resets it), the binding sets nodeName, and both work on a pod stored without today's defaults
// (one written by an older server), which the server then defaults as it always has. These
// writes share the stored, frozen spec instead of copying it (UpdateOptions.specWrites).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApiServer } from '../src/apiserver/api-server.ts';
import { encodeObject } from '../src/apiserver/storage/object-codec.ts';
import { openStore } from '../src/storage/open-store.ts';
import type { Store } from '../src/storage/store.ts';

const PODS = '/api/v1/namespaces/w/pods';

describe('pod status writes and bindings (in-process server)', { timeout: 60_000 }, () => {
  let dir: string;
  let store: Store;
  let api: ApiServer;
  const send = async (method: string, path: string, body?: unknown, type = 'application/json') => {
    const init: RequestInit = { method, headers: { accept: 'application/json', 'content-type': type } };
    if (body !== undefined) init.body = JSON.stringify(body);
    const response = await api.handle(new Request(`http://kts${path}`, init));
    return { status: response.status, body: (await response.json()) as any };
  };
  const pod = (name: string) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'w' } },
    spec: {
      containers: [
        {
          name: 'c',
          image: 'registry.k8s.io/pause:3.9',
          resources: { limits: { cpu: '0.5', memory: '64Mi' } },
          ports: [{ containerPort: 80 }],
          readinessProbe: { httpGet: { port: 80 } },
        },
      ],
      initContainers: [{ name: 'i', image: 'busybox', command: ['true'] }],
      volumes: [{ name: 'v' }, { name: 'cm', configMap: { name: 'x' } }],
    },
  });
  const bind = (name: string, node: string) =>
    send('POST', `${PODS}/${name}/binding`, {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name },
      target: { apiVersion: 'v1', kind: 'Node', name: node },
    });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kts-pod-status-'));
    store = await openStore(`sqlite://${join(dir, 'state.db')}`, { compaction: { enabled: false } });
    api = new ApiServer({ store });
    await api.start();
    assert.equal((await send('POST', '/api/v1/namespaces', { metadata: { name: 'w' } })).status, 201);
    // No controller manager here to make the namespace's default ServiceAccount.
    const account = await send('POST', '/api/v1/namespaces/w/serviceaccounts', {
      metadata: { name: 'default' },
    });
    assert.equal(account.status, 201);
  });
  after(async () => {
    await api?.stop();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('binds, then patches status by merge, JSON and strategic patches, the spec untouched', async () => {
    assert.equal((await send('POST', PODS, pod('p'))).status, 201);
    assert.equal((await bind('p', 'node-1')).status, 201);
    const bound = (await send('GET', `${PODS}/p`)).body;
    assert.equal(bound.spec.nodeName, 'node-1');
    assert.equal(bound.status.conditions[0].type, 'PodScheduled');

    const merged = await send(
      'PATCH',
      `${PODS}/p/status?fieldManager=kubelet`,
      { spec: { nodeName: 'elsewhere' }, status: { phase: 'Running', podIP: '10.0.0.5' } },
      'application/merge-patch+json',
    );
    assert.equal(merged.status, 200, JSON.stringify(merged.body));
    assert.deepEqual(merged.body.spec, bound.spec);
    assert.equal(merged.body.status.phase, 'Running');
    assert.equal(merged.body.status.qosClass, 'Burstable');
    const entry = merged.body.metadata.managedFields.find((e: any) => e.manager === 'kubelet');
    assert.equal(entry.subresource, 'status');
    assert.deepEqual(Object.keys(entry.fieldsV1), ['f:status']);

    const jsonPatched = await send(
      'PATCH',
      `${PODS}/p/status`,
      [
        { op: 'replace', path: '/spec/containers/0/image', value: 'nginx' },
        { op: 'add', path: '/status/hostIP', value: '10.1.0.1' },
      ],
      'application/json-patch+json',
    );
    assert.equal(jsonPatched.status, 200, JSON.stringify(jsonPatched.body));
    assert.deepEqual(jsonPatched.body.spec, bound.spec);
    assert.equal(jsonPatched.body.status.hostIP, '10.1.0.1');

    const strategic = await send(
      'PATCH',
      `${PODS}/p/status`,
      {
        spec: { containers: [{ name: 'c', image: 'nginx' }] },
        status: { conditions: [{ type: 'Ready', status: 'True' }] },
      },
      'application/strategic-merge-patch+json',
    );
    assert.equal(strategic.status, 200, JSON.stringify(strategic.body));
    assert.deepEqual(strategic.body.spec, bound.spec);
    assert.deepEqual(
      strategic.body.status.conditions.map((c: any) => c.type),
      ['Ready', 'PodScheduled'],
    );
    const again = await bind('p', 'node-2');
    assert.equal(again.status, 409);
    assert.equal(
      again.body.message,
      'Operation cannot be fulfilled on pods/binding "p": pod p is already assigned to node "node-1"',
    );
  });

  it('a pod stored without defaults is bound and status-patched as before', async () => {
    const legacy = {
      ...pod('legacy'),
      metadata: {
        name: 'legacy',
        namespace: 'w',
        uid: 'u-legacy',
        creationTimestamp: '2026-01-01T00:00:00Z',
      },
      status: { phase: 'Pending', qosClass: 'Burstable' },
    };
    await store.create('/registry/pods/w/legacy', encodeObject(legacy as never));
    const patched = await send(
      'PATCH',
      `${PODS}/legacy/status`,
      { status: { phase: 'Running' } },
      'application/merge-patch+json',
    );
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    // A status write keeps the stored spec as it is, undefaulted.
    assert.deepEqual(patched.body.spec, legacy.spec);
    assert.equal(patched.body.status.phase, 'Running');

    const binding = await bind('legacy', 'node-3');
    assert.equal(binding.status, 201, JSON.stringify(binding.body));
    const bound = (await send('GET', `${PODS}/legacy`)).body;
    // A binding writes the whole pod, defaulted as every write defaults it.
    assert.equal(bound.spec.nodeName, 'node-3');
    assert.equal(bound.spec.containers[0].terminationMessagePath, '/dev/termination-log');
    assert.deepEqual(bound.spec.containers[0].resources.requests, { cpu: '500m', memory: '64Mi' });
    assert.deepEqual(bound.spec.volumes[0], { name: 'v', emptyDir: {} });
  });
});
