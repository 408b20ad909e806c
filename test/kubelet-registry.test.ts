// Pulls from a registry, end to end: a real `kts server --disable-agent`, a test agent (kubelet +
// its own containerd) and two registries this test runs on 127.0.0.1 (one open, one behind
// htpasswd auth) holding kts's offline-built busybox. The agent reaches them through hosts.toml
// files in its containerd registry config dir; no traffic leaves loopback.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildBusyboxImage } from '../src/kubelet/images/builtin-images.ts';
import { type E2ECluster, startE2ECluster } from './support/e2e-cluster.ts';
import { startTestRegistry, type TestRegistry } from './support/registry.ts';

const LONG = { timeout: 120_000 };
let c: E2ECluster;
let open: TestRegistry;
let guarded: TestRegistry;
let openImage: string;
let guardedImage: string;

before(async () => {
  open = await startTestRegistry();
  guarded = await startTestRegistry({ credentials: { username: 'kts', password: 'pull-s3cret' } });
  const busybox = buildBusyboxImage().archive;
  openImage = await open.push(busybox, 'test/busybox:1');
  guardedImage = await guarded.push(busybox, 'private/busybox:1');
  c = await startE2ECluster('registry');
  const dir = c.agent.agent.runtime.layout?.registryConfigDir;
  assert.ok(dir, 'the test agent runs its own containerd');
  open.configureAgent(dir);
  guarded.configureAgent(dir);
});

after(async () => {
  await c?.stop();
  await open?.stop();
  await guarded?.stop();
});

async function createPod(name: string, image: string, extra: Record<string, unknown> = {}) {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      nodeName: c.agent.nodeName,
      terminationGracePeriodSeconds: 1,
      containers: [
        {
          name: 'main',
          image,
          imagePullPolicy: 'Always',
          command: ['sh', '-c', `echo pulled ${name}; exec sleep 3600`],
        },
      ],
      ...extra,
    },
  };
  await c.k(['create', '-f', '-'], JSON.stringify(pod));
}

async function running(name: string) {
  try {
    return await c.waitFor(`${name} Running`, async () => {
      const p = await c.pod(name);
      return p.status.phase === 'Running' && p.status.containerStatuses?.every((s) => s.state.running)
        ? p
        : undefined;
    });
  } catch (err) {
    // Say why: the pull events carry the runtime's error.
    const seen = (await events(name)).map((e) => `${e.reason}: ${e.message}`);
    throw new Error(`${(err as Error).message}; events: ${JSON.stringify(seen)}`);
  }
}

/** The container's waiting reason once it is one of `reasons`. */
async function waitingFor(name: string, reasons: string[]) {
  return c.waitFor(`${name} waiting with ${reasons.join('/')}`, async () => {
    const p = await c.pod(name);
    const waiting = p.status.containerStatuses?.[0]?.state.waiting;
    return waiting?.reason && reasons.includes(waiting.reason) ? waiting : undefined;
  });
}

async function events(name: string): Promise<{ type: string; reason: string; message: string }[]> {
  const list = await c.k(['get', 'events', '--field-selector', `involvedObject.name=${name}`, '-o', 'json']);
  return JSON.parse(list).items;
}

async function eventMatching(name: string, reason: string, pattern: RegExp) {
  return c.waitFor(`${name} event ${reason} ${pattern}`, async () =>
    (await events(name)).find((e) => e.reason === reason && pattern.test(e.message)),
  );
}

