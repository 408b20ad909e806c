import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContainerStatus } from 'kubernetes-types/core/v1.js';
import { apiTime } from './container-statuses.ts';
import { podPhase } from './pod-phase.ts';
import { generatePodStatus, type PodStatusInputs } from './pod-status.ts';
import {
  podSandboxChanged,
  type RuntimeContainer,
  runtimePodStatus,
  runtimeSandboxFromCri,
  shouldContainerBeRestarted,
} from './runtime-status.ts';
import { container, pod } from './test-fixtures.ts';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const sandbox = { id: 's1', ready: true, createdAt: T0, ips: ['10.42.0.5'], attempt: 0 };

function ctr(name: string, extra: Partial<RuntimeContainer>): RuntimeContainer {
  return {
    id: `${name}-id`,
    name,
    state: 'running',
    createdAt: T0 + 1000,
    startedAt: T0 + 2000,
    finishedAt: 0,
    exitCode: 0,
    reason: '',
    message: '',
    image: 'kts.local/busybox:1',
    imageRef: 'sha256:abc',
    restartCount: 0,
    hash: 'h',
    ...extra,
  };
}

function inputs(containers: RuntimeContainer[], extra: Partial<PodStatusInputs> = {}): PodStatusInputs {
  return {
    runtime: runtimePodStatus([sandbox], containers),
    hostIPs: ['192.0.2.2'],
    now: T0 + 5000,
    ...extra,
  };
}

const cond = (
  status: { conditions?: { type: string; status: string; reason?: string; message?: string }[] },
  type: string,
) => status.conditions?.find((c) => c.type === type);

test('a new pod waits in ContainerCreating and is Pending', () => {
  const s = generatePodStatus(pod(), inputs([], { runtime: runtimePodStatus([], []) }));
  assert.equal(s.phase, 'Pending');
  assert.deepEqual(s.containerStatuses, [
    {
      name: 'app',
      image: 'kts.local/busybox:1',
      imageID: '',
      ready: false,
      restartCount: 0,
      state: { waiting: { reason: 'ContainerCreating' } },
      started: false,
    },
  ]);
  assert.equal(s.qosClass, 'BestEffort');
  assert.equal(s.podIP, undefined);
  assert.equal(cond(s, 'PodReadyToStartContainers')?.status, 'False');
  assert.deepEqual(cond(s, 'Ready'), {
    type: 'Ready',
    status: 'False',
    reason: 'ContainersNotReady',
    message: 'containers with unready status: [app]',
    lastTransitionTime: apiTime(T0 + 5000),
  });
  assert.equal(s.startTime, '2026-01-01T00:00:05Z');
});

test('a running container makes the pod Running and Ready, with IPs and times', () => {
  const s = generatePodStatus(pod(), inputs([ctr('app', {})]));
  assert.equal(s.phase, 'Running');
  assert.equal(s.podIP, '10.42.0.5');
  assert.deepEqual(s.podIPs, [{ ip: '10.42.0.5' }]);
  assert.equal(s.hostIP, '192.0.2.2');
  const cs = s.containerStatuses![0]!;
  assert.deepEqual(cs.state, { running: { startedAt: '2026-01-01T00:00:02Z' } });
  assert.equal(cs.containerID, 'containerd://app-id');
  assert.equal(cs.imageID, 'sha256:abc');
  assert.equal(cs.ready, true);
  assert.equal(cs.started, true);
  for (const type of [
    'PodReadyToStartContainers',
    'Initialized',
    'Ready',
    'ContainersReady',
    'PodScheduled',
  ]) {
    assert.equal(cond(s, type)?.status, 'True', type);
  }
});

test('probes gate started and ready', () => {
  const p = pod({
    containers: [
      container('app', {
        readinessProbe: { exec: { command: ['true'] } },
        startupProbe: { exec: { command: ['true'] } },
      }),
    ],
  });
  const noResults = generatePodStatus(p, inputs([ctr('app', {})]));
  assert.equal(noResults.containerStatuses![0]!.started, false);
  assert.equal(noResults.containerStatuses![0]!.ready, false);
  const started = generatePodStatus(
    p,
    inputs([ctr('app', {})], { probes: new Map([['app-id', { started: true }]]) }),
  );
  assert.equal(started.containerStatuses![0]!.started, true);
  assert.equal(started.containerStatuses![0]!.ready, false);
  const ready = generatePodStatus(
    p,
    inputs([ctr('app', {})], { probes: new Map([['app-id', { started: true, ready: true }]]) }),
  );
  assert.equal(ready.containerStatuses![0]!.ready, true);
  assert.equal(cond(ready, 'Ready')?.status, 'True');
});

