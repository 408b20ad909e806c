// The kubelet end to end: a real `kts server --disable-agent`, a kts agent (kubelet + its own
// containerd, runc, CNI bridge) in this process and the real kubectl. Pods are bound with
// spec.nodeName (no scheduler here) and use only the offline-built busybox image. Before any
// traffic to a pod IP the test checks the kernel routes it to this agent's bridge.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cgroupExists } from '../src/kubelet/cgroups/cgroup-tree.ts';
import { POD_UID_LABEL } from '../src/kubelet/pod/labels.ts';
import { type E2ECluster, startE2ECluster } from './support/e2e-cluster.ts';
import { kubectl, kubectlEnv } from './support/kubectl.ts';

const LONG = { timeout: 120_000 };
const BUSYBOX = 'kts.local/busybox:1';
let c: E2ECluster;
const manifests = mkdtempSync(join(tmpdir(), 'kts-manifests-'));

before(async () => {
  c = await startE2ECluster('e2e', {
    podManifestPath: manifests,
    extra: { timings: { nodeStatusUpdateMs: 2000, runtimeDownThresholdMs: 4000 } },
  });
});

after(async () => {
  await c?.stop();
  rmSync(manifests, { recursive: true, force: true });
});

function podManifest(
  name: string,
  spec: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...extra },
    spec: { nodeName: c.agent.nodeName, terminationGracePeriodSeconds: 1, ...spec },
  });
}

async function running(name: string) {
  return c.waitFor(`${name} Running`, async () => {
    const p = await c.pod(name);
    return p.status.phase === 'Running' && p.status.containerStatuses?.every((s) => s.state.running)
      ? p
      : undefined;
  });
}

const httpd = (extra: Record<string, unknown> = {}) => ({
  name: 'web',
  image: BUSYBOX,
  imagePullPolicy: 'IfNotPresent',
  command: [
    'sh',
    '-c',
    'echo "hello from $(hostname)" > /var/www/index.html; echo started; exec httpd -f -p 80 -h /var/www',
  ],
  ...extra,
});

test('the node registers, becomes Ready and keeps its Lease', LONG, async () => {
  const node = await c.waitFor('node Ready', async () => {
    const n = JSON.parse(await c.k(['get', 'node', c.agent.nodeName, '-o', 'json']));
    const ready = n.status.conditions?.find((x: { type: string }) => x.type === 'Ready');
    return ready?.status === 'True' ? n : undefined;
  });
  assert.equal(node.metadata.labels['kubernetes.io/hostname'] !== undefined, true);
  assert.equal(node.metadata.labels['kubernetes.io/os'], 'linux');
  assert.equal(node.status.capacity.pods, '110');
  assert.ok(Number(node.status.capacity.cpu) >= 1);
  assert.match(node.status.capacity.memory, /^\d+Ki$|^\d+Mi$/);
  assert.deepEqual(node.status.addresses[0], { type: 'InternalIP', address: '127.0.0.1' });
  assert.match(node.status.nodeInfo.containerRuntimeVersion, /^containerd:\/\/1\.6/);
  assert.equal(node.status.nodeInfo.kubeletVersion, 'v1.32.4-kts.1');
  assert.equal(node.status.daemonEndpoints.kubeletEndpoint.Port, c.agent.agent.kubelet.port);
  assert.equal(node.spec.podCIDR, c.agent.podCIDR);
  const reasons = Object.fromEntries(
    node.status.conditions.map((x: { type: string; reason: string }) => [x.type, x.reason]),
  );
  assert.deepEqual(reasons, {
    MemoryPressure: 'KubeletHasSufficientMemory',
    DiskPressure: 'KubeletHasNoDiskPressure',
    PIDPressure: 'KubeletHasSufficientPID',
    Ready: 'KubeletReady',
  });
  assert.ok(node.status.images.some((i: { names: string[] }) => i.names.includes(BUSYBOX)));
  const lease = JSON.parse(
    await c.k(['get', 'lease', '-n', 'kube-node-lease', c.agent.nodeName, '-o', 'json']),
  );
  assert.equal(lease.spec.holderIdentity, c.agent.nodeName);
  assert.equal(lease.spec.leaseDurationSeconds, 40);
  assert.equal(lease.metadata.ownerReferences[0].uid, node.metadata.uid);
});

