// The resource metrics API (metrics.k8s.io/v1beta1) of an in-process API server: discovery,
// get/list with selectors, metrics-server's 404s, read-only verbs, and that hollow nodes are
// never contacted. The numbers come from a recorded kubelet summary served on loopback; the
// real kubelet's numbers and the real `kubectl top` are covered in test/kts-server.test.ts.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApiServer } from '../src/apiserver/api-server.ts';
import { openStore } from '../src/storage/open-store.ts';
import type { Store } from '../src/storage/store.ts';

const T = new Date().toISOString();

const summary = {
  node: {
    nodeName: 'real',
    cpu: { time: T, usageNanoCores: 250_000_000 },
    memory: { time: T, workingSetBytes: 512 * 1024 * 1024 },
  },
  pods: ['web-1', 'web-2', 'db'].map((name, i) => ({
    podRef: { name, namespace: 'm', uid: name },
    containers: [
      {
        name: 'main',
        cpu: { time: T, usageNanoCores: (i + 1) * 1_000_000 },
        memory: { time: T, workingSetBytes: (i + 1) * 1024 * 1024 },
      },
    ],
  })),
};

/** A loopback listener that counts the connections it gets and answers with `body`. */
async function listen(
  host: string,
  body: unknown,
): Promise<{ server: Server; port: number; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  });
  server.on('connection', () => hits.push('connection'));
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, port: (server.address() as AddressInfo).port, hits };
}

const nodeObject = (name: string, address: string, port: number, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels },
  status: {
    addresses: [{ type: 'InternalIP', address }],
    daemonEndpoints: { kubeletEndpoint: { Port: port } },
  },
});

