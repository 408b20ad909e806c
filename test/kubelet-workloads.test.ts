// More of the kubelet end to end, on its own one-node cluster: init containers in order and a
// sidecar (restartable init container), readiness and startup probes, lifecycle hooks
// (postStart, and preStop on deletion) writing to a hostPath, a PVC bound to a hostPath PV,
// and the kubelet's /stats/summary.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type E2ECluster, startE2ECluster } from './support/e2e-cluster.ts';

const LONG = { timeout: 120_000 };
const BUSYBOX = 'kts.local/busybox:1';
let c: E2ECluster;
let shared: string;

before(async () => {
  c = await startE2ECluster('work');
  shared = join(c.agent.base, 'shared');
  mkdirSync(shared, { recursive: true });
});

after(async () => {
  await c?.stop();
});

const manifest = (name: string, spec: Record<string, unknown>) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { nodeName: c.agent.nodeName, terminationGracePeriodSeconds: 2, ...spec },
  });

test('init containers run in order, a sidecar keeps running beside the main container', LONG, async () => {
  await c.k(
    ['create', '-f', '-'],
    manifest('inits', {
      volumes: [{ name: 'work', emptyDir: {} }],
      initContainers: [
        {
          name: 'first',
          image: BUSYBOX,
          command: ['sh', '-c', 'echo first >> /work/order'],
          volumeMounts: [{ name: 'work', mountPath: '/work' }],
        },
        {
          name: 'sidecar',
          image: BUSYBOX,
          restartPolicy: 'Always',
          command: [
            'sh',
            '-c',
            'echo sidecar >> /work/order; mkdir -p /srv; echo from-sidecar > /srv/index.html; exec httpd -f -p 8080 -h /srv',
          ],
          volumeMounts: [{ name: 'work', mountPath: '/work' }],
          startupProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1 },
        },
        {
          name: 'second',
          image: BUSYBOX,
          command: ['sh', '-c', 'echo second >> /work/order'],
          volumeMounts: [{ name: 'work', mountPath: '/work' }],
        },
      ],
      containers: [
        {
          name: 'main',
          image: BUSYBOX,
          command: [
            'sh',
            '-c',
            'echo main >> /work/order; wget -qO- http://localhost:8080/; exec sleep 3600',
          ],
          volumeMounts: [{ name: 'work', mountPath: '/work' }],
        },
      ],
    }),
  );
  const pod = await c.waitFor('inits Running', async () => {
    const p = JSON.parse(await c.k(['get', 'pod', 'inits', '-o', 'json']));
    return p.status.phase === 'Running' && p.status.containerStatuses?.[0]?.state.running ? p : undefined;
  });
  const init = Object.fromEntries(
    pod.status.initContainerStatuses.map((s: { name: string; state: Record<string, unknown> }) => [
      s.name,
      Object.keys(s.state)[0],
    ]),
  );
  assert.deepEqual(init, { first: 'terminated', sidecar: 'running', second: 'terminated' });
  assert.equal(pod.status.conditions.find((x: { type: string }) => x.type === 'Initialized').status, 'True');
  const order = await c.waitFor('main ran', async () => {
    const text = await c.k(['exec', 'inits', '-c', 'main', '--', 'cat', '/work/order']);
    return text.includes('main') ? text : undefined;
  });
  assert.equal(order, 'first\nsidecar\nsecond\nmain\n');
  assert.equal(await c.k(['logs', 'inits', '-c', 'main']), 'from-sidecar\n');
});

test('readiness follows its probe; the pod is Ready only while it passes', LONG, async () => {
  await c.k(
    ['create', '-f', '-'],
    manifest('ready', {
      containers: [
        {
          name: 'app',
          image: BUSYBOX,
          command: ['sh', '-c', 'sleep 3600'],
          readinessProbe: { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 1, failureThreshold: 1 },
        },
      ],
    }),
  );
  const readyStatus = async () => {
    const p = JSON.parse(await c.k(['get', 'pod', 'ready', '-o', 'json']));
    return [
      p.status.containerStatuses?.[0]?.ready,
      p.status.conditions?.find((x: { type: string }) => x.type === 'Ready'),
    ];
  };
  const [, notReady] = await c.waitFor('running but not ready', async () => {
    const r = await readyStatus();
    const p = JSON.parse(await c.k(['get', 'pod', 'ready', '-o', 'json']));
    const running = p.status.containerStatuses?.[0]?.state.running;
    return running && r[1]?.status === 'False' && r[1]?.reason === 'ContainersNotReady' ? r : undefined;
  });
  assert.equal(notReady.message, 'containers with unready status: [app]');
  await c.k(['exec', 'ready', '--', 'touch', '/tmp/ready']);
  await c.waitFor('Ready', async () => ((await readyStatus())[1]?.status === 'True' ? true : undefined));
  await c.k(['exec', 'ready', '--', 'rm', '/tmp/ready']);
  await c.waitFor('not Ready again', async () => ((await readyStatus())[0] === false ? true : undefined));
  const events = JSON.parse(
    await c.k(['get', 'events', '--field-selector', 'involvedObject.name=ready', '-o', 'json']),
  );
  assert.ok(
    events.items.some(
      (e: { reason: string; message: string }) =>
        e.reason === 'Unhealthy' &&
        e.message.startsWith("Readiness probe failed: cat: can't open '/tmp/ready'"),
    ),
  );
});