test('an httpd pod reaches Running and the host gets its page on the pod IP', LONG, async () => {
  await c.k(['create', '-f', '-'], podManifest('web', { containers: [httpd()] }));
  const pod = await running('web');
  assert.equal(pod.status.qosClass, 'BestEffort');
  assert.equal(pod.status.hostIP, '127.0.0.1');
  const conditions = Object.fromEntries((pod.status.conditions ?? []).map((x) => [x.type, x.status]));
  assert.deepEqual(conditions, {
    PodReadyToStartContainers: 'True',
    Initialized: 'True',
    Ready: 'True',
    ContainersReady: 'True',
    PodScheduled: 'True',
  });
  const ip = pod.status.podIP!;
  await c.agent.assertOnBridge(ip);
  const page = await c.waitFor('the page', async () => {
    const res = await fetch(`http://${ip}/`, { signal: AbortSignal.timeout(3000) });
    return res.ok ? res.text() : undefined;
  });
  assert.equal(page, 'hello from web\n');
  const events = await c.k(['get', 'events', '--field-selector', 'involvedObject.name=web', '-o', 'json']);
  const messages = JSON.parse(events).items.map(
    (e: { reason: string; message: string }) => `${e.reason}: ${e.message}`,
  );
  assert.ok(
    messages.includes(`Pulled: Container image "${BUSYBOX}" already present on machine`),
    messages.join('\n'),
  );
  assert.ok(messages.includes('Created: Created container: web'));
  assert.ok(messages.includes('Started: Started container web'));
});

test('two containers in one pod talk over localhost; logs of each', LONG, async () => {
  await c.k(
    ['create', '-f', '-'],
    podManifest('duo', {
      containers: [
        httpd(),
        {
          name: 'client',
          image: BUSYBOX,
          command: [
            'sh',
            '-c',
            'until wget -qO- http://localhost/ 2>/dev/null; do sleep 0.2; done; echo fetched; exec sleep 3600',
          ],
        },
      ],
    }),
  );
  await running('duo');
  const log = await c.waitFor('the client to fetch', async () => {
    const text = await c.k(['logs', 'duo', '-c', 'client']);
    return text.includes('fetched') ? text : undefined;
  });
  assert.match(log, /^hello from duo\nfetched\n$/);
  assert.equal(await c.k(['logs', 'duo', '-c', 'web']), 'started\n');
  assert.equal(await c.k(['logs', 'duo', '-c', 'client', '--tail=1']), 'fetched\n');
  assert.match(
    await c.k(['logs', 'duo', '-c', 'web', '--timestamps']),
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z started\n$/,
  );
  const noContainer = await kubectl(c.kubeconfig, ['-n', 'e2e', 'logs', 'duo']);
  assert.match(noContainer.stderr, /Defaulted container "web" out of: web, client/);
  const bad = await kubectl(c.kubeconfig, ['-n', 'e2e', 'logs', 'duo', '-c', 'nope']);
  assert.match(bad.stderr, /container nope is not valid for pod duo/);
});

test('kubectl logs -f follows the output', LONG, async () => {
  await c.k(
    ['create', '-f', '-'],
    podManifest('ticker', {
      containers: [
        {
          name: 'tick',
          image: BUSYBOX,
          command: ['sh', '-c', 'i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.3; done'],
        },
      ],
    }),
  );
  await running('ticker');
  const follow = spawn('/usr/bin/kubectl', ['-n', 'e2e', 'logs', '-f', 'ticker'], {
    env: { ...process.env, ...kubectlEnv(c.kubeconfig) },
  });
  let out = '';
  follow.stdout.on('data', (d) => (out += d));
  try {
    await c.waitFor('three followed lines', async () => (out.includes('tick 3') ? out : undefined), 20_000);
  } finally {
    follow.kill();
  }
  assert.match(out, /^tick 0\ntick 1\ntick 2\ntick 3\n/);
});

