import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Client } from './client.ts';
import { type CoreEvent, EventCorrelator, eventName, metaTime } from './event-correlator.ts';
import { EventRecorder, referenceOf } from './event-recorder.ts';
import { FakeApiServer } from './testing/fake-api-server.ts';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-0', namespace: 'prod', uid: 'u-1', resourceVersion: '42' },
};
const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', uid: 'u-n' } };

function setup(now: () => number = () => Date.parse('2025-03-04T05:06:07.890Z')) {
  const api = new FakeApiServer();
  const client = new Client({ fetch: api.fetch });
  const errors: unknown[] = [];
  const recorder = new EventRecorder({
    client,
    component: 'default-scheduler',
    correlator: { now },
    retrySleepMs: 1,
    onError: (e) => errors.push(e),
  });
  const stored = () => api.requests.filter((r) => r.path.includes('/events'));
  return { api, recorder, errors, stored };
}

test('metaTime and eventName follow upstream formats', () => {
  assert.equal(metaTime(Date.parse('2025-03-04T05:06:07.890Z')), '2025-03-04T05:06:07Z');
  assert.equal(eventName('web-0', 0, 0x1823abcn), 'web-0.1823abc');
  assert.match(eventName('Bad_Name', 0, 1n), /^[0-9a-f-]{36}$/, 'invalid names become a UUID');
});

test('an event is created with upstream fields; an identical repeat patches its count', async () => {
  const { api, recorder, stored } = setup();
  recorder.event(pod, 'Warning', 'FailedScheduling', '0/3 nodes are available: 3 Insufficient cpu.');
  await recorder.flush();
  const create = stored()[0]!;
  assert.equal(create.method, 'POST');
  assert.equal(create.path, '/api/v1/namespaces/prod/events');
  const ev = create.body as CoreEvent;
  assert.match(ev.metadata.name, /^web-0\.[0-9a-f]+$/);
  assert.deepEqual(ev.involvedObject, {
    kind: 'Pod',
    name: 'web-0',
    apiVersion: 'v1',
    namespace: 'prod',
    uid: 'u-1',
    resourceVersion: '42',
  });
  assert.equal(ev.reason, 'FailedScheduling');
  assert.equal(ev.type, 'Warning');
  assert.equal(ev.count, 1);
  assert.equal(ev.firstTimestamp, '2025-03-04T05:06:07Z');
  assert.equal(ev.lastTimestamp, '2025-03-04T05:06:07Z');
  assert.deepEqual(ev.source, { component: 'default-scheduler' });
  assert.equal(ev.reportingComponent, 'default-scheduler');

  recorder.event(pod, 'Warning', 'FailedScheduling', '0/3 nodes are available: 3 Insufficient cpu.');
  recorder.event(pod, 'Warning', 'FailedScheduling', '0/3 nodes are available: 3 Insufficient cpu.');
  await recorder.flush();
  const patches = stored().filter((r) => r.method === 'PATCH');
  assert.equal(patches.length, 2);
  assert.equal(patches[0]!.path, `/api/v1/namespaces/prod/events/${ev.metadata.name}`);
  assert.equal(patches[0]!.contentType, 'application/strategic-merge-patch+json');
  assert.deepEqual(patches[1]!.body, {
    count: 3,
    lastTimestamp: '2025-03-04T05:06:07Z',
    message: '0/3 nodes are available: 3 Insufficient cpu.',
  });
  const saved = api.peek('/api/v1/events', ev.metadata.name, 'prod') as unknown as CoreEvent;
  assert.equal(saved.count, 3);
  assert.equal(saved.firstTimestamp, ev.firstTimestamp);
});

test('a repeat of a deleted event creates it again', async () => {
  const { api, recorder, stored } = setup();
  recorder.event(pod, 'Normal', 'Scheduled', 'Successfully assigned prod/web-0 to node-1');
  await recorder.flush();
  const name = (stored()[0]!.body as CoreEvent).metadata.name;
  await new Client({ fetch: api.fetch })
    .resource({ group: '', version: 'v1', resource: 'events', namespaced: true })
    .namespace('prod')
    .delete(name);
  recorder.event(pod, 'Normal', 'Scheduled', 'Successfully assigned prod/web-0 to node-1');
  await recorder.flush();
  const last = stored().at(-1)!;
  assert.equal(last.method, 'POST');
  assert.equal((last.body as CoreEvent).count, 2);
  assert.equal((last.body as CoreEvent).metadata.resourceVersion, undefined);
});