test('a crash loop: newest exited instance, the one before as lastState, CrashLoopBackOff waiting', () => {
  const exited = (n: number, exitCode: number, reason: string) =>
    ctr('app', {
      id: `i${n}`,
      state: 'exited',
      restartCount: n,
      exitCode,
      reason,
      createdAt: T0 + n * 100,
      startedAt: T0 + n * 100 + 10,
      finishedAt: T0 + n * 100 + 50,
    });
  const reasons = new Map([
    [
      'app',
      {
        reason: 'CrashLoopBackOff',
        message: 'back-off 20s restarting failed container=app pod=web_default(1111-2222)',
      },
    ],
  ]);
  const s = generatePodStatus(
    pod(),
    inputs([exited(1, 1, 'Error'), exited(2, 137, 'OOMKilled'), exited(0, 1, 'Error')], {
      waitingReasons: reasons,
    }),
  );
  const cs = s.containerStatuses![0]!;
  assert.equal(cs.restartCount, 2);
  assert.deepEqual(cs.state, { waiting: reasons.get('app') });
  assert.equal(cs.lastState?.terminated?.reason, 'OOMKilled');
  assert.equal(cs.lastState?.terminated?.exitCode, 137);
  assert.equal(cs.lastState?.terminated?.containerID, 'containerd://i2');
  assert.equal(s.phase, 'Running');
  assert.equal(cond(s, 'Ready')?.status, 'False');
});

test('image errors show while the container was never created', () => {
  const reasons = new Map([
    [
      'app',
      {
        reason: 'ErrImageNeverPull',
        message: 'Container image "x" is not present with pull policy of Never',
      },
    ],
  ]);
  const s = generatePodStatus(pod(), inputs([], { waitingReasons: reasons }));
  assert.deepEqual(s.containerStatuses![0]!.state, { waiting: reasons.get('app') });
  assert.equal(s.phase, 'Pending');
});

test('restart policies decide the phase of finished containers', () => {
  const done = (code: number, reason: string) => [
    ctr('app', { state: 'exited', exitCode: code, reason, finishedAt: T0 + 3000 }),
  ];
  assert.equal(
    generatePodStatus(pod({ restartPolicy: 'Never' }), inputs(done(0, 'Completed'))).phase,
    'Succeeded',
  );
  assert.equal(generatePodStatus(pod({ restartPolicy: 'Never' }), inputs(done(2, 'Error'))).phase, 'Failed');
  assert.equal(
    generatePodStatus(pod({ restartPolicy: 'OnFailure' }), inputs(done(0, 'Completed'))).phase,
    'Succeeded',
  );
  assert.equal(
    generatePodStatus(pod({ restartPolicy: 'OnFailure' }), inputs(done(1, 'Error'))).phase,
    'Running',
  );
  assert.equal(generatePodStatus(pod(), inputs(done(0, 'Completed'))).phase, 'Running');
  assert.equal(
    generatePodStatus(pod(), inputs(done(0, 'Completed'), { podIsTerminal: true })).phase,
    'Succeeded',
  );
  const succeeded = generatePodStatus(pod({ restartPolicy: 'Never' }), inputs(done(0, 'Completed')));
  assert.deepEqual(succeeded.containerStatuses![0]!.state?.terminated, {
    exitCode: 0,
    reason: 'Completed',
    message: undefined,
    startedAt: '2026-01-01T00:00:02Z',
    finishedAt: '2026-01-01T00:00:03Z',
    containerID: 'containerd://app-id',
  });
  assert.equal(cond(succeeded, 'Ready')?.reason, 'PodCompleted');
  // A terminal phase the API shows never changes.
  const p = { ...pod({ restartPolicy: 'Never' }), status: { phase: 'Failed' } };
  assert.equal(generatePodStatus(p, inputs([ctr('app', {})])).phase, 'Failed');
});

test('init containers: PodInitializing, Initialized, and a failed init with restartPolicy Never', () => {
  const p = pod({ initContainers: [container('init')], restartPolicy: 'Never' });
  const waiting = generatePodStatus(p, inputs([ctr('init', {})]));
  assert.equal(waiting.phase, 'Pending');
  assert.deepEqual(waiting.containerStatuses![0]!.state, { waiting: { reason: 'PodInitializing' } });
  assert.deepEqual(cond(waiting, 'Initialized'), {
    type: 'Initialized',
    status: 'False',
    reason: 'ContainersNotInitialized',
    message: 'containers with incomplete status: [init]',
    lastTransitionTime: apiTime(T0 + 5000),
  });
  const initDone = ctr('init', { state: 'exited', exitCode: 0, reason: 'Completed', finishedAt: T0 + 3000 });
  const running = generatePodStatus(p, inputs([initDone, ctr('app', { createdAt: T0 + 4000 })]));
  assert.equal(running.phase, 'Running');
  assert.equal(running.initContainerStatuses![0]!.ready, true);
  assert.equal(cond(running, 'Initialized')?.status, 'True');
  const failed = generatePodStatus(
    p,
    inputs([ctr('init', { state: 'exited', exitCode: 1, reason: 'Error' })]),
  );
  assert.equal(failed.phase, 'Failed');
});