test('exec: a command, stdin, an exit code, a tty, and cp both ways', LONG, async () => {
  const hi = await kubectl(c.kubeconfig, ['-n', 'e2e', 'exec', 'web', '--', 'echo', 'hi']);
  assert.equal(hi.code, 0, hi.stderr);
  assert.equal(hi.stdout, 'hi\n');
  const cat = await kubectl(
    c.kubeconfig,
    ['-n', 'e2e', 'exec', '-i', 'web', '--', 'sh', '-c', 'cat; echo done'],
    {
      input: 'from stdin\n',
    },
  );
  assert.equal(cat.stdout, 'from stdin\ndone\n');
  const failed = await kubectl(c.kubeconfig, [
    '-n',
    'e2e',
    'exec',
    'web',
    '--',
    'sh',
    '-c',
    'echo oops >&2; exit 3',
  ]);
  assert.equal(failed.code, 3);
  assert.match(failed.stderr, /oops\ncommand terminated with exit code 3/);
  // -it needs a terminal on kubectl's side: `script` gives it one.
  const tty = spawn(
    'script',
    ['-qec', `kubectl -n e2e exec -it web -- sh -c 'tty; echo interactive'`, '/dev/null'],
    {
      env: { ...process.env, ...kubectlEnv(c.kubeconfig) },
    },
  );
  let ttyOut = '';
  tty.stdout.on('data', (d) => (ttyOut += d));
  const code = await new Promise((resolve) => tty.on('exit', resolve));
  assert.equal(code, 0, ttyOut);
  assert.match(ttyOut, /\/dev\/pts\/\d+/);
  assert.match(ttyOut, /interactive/);

  const local = mkdtempSync(join(tmpdir(), 'kts-cp-'));
  try {
    writeFileSync(join(local, 'up.txt'), 'uploaded\n');
    await c.k(['cp', join(local, 'up.txt'), 'e2e/web:/tmp/up.txt']);
    assert.equal(await c.k(['exec', 'web', '--', 'cat', '/tmp/up.txt']), 'uploaded\n');
    await c.k(['cp', 'e2e/web:/var/www/index.html', join(local, 'down.html')]);
    assert.equal(readFileSync(join(local, 'down.html'), 'utf8'), 'hello from web\n');
  } finally {
    rmSync(local, { recursive: true, force: true });
  }
});

test('attach relays a container stdin and output', LONG, async () => {
  await c.k(
    ['create', '-f', '-'],
    podManifest('reader', {
      restartPolicy: 'Never',
      containers: [
        {
          name: 'r',
          image: BUSYBOX,
          stdin: true,
          stdinOnce: true,
          command: ['sh', '-c', 'read line; echo "got $line"'],
        },
      ],
    }),
  );
  await running('reader');
  const r = await kubectl(c.kubeconfig, ['-n', 'e2e', 'attach', '-i', 'reader'], { input: 'ping\n' });
  assert.match(r.stdout, /got ping/);
  const done = await c.waitFor('reader Succeeded', async () => {
    const p = await c.pod('reader');
    return p.status.phase === 'Succeeded' ? p : undefined;
  });
  assert.equal(done.status.containerStatuses?.[0]?.state.terminated?.reason, 'Completed');
});

for (const [tunnel, env] of [
  ['WebSocket', {}],
  ['SPDY', { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' }],
] as const)
  test(`port-forward reaches the pod (${tunnel})`, LONG, async () => {
    const pf = spawn('/usr/bin/kubectl', ['-n', 'e2e', 'port-forward', 'pod/web', '0:80'], {
      env: { ...process.env, ...kubectlEnv(c.kubeconfig), ...env },
    });
    let out = '';
    pf.stdout.on('data', (d) => (out += d));
    pf.stderr.on('data', (d) => (out += d));
    try {
      const port = await c.waitFor(
        'port-forward to listen',
        async () => {
          const m = /127\.0\.0\.1:(\d+) -> 80/.exec(out);
          return m ? Number(m[1]) : undefined;
        },
        30_000,
      );
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`http://127.0.0.1:${port}/`);
        assert.equal(await res.text(), 'hello from web\n');
      }
    } finally {
      pf.kill();
    }
  });

