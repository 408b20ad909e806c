import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolvePort } from '../lifecycle/hooks.ts';
import { changedPods, type PodStates } from './pleg.ts';
import { runtimeFingerprint } from './runtime-state.ts';

const states = (entries: [string, [string, string][]][]): PodStates =>
  new Map(entries.map(([uid, list]) => [uid, new Map(list)]));

test('pods whose sandboxes or containers changed state', () => {
  const before = states([
    [
      'a',
      [
        ['s1', 'SANDBOX_READY'],
        ['c1', 'CONTAINER_RUNNING'],
      ],
    ],
    ['b', [['s2', 'SANDBOX_READY']]],
    ['gone', [['s3', 'SANDBOX_READY']]],
  ]);
  const after = states([
    [
      'a',
      [
        ['s1', 'SANDBOX_READY'],
        ['c1', 'CONTAINER_EXITED'],
      ],
    ],
    ['b', [['s2', 'SANDBOX_READY']]],
    ['new', [['s4', 'SANDBOX_READY']]],
  ]);
  assert.deepEqual(changedPods(before, after).sort(), ['a', 'gone', 'new']);
  assert.deepEqual(changedPods(after, after), []);
});

test('probe and hook ports: numbers or container port names', () => {
  const ports = [{ name: 'http', containerPort: 8080 }];
  assert.equal(resolvePort(80, ports), 80);
  assert.equal(resolvePort('81', ports), 81);
  assert.equal(resolvePort('http', ports), 8080);
  assert.throws(() => resolvePort('grpc', ports), /couldn't find port: grpc/);
});

test("a pod's runtime fingerprint is independent of listing order", () => {
  const listed = new Map([
    ['c1', 'CONTAINER_RUNNING'],
    ['s1', 'SANDBOX_READY'],
  ]);
  assert.equal(
    runtimeFingerprint(listed),
    runtimeFingerprint([
      ['s1', 'SANDBOX_READY'],
      ['c1', 'CONTAINER_RUNNING'],
    ]),
  );
  assert.notEqual(runtimeFingerprint(listed), runtimeFingerprint([['s1', 'SANDBOX_READY']]));
  assert.equal(runtimeFingerprint([]), '');
});