test('transition times survive while a condition keeps its status; other conditions are kept', () => {
  const first = generatePodStatus(pod(), inputs([ctr('app', {})]));
  const custom = { type: 'example.com/gate', status: 'True', lastTransitionTime: '2020-01-01T00:00:00Z' };
  const p = {
    ...pod({ readinessGates: [{ conditionType: 'example.com/gate' }] }),
    status: { conditions: [custom] },
  };
  const second = generatePodStatus(p, inputs([ctr('app', {})], { previous: first, now: T0 + 60_000 }));
  assert.equal(cond(second, 'Ready')?.status, 'True');
  assert.equal(
    (cond(second, 'Ready') as { lastTransitionTime?: string }).lastTransitionTime,
    apiTime(T0 + 5000),
  );
  assert.deepEqual(second.conditions![0], custom);
  assert.equal(second.startTime, first.startTime);
  const gated = generatePodStatus({ ...p, status: {} }, inputs([ctr('app', {})]));
  assert.equal(cond(gated, 'Ready')?.reason, 'ReadinessGatesNotReady');
  assert.equal(
    cond(gated, 'Ready')?.message,
    'corresponding condition of pod readiness gate "example.com/gate" does not exist.',
  );
});

test('a running container that vanished is reported terminated, not waiting', () => {
  const previous = generatePodStatus(pod(), inputs([ctr('app', {})]));
  const s = generatePodStatus(pod(), inputs([], { previous }));
  const cs = s.containerStatuses![0]! as ContainerStatus;
  assert.equal(cs.lastState?.terminated?.reason, 'ContainerStatusUnknown');
  assert.equal(cs.restartCount, 1);
  assert.equal(s.phase, 'Running');
});

test('restart decisions, sandbox changes and CRI conversion', () => {
  const rt = (c: RuntimeContainer[]) => runtimePodStatus([sandbox], c);
  const c = container('app');
  assert.ok(shouldContainerBeRestarted(c, pod(), rt([])));
  assert.ok(!shouldContainerBeRestarted(c, pod(), rt([ctr('app', {})])));
  assert.ok(shouldContainerBeRestarted(c, pod(), rt([ctr('app', { state: 'exited' })])));
  assert.ok(
    !shouldContainerBeRestarted(
      c,
      pod({ restartPolicy: 'OnFailure' }),
      rt([ctr('app', { state: 'exited' })]),
    ),
  );
  assert.ok(
    shouldContainerBeRestarted(
      c,
      pod({ restartPolicy: 'OnFailure' }),
      rt([ctr('app', { state: 'exited', exitCode: 1 })]),
    ),
  );
  assert.ok(
    !shouldContainerBeRestarted(
      c,
      pod({ restartPolicy: 'Never' }),
      rt([ctr('app', { state: 'exited', exitCode: 1 })]),
    ),
  );
  assert.ok(!shouldContainerBeRestarted(c, pod({}, { deletionTimestamp: '2026-01-01T00:00:00Z' }), rt([])));

  assert.deepEqual(podSandboxChanged(pod(), runtimePodStatus([], [])), { changed: true, attempt: 0 });
  assert.deepEqual(podSandboxChanged(pod(), rt([])), { changed: false, attempt: 0 });
  assert.deepEqual(podSandboxChanged(pod(), runtimePodStatus([{ ...sandbox, ready: false }], [])), {
    changed: true,
    attempt: 1,
  });
  assert.deepEqual(podSandboxChanged(pod(), runtimePodStatus([{ ...sandbox, ips: [] }], [])), {
    changed: true,
    attempt: 1,
  });

  const s = runtimeSandboxFromCri({
    id: 'x',
    metadata: { name: 'web', uid: 'u', namespace: 'default', attempt: 2 },
    state: 'SANDBOX_READY',
    createdAt: T0 * 1e6,
    network: { ip: '10.42.0.9', additionalIps: [{ ip: 'fd00::9' }] },
    linux: null,
    labels: {},
    annotations: {},
    runtimeHandler: '',
  });
  assert.deepEqual(s, { id: 'x', ready: true, createdAt: T0, ips: ['10.42.0.9', 'fd00::9'], attempt: 2 });
});

test('podPhase counts unknown containers as Pending', () => {
  const p = pod({ containers: [container('a'), container('b')] });
  const running: ContainerStatus = {
    name: 'a',
    ready: true,
    restartCount: 0,
    image: '',
    imageID: '',
    state: { running: {} },
  };
  assert.equal(podPhase(p, [running], false), 'Pending');
});