test('configMap and secret volumes appear in the container and follow updates', LONG, async () => {
  await c.k(['create', 'configmap', 'settings', '--from-literal=color=blue', '--from-literal=size=big']);
  await c.k(['create', 'secret', 'generic', 'creds', '--from-literal=password=s3cret']);
  await c.k(
    ['create', '-f', '-'],
    podManifest('vols', {
      containers: [
        {
          name: 'app',
          image: BUSYBOX,
          command: ['sleep', '3600'],
          env: [{ name: 'COLOR', valueFrom: { configMapKeyRef: { name: 'settings', key: 'color' } } }],
          volumeMounts: [
            { name: 'cfg', mountPath: '/etc/cfg' },
            { name: 'sec', mountPath: '/etc/sec', readOnly: true },
            { name: 'info', mountPath: '/etc/info' },
            { name: 'scratch', mountPath: '/scratch' },
          ],
        },
      ],
      volumes: [
        { name: 'cfg', configMap: { name: 'settings', items: [{ key: 'color', path: 'color.txt' }] } },
        { name: 'sec', secret: { secretName: 'creds', defaultMode: 0o400 } },
        {
          name: 'info',
          downwardAPI: { items: [{ path: 'name', fieldRef: { fieldPath: 'metadata.name' } }] },
        },
        { name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } },
      ],
    }),
  );
  await running('vols');
  assert.equal(await c.k(['exec', 'vols', '--', 'cat', '/etc/cfg/color.txt']), 'blue');
  assert.equal(await c.k(['exec', 'vols', '--', 'cat', '/etc/sec/password']), 's3cret');
  assert.equal(await c.k(['exec', 'vols', '--', 'stat', '-L', '-c', '%a', '/etc/sec/password']), '400\n');
  assert.equal(await c.k(['exec', 'vols', '--', 'cat', '/etc/info/name']), 'vols');
  assert.equal(await c.k(['exec', 'vols', '--', 'sh', '-c', 'echo $COLOR']), 'blue\n');
  assert.match(await c.k(['exec', 'vols', '--', 'sh', '-c', 'grep " /scratch " /proc/mounts']), /tmpfs/);
  assert.match(
    await c.k(['exec', 'vols', '--', 'ls', '/var/run/secrets/kubernetes.io/serviceaccount']),
    /ca\.crt\nnamespace/,
  );
  await c.k(['patch', 'configmap', 'settings', '--type=merge', '-p', '{"data":{"color":"green"}}']);
  await c.waitFor('the updated value', async () =>
    (await c.k(['exec', 'vols', '--', 'cat', '/etc/cfg/color.txt'])) === 'green' ? true : undefined,
  );
});

test('a failing liveness probe restarts the container; --previous shows its logs', LONG, async () => {
  await c.k(
    ['create', '-f', '-'],
    podManifest('live', {
      containers: [
        httpd({
          command: ['sh', '-c', 'echo generation $RANDOM; exec httpd -f -p 80 -h /var/www'],
          livenessProbe: { httpGet: { path: '/healthz', port: 80 }, periodSeconds: 1, failureThreshold: 2 },
        }),
      ],
    }),
  );
  const pod = await c.waitFor('restartCount 1', async () => {
    const p = await c.pod('live');
    const s = p.status.containerStatuses?.[0];
    return s && s.restartCount >= 1 && s.state.running ? p : undefined;
  });
  assert.equal(pod.status.containerStatuses?.[0]?.restartCount, 1);
  const previous = await c.k(['logs', 'live', '--previous']);
  assert.match(previous, /^generation \d+\n/);
  const events = JSON.parse(
    await c.k(['get', 'events', '--field-selector', 'involvedObject.name=live', '-o', 'json']),
  );
  const texts = events.items.map((e: { reason: string; message: string }) => `${e.reason}: ${e.message}`);
  assert.ok(
    texts.some((t: string) =>
      t.startsWith('Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 404'),
    ),
    texts.join('\n'),
  );
  assert.ok(
    texts.includes('Killing: Container web failed liveness probe, will be restarted'),
    texts.join('\n'),
  );
});

