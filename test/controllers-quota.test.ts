// ResourceQuota and LimitRange through a real `kts server` and the real kubectl: the quota
// controller fills status, the API server's ResourceQuota admission rejects the pod beyond the
// limit (also under concurrent creates), deletions free quota again, and LimitRanger defaults
// and bounds container resources.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Client, connect, loadKubeconfig, PODS } from '../src/client/index.ts';
import { resourceQuotaController } from '../src/controllers/resourcequota/index.ts';
import { serviceAccountController } from '../src/controllers/serviceaccount/index.ts';
import { type RunningControllers, startControllers } from './support/controllers.ts';
import { type RunningServer, startServer } from './support/kts-server.ts';
import { kubectl, kubectlOk } from './support/kubectl.ts';
import { waitFor } from './support/wait.ts';

const LIMITS = `apiVersion: v1
kind: LimitRange
metadata: {name: limits}
spec:
  limits:
  - type: Container
    default: {cpu: 200m}
    defaultRequest: {cpu: 100m}
    max: {cpu: "1"}
`;

describe('resourcequota controller, ResourceQuota and LimitRanger admission', { timeout: 240_000 }, () => {
  let server: RunningServer;
  let controllers: RunningControllers;
  let client: Client;
  let closeClient: () => Promise<void>;
  let kc: string;
  const used = async (ns: string, name = 'q') =>
    JSON.parse(await kubectlOk(kc, ['get', 'quota', name, '-n', ns, '-o', 'json'])).status?.used ?? {};
  const namespace = async (ns: string) => {
    await kubectlOk(kc, ['create', 'namespace', ns]);
    await waitFor(
      `default ServiceAccount in ${ns}`,
      async () => (await kubectl(kc, ['get', 'sa', 'default', '-n', ns])).code === 0,
    );
  };

  before(async () => {
    server = await startServer();
    kc = server.kubeconfig;
    const conn = connect(loadKubeconfig(kc));
    client = conn.client;
    closeClient = conn.close;
    controllers = await startControllers(kc, [serviceAccountController, resourceQuotaController]);
  });
  after(async () => {
    await controllers?.stop();
    await closeClient?.();
    await server?.stop();
  });

  it('defaults and bounds container resources from the LimitRange', async () => {
    await namespace('lr');
    await kubectlOk(kc, ['apply', '-n', 'lr', '-f', '-'], { input: LIMITS });
    await kubectlOk(kc, ['run', 'plain', '-n', 'lr', '--image=nginx', '--restart=Never']);
    const pod = JSON.parse(await kubectlOk(kc, ['get', 'pod', 'plain', '-n', 'lr', '-o', 'json']));
    assert.deepEqual(pod.spec.containers[0].resources, {
      limits: { cpu: '200m' },
      requests: { cpu: '100m' },
    });
    assert.equal(
      pod.metadata.annotations['kubernetes.io/limit-ranger'],
      'LimitRanger plugin set: cpu request for container plain; cpu limit for container plain',
    );
    const big = await kubectl(kc, [
      'run',
      'big',
      '-n',
      'lr',
      '--image=nginx',
      '--restart=Never',
      '--overrides',
      JSON.stringify({
        spec: { containers: [{ name: 'big', image: 'nginx', resources: { limits: { cpu: '2' } } }] },
      }),
    ]);
    assert.notEqual(big.code, 0);
    assert.match(big.stderr, /pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2/);
  });

  it('rejects the pod beyond the quota, and frees quota when a pod goes', async () => {
    await namespace('quota');
    await kubectlOk(kc, ['apply', '-n', 'quota', '-f', '-'], { input: LIMITS });
    await kubectlOk(kc, [
      'create',
      'quota',
      'q',
      '-n',
      'quota',
      '--hard=pods=2,requests.cpu=1,count/configmaps=10',
    ]);
    await waitFor('quota status computed', async () => (await used('quota')).pods === '0');
    assert.deepEqual(await used('quota'), { 'count/configmaps': '0', pods: '0', 'requests.cpu': '0' });
    await kubectlOk(kc, ['create', 'configmap', 'c', '-n', 'quota']);
    await kubectlOk(kc, ['run', 'p1', '-n', 'quota', '--image=nginx', '--restart=Never']);
    await kubectlOk(kc, ['run', 'p2', '-n', 'quota', '--image=nginx', '--restart=Never']);
    assert.deepEqual(await used('quota'), { 'count/configmaps': '1', pods: '2', 'requests.cpu': '200m' });
    const third = await kubectl(kc, ['run', 'p3', '-n', 'quota', '--image=nginx', '--restart=Never']);
    assert.notEqual(third.code, 0);
    assert.equal(
      third.stderr.trim(),
      'Error from server (Forbidden): pods "p3" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2',
    );
    const describe = await kubectlOk(kc, ['describe', 'quota', 'q', '-n', 'quota']);
    assert.match(describe, /pods\s+2\s+2/);

    await kubectlOk(kc, ['delete', 'pod', 'p1', '-n', 'quota']);
    await waitFor('quota freed after the delete', async () => (await used('quota')).pods === '1');
    await kubectlOk(kc, ['run', 'p3', '-n', 'quota', '--image=nginx', '--restart=Never']);
  });

  it('asks pods to specify what the quota tracks', async () => {
    await namespace('needs');
    await kubectlOk(kc, ['create', 'quota', 'mem', '-n', 'needs', '--hard=requests.memory=1Gi']);
    await waitFor(
      'quota status computed',
      async () => (await used('needs', 'mem'))['requests.memory'] === '0',
    );
    const r = await kubectl(kc, ['run', 'nomem', '-n', 'needs', '--image=nginx', '--restart=Never']);
    assert.notEqual(r.code, 0);
    assert.match(
      r.stderr,
      /pods "nomem" is forbidden: failed quota: mem: must specify requests.memory for: nomem/,
    );
  });

  it('lets exactly the quota through when creates race', async () => {
    await namespace('race');
    await kubectlOk(kc, ['create', 'quota', 'q', '-n', 'race', '--hard=pods=3']);
    await waitFor('quota status computed', async () => (await used('race')).pods === '0');
    const pods = client.resource(PODS).namespace('race');
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        pods.create({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: `r${i}` },
          spec: { containers: [{ name: 'c', image: 'nginx' }] },
        } as never),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    assert.equal(ok, 3);
    for (const r of results)
      if (r.status === 'rejected')
        assert.match(
          String((r.reason as Error).message),
          /exceeded quota: q, requested: pods=1, used: pods=3, limited: pods=3/,
        );
    const listed = await pods.list();
    assert.equal(listed.items.length, 3);
    assert.equal((await used('race')).pods, '3');
  });
});