test('events about cluster-scoped objects go to the default namespace; references work as input', async () => {
  const { recorder, stored } = setup();
  recorder.event(node, 'Normal', 'NodeReady', 'Node node-1 status is now: NodeReady');
  recorder.event(
    { kind: 'Pod', namespace: 'prod', name: 'web-0', fieldPath: 'spec.containers{app}' },
    'Normal',
    'Pulled',
    'image present',
  );
  await recorder.flush();
  assert.equal(stored()[0]!.path, '/api/v1/namespaces/default/events');
  assert.equal((stored()[1]!.body as CoreEvent).involvedObject.fieldPath, 'spec.containers{app}');
});

test('ten messages of one reason within ten minutes are combined', () => {
  const now = 1_000_000;
  const c = new EventCorrelator({ now: () => now });
  const make = (message: string): CoreEvent => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: eventName('p', now, BigInt(message.length)), namespace: 'ns' },
    involvedObject: referenceOf(pod),
    reason: 'BackOff',
    message,
    source: { component: 'kubelet', host: 'n1' },
    firstTimestamp: metaTime(now),
    lastTimestamp: metaTime(now),
    count: 1,
    type: 'Warning',
    reportingComponent: 'kubelet',
    reportingInstance: 'n1',
  });
  const results = Array.from({ length: 11 }, (_, i) => c.correlate(make(`message ${i}`)));
  for (const r of results.slice(0, 9)) assert.equal(r.event.message.startsWith('(combined'), false);
  assert.equal(results[9]!.event.message, '(combined from similar events): message 9');
  assert.equal(results[9]!.event.count, 1);
  assert.equal(results[10]!.event.message, '(combined from similar events): message 10');
  assert.equal(results[10]!.event.count, 2, 'the combined event counts up');
  assert.equal(results[10]!.event.metadata.name, results[9]!.event.metadata.name);
});

test('a source may send 25 events about an object, then one per 5 minutes', () => {
  let now = 0;
  const c = new EventCorrelator({ now: () => now });
  const ev = (i: number): CoreEvent => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `e${i}`, namespace: 'ns' },
    involvedObject: referenceOf(pod),
    reason: `Reason${i}`,
    message: 'm',
    source: { component: 'x' },
    firstTimestamp: metaTime(now),
    lastTimestamp: metaTime(now),
    count: 1,
    type: 'Normal',
    reportingComponent: 'x',
    reportingInstance: '',
  });
  const skipped = Array.from({ length: 30 }, (_, i) => c.correlate(ev(i)).skip);
  assert.equal(skipped.filter((s) => !s).length, 25);
  now = 300_000;
  assert.equal(c.correlate(ev(100)).skip, false);
  assert.equal(c.correlate(ev(101)).skip, true);
});

test('network failures are retried; server rejections are not', async () => {
  let calls = 0;
  const errors: unknown[] = [];
  const flaky = new FakeApiServer();
  const client = new Client({
    fetch: async (req) => {
      calls++;
      if (calls <= 2) throw new TypeError('fetch failed');
      return flaky.fetch(req);
    },
  });
  const recorder = new EventRecorder({
    client,
    component: 'c',
    retrySleepMs: 1,
    onError: (e) => errors.push(e),
  });
  recorder.event(pod, 'Normal', 'R', 'm');
  await recorder.flush();
  assert.equal(calls, 3);
  assert.equal(flaky.requests.length, 1);

  const { api, recorder: r2, stored } = setup();
  api.failNext(() => true, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    code: 403,
    reason: 'Forbidden',
    message: 'no',
  });
  r2.event(pod, 'Normal', 'R', 'm');
  await r2.flush();
  assert.equal(stored().length, 1, 'one attempt only');
});

test('objects without kind are reported, not thrown; unknown types are refused', async () => {
  const { recorder, errors, stored } = setup();
  recorder.event({ metadata: { name: 'x' } }, 'Normal', 'R', 'm');
  recorder.event(pod, 'Info' as 'Normal', 'R', 'm');
  await recorder.flush();
  assert.equal(errors.length, 2);
  assert.equal(stored().length, 0);
  await recorder.shutdown();
});