test('a crashing container goes to CrashLoopBackOff', LONG, async () => {
  await c.k(
    ['create', '-f', '-'],
    podManifest('crash', {
      containers: [{ name: 'c', image: BUSYBOX, command: ['sh', '-c', 'echo bye; exit 2'] }],
    }),
  );
  const pod = await c.waitFor('CrashLoopBackOff', async () => {
    const p = await c.pod('crash');
    return p.status.containerStatuses?.[0]?.state.waiting?.reason === 'CrashLoopBackOff' ? p : undefined;
  });
  const s = pod.status.containerStatuses![0]!;
  assert.match(s.state.waiting!.message!, /^back-off 10s restarting failed container=c pod=crash_e2e\(/);
  assert.equal(s.lastState?.terminated?.exitCode, 2);
  assert.equal(s.lastState?.terminated?.reason, 'Error');
  assert.equal(pod.status.phase, 'Running');
  const get = await c.k(['get', 'pod', 'crash']);
  assert.match(get, /CrashLoopBackOff/);
});

test('an image that is not present with pull policy Never: ErrImageNeverPull', LONG, async () => {
  await c.k(
    ['create', '-f', '-'],
    podManifest('never', {
      containers: [{ name: 'c', image: 'kts.local/not-here:1', imagePullPolicy: 'Never' }],
    }),
  );
  const pod = await c.waitFor('ErrImageNeverPull', async () => {
    const p = await c.pod('never');
    return p.status.containerStatuses?.[0]?.state.waiting?.reason === 'ErrImageNeverPull' ? p : undefined;
  });
  assert.equal(
    pod.status.containerStatuses![0]!.state.waiting!.message,
    'Container image "kts.local/not-here:1" is not present with pull policy of Never',
  );
  assert.equal(pod.status.phase, 'Pending');
  const logs = await kubectl(c.kubeconfig, ['-n', 'e2e', 'logs', 'never']);
  assert.match(logs.stderr, /container "c" in pod "never" is waiting to start: ErrImageNeverPull/);
});

test('a static pod runs and appears as a mirror pod', LONG, async () => {
  writeFileSync(
    join(manifests, 'static-web.yaml'),
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: static-web\n  namespace: e2e\nspec:\n  terminationGracePeriodSeconds: 1\n  containers:\n  - name: web\n    image: ${BUSYBOX}\n    command: ["sleep", "3600"]\n`,
  );
  const name = `static-web-${c.agent.nodeName}`;
  const mirror = await c.waitFor('the mirror pod Running', async () => {
    const p = await c.pod(name).catch(() => undefined);
    return p?.status.phase === 'Running' ? p : undefined;
  });
  assert.ok(mirror.metadata.annotations?.['kubernetes.io/config.mirror']);
  assert.equal(mirror.metadata.annotations?.['kubernetes.io/config.source'], 'file');
  assert.deepEqual(
    (mirror.metadata.ownerReferences as { kind: string; name: string }[]).map((o) => [o.kind, o.name]),
    [['Node', c.agent.nodeName]],
  );
  // A deleted mirror pod comes back; the static pod keeps running.
  await c.k(['delete', 'pod', name, '--wait=false']);
  await c.waitFor('the mirror pod again', async () => {
    const p = await c.pod(name).catch(() => undefined);
    return p && p.metadata.uid !== mirror.metadata.uid ? p : undefined;
  });
  rmSync(join(manifests, 'static-web.yaml'));
  await c.waitFor('the mirror pod to go', async () =>
    (await kubectl(c.kubeconfig, ['-n', 'e2e', 'get', 'pod', name])).code !== 0 ? true : undefined,
  );
});

test('a kubelet restart adopts running pods: same containers, no duplicates', LONG, async () => {
  const before = await running('web');
  const cri = c.agent.agent.runtime.cri;
  const containersBefore = (
    await cri.listContainers({ labelSelector: { [POD_UID_LABEL]: before.metadata.uid } })
  )
    .map((x) => x.id)
    .sort();
  const sandboxesBefore = (
    await cri.listPodSandbox({ labelSelector: { [POD_UID_LABEL]: before.metadata.uid } })
  ).map((x) => x.id);
  await c.agent.agent.restartKubelet();
  await c.k(['label', 'pod', 'web', 'poked=yes']);
  await c.waitFor('the new kubelet to report', async () => {
    const n = JSON.parse(await c.k(['get', 'node', c.agent.nodeName, '-o', 'json']));
    return n.status.daemonEndpoints.kubeletEndpoint.Port === c.agent.agent.kubelet.port ? true : undefined;
  });
  await new Promise((r) => setTimeout(r, 3000));
  const after = await running('web');
  assert.equal(after.status.containerStatuses?.[0]?.restartCount, 0);
  assert.deepEqual(
    (await cri.listContainers({ labelSelector: { [POD_UID_LABEL]: before.metadata.uid } }))
      .map((x) => x.id)
      .sort(),
    containersBefore,
  );
  assert.deepEqual(
    (await cri.listPodSandbox({ labelSelector: { [POD_UID_LABEL]: before.metadata.uid } })).map((x) => x.id),
    sandboxesBefore,
  );
  assert.equal(await c.k(['exec', 'web', '--', 'echo', 'still here']), 'still here\n');
});

test('containerd down: the node goes NotReady and recovers; pods untouched', LONG, async () => {
  const supervisor = c.agent.agent.runtime.supervisor!;
  const pod = await running('web');
  await supervisor.stop();
  try {
    const notReady = await c.waitFor('NotReady', async () => {
      const n = JSON.parse(await c.k(['get', 'node', c.agent.nodeName, '-o', 'json']));
      const ready = n.status.conditions.find((x: { type: string }) => x.type === 'Ready');
      return ready.status === 'False' ? ready : undefined;
    });
    assert.equal(notReady.reason, 'KubeletNotReady');
    assert.match(notReady.message, /container runtime is down/);
    await c.agent.assertOnBridge(pod.status.podIP!);
    assert.equal(await (await fetch(`http://${pod.status.podIP}/`)).text(), 'hello from web\n');
  } finally {
    await supervisor.start();
  }
  await c.waitFor('Ready again', async () => {
    const n = JSON.parse(await c.k(['get', 'node', c.agent.nodeName, '-o', 'json']));
    return n.status.conditions.find((x: { type: string }) => x.type === 'Ready').status === 'True'
      ? true
      : undefined;
  });
  const after = await running('web');
  assert.equal(after.status.containerStatuses?.[0]?.restartCount, 0);
});

test(
  'deleting a pod stops it gracefully and removes its containers, sandbox, netns and cgroup',
  LONG,
  async () => {
    const pod = await running('web');
    const uid = pod.metadata.uid;
    const cri = c.agent.agent.runtime.cri;
    const netnsDir = join(c.agent.base, 'run', 'io.containerd.grpc.v1.cri', 'netns');
    const [sandbox] = await cri.listPodSandbox({ labelSelector: { [POD_UID_LABEL]: uid } });
    const netnsBefore = readdirSync(netnsDir).length;
    await c.k(['delete', 'pod', 'web']);
    assert.equal((await kubectl(c.kubeconfig, ['-n', 'e2e', 'get', 'pod', 'web'])).code, 1);
    assert.deepEqual(await cri.listContainers({ labelSelector: { [POD_UID_LABEL]: uid } }), []);
    assert.deepEqual(await cri.listPodSandbox({ labelSelector: { [POD_UID_LABEL]: uid } }), []);
    assert.ok(sandbox);
    assert.equal(readdirSync(netnsDir).length, netnsBefore - 1);
    assert.equal(cgroupExists(`${c.agent.podsCgroup}/besteffort/pod${uid}`), false);
    assert.equal(existsSync(join(c.agent.base, 'agent', 'kubelet', 'pods', uid)), false);
    const events = JSON.parse(
      await c.k(['get', 'events', '--field-selector', 'involvedObject.name=web', '-o', 'json']),
    );
    assert.ok(
      events.items.some(
        (e: { reason: string; message: string }) =>
          e.reason === 'Killing' && e.message === 'Stopping container web',
      ),
    );
  },
);

test('everything is removed when the agent is cleaned up', LONG, async () => {
  for (const name of ['duo', 'ticker', 'vols', 'live', 'crash', 'never', 'reader'])
    await c.k(['delete', 'pod', name, '--wait=false', '--ignore-not-found']);
  await c.waitFor('all pods gone', async () =>
    (await c.k(['get', 'pods', '-o', 'name'])).trim() === '' ? true : undefined,
  );
  // Once a pod's API object is gone the kubelet removes its sandboxes, containers and cgroups
  // (kubectl logs reads a terminated pod's containers until then).
  const left = await c
    .waitFor('sandboxes removed', async () => {
      const sandboxes = await c.agent.agent.runtime.cri.listPodSandbox();
      return sandboxes.length === 0 ? sandboxes : undefined;
    })
    .catch(async () => c.agent.agent.runtime.cri.listPodSandbox());
  assert.deepEqual(
    left.map((s) => `${s.metadata?.name} ${s.state}`),
    [],
    await c.k(['get', 'events', '--sort-by=.lastTimestamp']),
  );
  await c.agent.cleanup();
  assert.deepEqual(await c.agent.leftovers(), []);
  mkdirSync(manifests, { recursive: true });
});