describe('metrics.k8s.io/v1beta1 (in-process server)', { timeout: 60_000 }, () => {
  let dir: string;
  let store: Store;
  let api: ApiServer;
  let kubelet: Awaited<ReturnType<typeof listen>>;
  let hollow: Awaited<ReturnType<typeof listen>>;

  const send = async (method: string, path: string, body?: unknown) => {
    const response = await api.handle(
      new Request(`http://kts${path}`, {
        method,
        headers: { accept: 'application/json', 'content-type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }),
    );
    return { status: response.status, body: (await response.json()) as any };
  };
  const ok = async (method: string, path: string, body?: unknown) => {
    const a = await send(method, path, body);
    assert.ok(a.status < 300, `${method} ${path}: ${a.status} ${JSON.stringify(a.body)}`);
    return a.body;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kts-metrics-'));
    store = await openStore(`sqlite://${join(dir, 'state.db')}`);
    kubelet = await listen('127.0.0.1', summary);
    hollow = await listen('127.0.0.2', summary);
    api = new ApiServer({ store });
    await api.start();
    await ok('POST', '/api/v1/nodes', nodeObject('real', '127.0.0.1', kubelet.port));
    await ok(
      'POST',
      '/api/v1/nodes',
      nodeObject('h1', '127.0.0.2', hollow.port, { 'kts.io/hollow': 'true' }),
    );
    await ok('POST', '/api/v1/namespaces', { metadata: { name: 'm' } });
    await ok('POST', '/api/v1/namespaces/m/serviceaccounts', { metadata: { name: 'default' } });
    for (const [name, app] of [
      ['web-1', 'web'],
      ['web-2', 'web'],
      ['db', 'db'],
      ['pending', 'web'],
    ] as const) {
      await ok('POST', '/api/v1/namespaces/m/pods', {
        metadata: { name, labels: { app } },
        spec: {
          automountServiceAccountToken: false,
          containers: [{ name: 'main', image: 'kts.local/busybox:1' }],
          ...(name === 'pending' ? {} : { nodeName: 'real' }),
        },
      });
    }
    for (const name of ['web-1', 'web-2', 'db']) {
      const pod = await ok('GET', `/api/v1/namespaces/m/pods/${name}`);
      pod.status = { ...pod.status, phase: 'Running' };
      await ok('PUT', `/api/v1/namespaces/m/pods/${name}/status`, pod);
    }
  });

  after(async () => {
    await api?.stop();
    await store?.close();
    kubelet?.server.close();
    hollow?.server.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is in discovery with get and list only', async () => {
    const list = await ok('GET', '/apis/metrics.k8s.io/v1beta1');
    const byName = Object.fromEntries(list.resources.map((r: any) => [r.name, r]));
    assert.deepEqual(byName.nodes.verbs, ['get', 'list']);
    assert.equal(byName.nodes.kind, 'NodeMetrics');
    assert.equal(byName.nodes.namespaced, false);
    assert.deepEqual(byName.pods.verbs, ['get', 'list']);
    assert.equal(byName.pods.kind, 'PodMetrics');
    assert.equal(byName.pods.namespaced, true);
    const groups = await ok('GET', '/apis');
    assert.ok(groups.groups.some((g: any) => g.name === 'metrics.k8s.io'));
  });

  it('lists node metrics of nodes with a kubelet; hollow nodes are never contacted', async () => {
    const list = await ok('GET', '/apis/metrics.k8s.io/v1beta1/nodes');
    assert.equal(list.kind, 'NodeMetricsList');
    assert.equal(list.apiVersion, 'metrics.k8s.io/v1beta1');
    assert.deepEqual(
      list.items.map((n: any) => [n.metadata.name, n.usage]),
      [['real', { cpu: '250000000n', memory: '512Mi' }]],
    );
    const one = await ok('GET', '/apis/metrics.k8s.io/v1beta1/nodes/real');
    assert.equal(one.kind, 'NodeMetrics');
    assert.equal(one.window, '15s');
    assert.deepEqual(hollow.hits, []);
    assert.deepEqual(
      kubelet.hits.filter((h) => h !== 'connection'),
      ['/stats/summary'],
      'one scrape served both',
    );
  });

  it('lists pod metrics of running pods, by namespace, label and field selector', async () => {
    const all = await ok('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/m/pods');
    assert.equal(all.kind, 'PodMetricsList');
    assert.deepEqual(all.items.map((p: any) => p.metadata.name).sort(), ['db', 'web-1', 'web-2']);
    const web = await ok('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/m/pods?labelSelector=app%3Dweb');
    assert.deepEqual(web.items.map((p: any) => p.metadata.name).sort(), ['web-1', 'web-2']);
    assert.deepEqual(web.items[0].metadata.labels, { app: 'web' });
    const byName = await ok('GET', '/apis/metrics.k8s.io/v1beta1/pods?fieldSelector=metadata.name%3Ddb');
    assert.deepEqual(
      byName.items.map((p: any) => [p.metadata.namespace, p.metadata.name, p.containers]),
      [['m', 'db', [{ name: 'main', usage: { cpu: '3000000n', memory: '3Mi' } }]]],
    );
    const other = await ok('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods');
    assert.deepEqual(other.items, []);
  });

  it("answers metrics-server's NotFound, and refuses writes", async () => {
    const missing = await send('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/m/pods/pending');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.reason, 'NotFound');
    assert.equal(missing.body.message, 'podmetrics.metrics.k8s.io "m/pending" not found');
    const node = await send('GET', '/apis/metrics.k8s.io/v1beta1/nodes/h1');
    assert.equal(node.status, 404);
    assert.equal(node.body.message, 'nodemetrics.metrics.k8s.io "h1" not found');
    const write = await send('POST', '/apis/metrics.k8s.io/v1beta1/namespaces/m/pods', {
      apiVersion: 'metrics.k8s.io/v1beta1',
      kind: 'PodMetrics',
      metadata: { name: 'x' },
    });
    assert.equal(write.status, 405);
    const del = await send('DELETE', '/apis/metrics.k8s.io/v1beta1/nodes/real');
    assert.equal(del.status, 405);
    const watch = await send('GET', '/apis/metrics.k8s.io/v1beta1/nodes?watch=true');
    assert.equal(watch.status, 405);
    assert.deepEqual(hollow.hits, []);
  });
});
