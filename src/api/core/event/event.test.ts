import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventsEventStrategy as ev2 } from '../../events/event.ts';
import { checkStrategy, NOW } from '../../strategy-conformance.ts';
import { type CoreEventObj, eventStrategy as ev, toCoreEvent, toEventsEvent } from './index.ts';

const core: CoreEventObj = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'web-1.17f0', namespace: 'default' },
  involvedObject: {
    kind: 'Pod',
    namespace: 'default',
    name: 'web-1',
    uid: 'u1',
    apiVersion: 'v1',
    fieldPath: 'spec.containers{web}',
  },
  reason: 'Pulled',
  message: 'Successfully pulled image "nginx"  ',
  source: { component: 'kubelet', host: 'node-1' },
  firstTimestamp: '2025-06-01T11:50:00Z',
  lastTimestamp: '2025-06-01T11:59:30Z',
  count: 3,
  type: 'Normal',
};

const newStyle = {
  apiVersion: 'events.k8s.io/v1',
  kind: 'Event',
  metadata: { name: 'web-1.17f1', namespace: 'default' },
  eventTime: '2025-06-01T11:59:00.000000Z',
  reportingController: 'kts.io/scheduler',
  reportingInstance: 'kts-scheduler-node-1',
  action: 'Binding',
  reason: 'Scheduled',
  regarding: { kind: 'Pod', namespace: 'default', name: 'web-1' },
  note: 'Successfully assigned default/web-1 to node-1',
  type: 'Normal',
} as const;

checkStrategy(ev, { valid: core });
checkStrategy(ev2, { valid: structuredClone(newStyle) as any });

test('events: core ↔ events.k8s.io round trip', () => {
  const e2 = toEventsEvent(core);
  assert.equal(e2.apiVersion, 'events.k8s.io/v1');
  assert.deepEqual(e2.regarding, core.involvedObject);
  assert.equal(e2.note, core.message);
  assert.deepEqual(e2.deprecatedSource, core.source);
  assert.equal(e2.deprecatedCount, 3);
  assert.deepEqual(toCoreEvent(e2), core);
  const stored = toCoreEvent(newStyle as any);
  assert.equal(stored.reportingComponent, 'kts.io/scheduler');
  assert.equal(stored.message, newStyle.note);
  assert.deepEqual(toEventsEvent(stored), newStyle);
  // The strategy's convert goes both ways on 'v1' and stores the core shape.
  assert.deepEqual(ev2.convert!(structuredClone(newStyle) as any, 'v1'), stored);
  assert.deepEqual(ev2.convert!(stored as any, 'v1'), newStyle);
});

test('events: legacy rules on namespaces', () => {
  const bad = structuredClone(core);
  bad.involvedObject.namespace = 'other';
  assert.deepEqual(ev.validate!(bad), [
    {
      type: 'FieldValueInvalid',
      field: 'involvedObject.namespace',
      value: 'other',
      detail: 'does not match event.namespace',
    },
  ]);
  const clusterObj = structuredClone(core);
  clusterObj.involvedObject = { kind: 'Node', name: 'node-1' };
  assert.deepEqual(ev.validate!(clusterObj), []);
  clusterObj.metadata.namespace = 'kube-system';
  assert.equal(ev.validate!(clusterObj).length, 1);
});

test('events: new-style events need reporting fields', () => {
  const e = structuredClone(core);
  e.eventTime = '2025-06-01T11:59:00.000000Z';
  assert.deepEqual(
    ev.validate!(e).map((x) => `${x.field}: ${x.type}`),
    [
      'reportingController: FieldValueRequired',
      'reportingController: FieldValueInvalid', // "name part must be non-empty"
      'reportingController: FieldValueInvalid', // and the name regex
      'reportingInstance: FieldValueRequired',
      'action: FieldValueRequired',
    ],
  );
});

test('events.k8s.io: strict validation', () => {
  const e = structuredClone(newStyle) as any;
  e.type = 'Info';
  e.deprecatedCount = 2;
  e.series = { count: 1 };
  assert.deepEqual(
    ev2.validate!(e).map((x) => `${x.field}: ${x.detail ?? x.type}`),
    [
      'series.count: should be at least 2',
      'series.lastObservedTime: FieldValueRequired',
      'type: has invalid value: Info',
      'count: needs to be unset',
    ],
  );
  const old = structuredClone(newStyle) as any;
  const upd = structuredClone(newStyle) as any;
  upd.note = 'changed';
  assert.deepEqual(
    ev2.validateUpdate!(upd, old).map((x) => `${x.field}: ${x.detail}`),
    ['message: field is immutable'],
  );
});

test('events: table rows as kubectl get events', () => {
  assert.deepEqual(ev.table!.row(core, NOW), [
    '30s',
    'Normal',
    'Pulled',
    'pod/web-1',
    'spec.containers{web}',
    'kubelet, node-1',
    'Successfully pulled image "nginx"',
    '10m',
    3,
    'web-1.17f0',
  ]);
  assert.deepEqual(ev2.table!.row(newStyle as any, NOW).slice(0, 9), [
    '60s',
    'Normal',
    'Scheduled',
    'pod/web-1',
    '',
    'kts.io/scheduler, kts-scheduler-node-1',
    'Successfully assigned default/web-1 to node-1',
    '60s',
    1,
  ]);
  assert.deepEqual(
    ev.table!.columns.filter((c) => c.priority === 0).map((c) => c.name),
    ['Last Seen', 'Type', 'Reason', 'Object', 'Message'],
  );
});

test('events: field selectors in both APIs', () => {
  assert.equal(ev.selectableFields!(core)['involvedObject.name'], 'web-1');
  assert.equal(ev.selectableFields!(core).source, 'kubelet');
  assert.equal(ev2.selectableFields!(core as any)['regarding.kind'], 'Pod');
  assert.equal(ev2.selectableFields!(newStyle as any).reportingController, 'kts.io/scheduler');
  assert.equal(ev.ttlSeconds, 3600);
  assert.equal(ev2.storageResource, 'events');
});