/** A dockerconfigjson Secret with the guarded registry's credentials. */
async function createGuardedPullSecret(name: string) {
  const { username, password } = guarded.credentials!;
  await c.k([
    'create',
    'secret',
    'docker-registry',
    name,
    `--docker-server=${guarded.host}`,
    `--docker-username=${username}`,
    `--docker-password=${password}`,
  ]);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('imagePullPolicy Always pulls from the registry; the pod runs the pulled image', LONG, async () => {
  await createPod('always', openImage);
  const pod = await running('always');
  assert.equal(pod.status.containerStatuses?.[0]?.restartCount, 0);
  const pulled = await eventMatching(
    'always',
    'Pulled',
    new RegExp(
      `^Successfully pulled image "${escapeRegExp(openImage)}" in [0-9.]+m?s \\([0-9.]+m?s including waiting\\)\\. Image size: [1-9][0-9]* bytes\\.$`,
    ),
  );
  assert.equal(pulled.type, 'Normal');
  assert.ok(
    (await events('always')).some(
      (e) => e.reason === 'Pulling' && e.message === `Pulling image "${openImage}"`,
    ),
  );
  const logs = await c.waitFor('always logs', async () => {
    const out = await c.k(['logs', 'always']);
    return out.includes('pulled always') ? out : undefined;
  });
  assert.equal(logs.trim(), 'pulled always');
  // The runtime now has the image under the registry's name.
  const status = await c.agent.agent.runtime.cri.imageStatus({ image: openImage });
  assert.ok(status?.repoTags?.includes(openImage), JSON.stringify(status?.repoTags));
});

test('a tag the registry does not have: ErrImagePull, then ImagePullBackOff', LONG, async () => {
  const missing = `${open.host}/test/busybox:no-such-tag`;
  await createPod('missing', missing);
  const failed = await eventMatching('missing', 'Failed', /^Failed to pull image /);
  assert.equal(failed.type, 'Warning');
  assert.ok(failed.message.startsWith(`Failed to pull image "${missing}": `), failed.message);
  assert.match(failed.message, /not found/);
  const waiting = await waitingFor('missing', ['ErrImagePull', 'ImagePullBackOff']);
  assert.ok(waiting.message, 'the waiting state says why');
  await waitingFor('missing', ['ImagePullBackOff']);
  await eventMatching(
    'missing',
    'BackOff',
    new RegExp(`^Back-off pulling image "${escapeRegExp(missing)}"$`),
  );
  assert.equal((await c.pod('missing')).status.phase, 'Pending');
});

test('a registry that requires auth: refused without a pull secret', LONG, async () => {
  await createPod('no-secret', guardedImage);
  const failed = await eventMatching('no-secret', 'Failed', /^Failed to pull image /);
  assert.match(failed.message, /401 Unauthorized|unauthorized/i);
  await waitingFor('no-secret', ['ErrImagePull', 'ImagePullBackOff']);
  assert.equal((await c.pod('no-secret')).status.phase, 'Pending');
});

test(
  'a registry that requires auth: pulls with a dockerconfigjson secret in imagePullSecrets',
  LONG,
  async () => {
    await createGuardedPullSecret('regcred');
    await createPod('with-secret', guardedImage, { imagePullSecrets: [{ name: 'regcred' }] });
    await running('with-secret');
    await eventMatching(
      'with-secret',
      'Pulled',
      new RegExp(`^Successfully pulled image "${escapeRegExp(guardedImage)}" in `),
    );
    const logs = await c.waitFor('with-secret logs', async () => {
      const out = await c.k(['logs', 'with-secret']);
      return out.includes('pulled with-secret') ? out : undefined;
    });
    assert.equal(logs.trim(), 'pulled with-secret');
  },
);

test(
  "a registry that requires auth: pulls with the pod's ServiceAccount's imagePullSecrets",
  LONG,
  async () => {
    await createGuardedPullSecret('robot-regcred');
    await c.k(['create', 'serviceaccount', 'robot']);
    await c.k(['patch', 'serviceaccount', 'robot', '-p', '{"imagePullSecrets":[{"name":"robot-regcred"}]}']);
    await createPod('as-robot', guardedImage, { serviceAccountName: 'robot' });
    // The ServiceAccount admission plugin copied the account's secret into the pod.
    assert.deepEqual((await c.pod('as-robot')).spec.imagePullSecrets, [{ name: 'robot-regcred' }]);
    await running('as-robot');
    const logs = await c.waitFor('as-robot logs', async () => {
      const out = await c.k(['logs', 'as-robot']);
      return out.includes('pulled as-robot') ? out : undefined;
    });
    assert.equal(logs.trim(), 'pulled as-robot');
  },
);