test('a pod past its activeDeadlineSeconds fails with DeadlineExceeded', LONG, async () => {
  await c.k(
    ['create', '-f', '-'],
    manifest('deadline', {
      activeDeadlineSeconds: 2,
      containers: [{ name: 'app', image: BUSYBOX, command: ['sleep', '3600'] }],
    }),
  );
  const pod = await c.waitFor('Failed', async () => {
    const p = JSON.parse(await c.k(['get', 'pod', 'deadline', '-o', 'json']));
    return p.status.phase === 'Failed' && p.status.containerStatuses?.[0]?.state.terminated ? p : undefined;
  });
  assert.equal(pod.status.reason, 'DeadlineExceeded');
  assert.equal(pod.status.message, 'Pod was active on the node longer than the specified deadline');
});

test(
  'postStart runs after start; preStop runs before the container is stopped (hostPath)',
  LONG,
  async () => {
    await c.k(
      ['create', '-f', '-'],
      manifest('hooks', {
        volumes: [{ name: 'shared', hostPath: { path: shared, type: 'Directory' } }],
        containers: [
          {
            name: 'app',
            image: BUSYBOX,
            command: [
              'sh',
              '-c',
              'trap "echo term >> /shared/log; exit 0" TERM; while true; do sleep 0.2; done',
            ],
            volumeMounts: [{ name: 'shared', mountPath: '/shared' }],
            lifecycle: {
              postStart: { exec: { command: ['sh', '-c', 'echo poststart >> /shared/log'] } },
              preStop: { exec: { command: ['sh', '-c', 'echo prestop >> /shared/log'] } },
            },
          },
        ],
      }),
    );
    await c.waitFor('hooks Running', async () =>
      JSON.parse(await c.k(['get', 'pod', 'hooks', '-o', 'json'])).status.phase === 'Running'
        ? true
        : undefined,
    );
    assert.equal(readFileSync(join(shared, 'log'), 'utf8'), 'poststart\n');
    await c.k(['delete', 'pod', 'hooks']);
    assert.equal(readFileSync(join(shared, 'log'), 'utf8'), 'poststart\nprestop\nterm\n');

    await c.k(
      ['create', '-f', '-'],
      manifest('badpath', {
        volumes: [{ name: 'x', hostPath: { path: join(shared, 'log'), type: 'Directory' } }],
        containers: [
          {
            name: 'app',
            image: BUSYBOX,
            command: ['sleep', '1'],
            volumeMounts: [{ name: 'x', mountPath: '/x' }],
          },
        ],
      }),
    );
    const failed = await c.waitFor('FailedMount', async () => {
      const events = JSON.parse(
        await c.k(['get', 'events', '--field-selector', 'involvedObject.name=badpath', '-o', 'json']),
      );
      return events.items.find((e: { reason: string }) => e.reason === 'FailedMount');
    });
    assert.equal(
      failed.message,
      `MountVolume.SetUp failed for volume "x" : hostPath type check failed: ${join(shared, 'log')} is not a directory`,
    );
    const pod = JSON.parse(await c.k(['get', 'pod', 'badpath', '-o', 'json']));
    assert.equal(pod.status.containerStatuses[0].state.waiting.reason, 'ContainerCreating');
  },
);

test('a PersistentVolumeClaim bound to a hostPath PersistentVolume', LONG, async () => {
  const path = join(c.agent.base, 'pv-data');
  await c.k(
    ['create', '-f', '-'],
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: `pv-${c.agent.id}` },
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteOnce'],
        hostPath: { path, type: 'DirectoryOrCreate' },
        claimRef: { namespace: 'work', name: 'data' },
      },
    }),
  );
  await c.k(
    ['create', '-f', '-'],
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data' },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '1Gi' } },
        volumeName: `pv-${c.agent.id}`,
        storageClassName: '',
      },
    }),
  );
  // No PV controller runs here: mark the claim Bound as it would.
  await c.k([
    'patch',
    'pvc',
    'data',
    '--subresource=status',
    '--type=merge',
    '-p',
    '{"status":{"phase":"Bound"}}',
  ]);
  await c.k(
    ['create', '-f', '-'],
    manifest('claimer', {
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
      containers: [
        {
          name: 'app',
          image: BUSYBOX,
          command: ['sh', '-c', 'echo persisted > /data/file; exec sleep 3600'],
          volumeMounts: [{ name: 'data', mountPath: '/data' }],
        },
      ],
    }),
  );
  await c.waitFor('the file on the PV', async () => (existsSync(join(path, 'file')) ? true : undefined));
  assert.equal(readFileSync(join(path, 'file'), 'utf8'), 'persisted\n');
});

test("the kubelet's /stats/summary has per-pod CPU and memory", LONG, async () => {
  const port = c.agent.agent.kubelet.port;
  const summary = await c.waitFor('stats with CPU rates', async () => {
    const s = (await (await fetch(`http://127.0.0.1:${port}/stats/summary`)).json()) as {
      node: { nodeName: string; memory: { workingSetBytes: number } };
      pods: {
        podRef: { name: string };
        cpu?: { usageNanoCores?: number };
        memory?: { workingSetBytes?: number };
        containers: { name: string }[];
      }[];
    };
    const pod = s.pods.find((p) => p.podRef.name === 'claimer');
    return pod?.cpu?.usageNanoCores !== undefined ? { s, pod } : undefined;
  });
  assert.equal(summary.s.node.nodeName, c.agent.nodeName);
  assert.ok(summary.s.node.memory.workingSetBytes > 0);
  assert.ok((summary.pod.memory?.workingSetBytes ?? 0) > 0);
  assert.deepEqual(
    summary.pod.containers.map((x) => x.name),
    ['app'],
  );
});
