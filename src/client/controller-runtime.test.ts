import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from './client.ts';
import { Controller, type ControllerSpec, ownerKeys, TerminalError } from './controller-runtime.ts';
import { InformerFactory } from './informer-factory.ts';
import { ExponentialBackoffRateLimiter } from './rate-limiter.ts';
import { descriptor, PODS } from './resource.ts';
import { eventually } from './testing/eventually.ts';
import { FakeApiServer } from './testing/fake-api-server.ts';

const WIDGETS = descriptor('example.com/v1', 'widgets', true, 'Widget');
const CONFIGMAPS = descriptor('v1', 'configmaps', true, 'ConfigMap');

function setup() {
  const api = new FakeApiServer();
  const client = new Client({ fetch: api.fetch });
  const factory = new InformerFactory(client, { reflector: { backoffInitialMs: 5, backoffMaxMs: 20 } });
  return { api, client, factory };
}

function run(
  factory: InformerFactory,
  spec: Omit<ControllerSpec, 'name'>,
  t: { after(fn: () => Promise<void>): void },
) {
  const c = new Controller(factory, {
    name: 'test-controller',
    rateLimiter: new ExponentialBackoffRateLimiter(1, 20),
    ...spec,
  });
  t.after(async () => {
    await c.stop();
    await factory.shutdown();
  });
  return c;
}

test('ownerKeys maps a controller reference of the owner kind and group only', () => {
  const pod = {
    metadata: {
      namespace: 'ns',
      ownerReferences: [
        { apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', uid: '1', controller: true },
        { apiVersion: 'example.com/v1', kind: 'Widget', name: 'not-controller', uid: '2' },
        { apiVersion: 'other.com/v1', kind: 'Widget', name: 'other-group', uid: '3', controller: true },
      ],
    },
  };
  assert.deepEqual(ownerKeys(pod, WIDGETS), ['ns/w']);
});

test('events of the primary and of owned objects reconcile the primary key', async (t) => {
  const { client, factory } = setup();
  const seen: string[] = [];
  const c = run(factory, { for: WIDGETS, owns: [PODS], reconcile: (key) => void seen.push(key) }, t);
  const widgets = client.resource(WIDGETS).namespace('ns');
  const pods = client.resource(PODS).namespace('ns');
  const w = await widgets.create({ metadata: { name: 'w1' } });
  await c.start();
  await eventually(() => seen.length === 1, 'initial reconcile');
  assert.deepEqual(seen, ['ns/w1']);
  const ref = {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    name: 'w1',
    uid: w.metadata!.uid!,
    controller: true,
  };
  await pods.create({ metadata: { name: 'p1', ownerReferences: [ref] } });
  await eventually(() => seen.length === 2, 'owned pod added');
  await pods.create({ metadata: { name: 'orphan' } });
  await pods.delete('p1');
  await eventually(() => seen.length === 3, 'owned pod deleted');
  await sleep(20);
  assert.deepEqual(seen, ['ns/w1', 'ns/w1', 'ns/w1'], 'the orphan pod maps to nothing');
});

test('a failing reconcile is retried with back-off until it succeeds, then forgotten', async (t) => {
  const { client, factory } = setup();
  let attempts = 0;
  const c = run(
    factory,
    {
      for: WIDGETS,
      onError: () => {},
      reconcile: () => {
        attempts++;
        if (attempts < 4) throw new Error('not yet');
      },
    },
    t,
  );
  await client
    .resource(WIDGETS)
    .namespace('ns')
    .create({ metadata: { name: 'w' } });
  await c.start();
  await eventually(() => attempts === 4, 'four attempts');
  await eventually(() => c.queue.numRequeues('ns/w') === 0, 'forgotten after success');
  await sleep(30);
  assert.equal(attempts, 4, 'no further retries');
});

test('a TerminalError is reported and not retried; requeueAfter reconciles again', async (t) => {
  const { client, factory } = setup();
  const errors: string[] = [];
  const calls: Record<string, number> = {};
  const c = run(
    factory,
    {
      for: WIDGETS,
      onError: (key, e) => errors.push(`${key}: ${(e as Error).message}`),
      reconcile: (key) => {
        calls[key] = (calls[key] ?? 0) + 1;
        if (key === 'ns/bad') throw new TerminalError('spec is invalid');
        if (key === 'ns/poll' && calls[key]! < 3) return { requeueAfter: 5 };
        return undefined;
      },
    },
    t,
  );
  const widgets = client.resource(WIDGETS).namespace('ns');
  await widgets.create({ metadata: { name: 'bad' } });
  await widgets.create({ metadata: { name: 'poll' } });
  await c.start();
  await eventually(() => calls['ns/poll'] === 3, 'polled three times');
  await sleep(30);
  assert.equal(calls['ns/bad'], 1);
  assert.deepEqual(errors, ['ns/bad: spec is invalid']);
  assert.equal(calls['ns/poll'], 3);
});

test('watches map other resources to keys; several workers never share a key', async (t) => {
  const { client, factory } = setup();
  const active = new Set<string>();
  let overlaps = 0;
  let reconciles = 0;
  const c = run(
    factory,
    {
      for: WIDGETS,
      workers: 4,
      watches: [
        { resource: CONFIGMAPS, map: (cm) => [`${cm.metadata.namespace}/${cm.metadata.labels?.widget}`] },
      ],
      reconcile: async (key) => {
        if (active.has(key)) overlaps++;
        active.add(key);
        await sleep(2);
        active.delete(key);
        reconciles++;
      },
    },
    t,
  );
  await c.start();
  const cms = client.resource(CONFIGMAPS).namespace('ns');
  for (let i = 0; i < 30; i++)
    await cms.create({ metadata: { name: `cm${i}`, labels: { widget: `w${i % 3}` } } });
  await eventually(() => reconciles >= 3 && c.queue.len() === 0 && active.size === 0, 'queue drained');
  assert.equal(overlaps, 0);
  assert.ok(reconciles < 30, 'events for a queued key were deduplicated');
});

test('stop() lets a reconcile in flight finish', async (t) => {
  const { client, factory } = setup();
  let finished = false;
  let started = false;
  const c = new Controller(factory, {
    name: 'slow',
    for: WIDGETS,
    reconcile: async () => {
      started = true;
      await sleep(20);
      finished = true;
    },
  });
  t.after(() => factory.shutdown());
  await client
    .resource(WIDGETS)
    .namespace('ns')
    .create({ metadata: { name: 'w' } });
  await c.start();
  await eventually(() => started, 'reconcile started');
  await c.stop();
  assert.equal(finished, true);
});
