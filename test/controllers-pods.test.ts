// Pod garbage collection and PodDisruptionBudgets through a real `kts server`: terminated pods
// beyond the threshold and pods of deleted nodes are removed; a budget's status follows its pods
// and the eviction API honours it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Client, connect, isTooManyRequests, loadKubeconfig, NODES, PODS } from '../src/client/index.ts';
import { disruptionController } from '../src/controllers/disruption/index.ts';
import { podGarbageCollector } from '../src/controllers/pod-garbage-collector/index.ts';
import { serviceAccountController } from '../src/controllers/serviceaccount/index.ts';
import { type RunningControllers, startControllers } from './support/controllers.ts';
import { type RunningServer, startServer } from './support/kts-server.ts';
import { kubectl, kubectlOk } from './support/kubectl.ts';
import { waitFor } from './support/wait.ts';

const NS = 'pods';
const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

interface PdbStatus {
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  disruptionsAllowed: number;
  observedGeneration?: number;
  disruptedPods?: Record<string, string>;
  conditions?: { type: string; status: string; reason: string; message: string }[];
}

describe('pod-garbage-collector and disruption controllers', { timeout: 240_000 }, () => {
  let server: RunningServer;
  let controllers: RunningControllers;
  let client: Client;
  let closeClient: () => Promise<void>;
  let kc: string;
  const pods = () => client.resource(PODS).namespace(NS);
  const createPod = async (
    name: string,
    o: {
      node?: string;
      labels?: Record<string, string>;
      owner?: { name: string; uid: string };
      phase?: string;
      ready?: boolean;
    } = {},
  ) => {
    await pods().create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: NS,
        labels: o.labels ?? {},
        ...(o.owner
          ? {
              ownerReferences: [
                {
                  apiVersion: 'apps/v1',
                  kind: 'ReplicaSet',
                  name: o.owner.name,
                  uid: o.owner.uid,
                  controller: true,
                },
              ],
            }
          : {}),
      },
      spec: { ...(o.node ? { nodeName: o.node } : {}), containers: [{ name: 'c', image: 'nginx' }] },
    } as never);
    if (o.phase) {
      const pod = await pods().get(name);
      const status = {
        phase: o.phase,
        conditions: [{ type: 'Ready', status: o.ready ? 'True' : 'False', lastTransitionTime: now() }],
      };
      await pods().updateStatus({ ...pod, status } as never);
    }
  };
  const exists = async (name: string) => (await kubectl(kc, ['get', 'pod', name, '-n', NS])).code === 0;
  const pdbStatus = async (name: string): Promise<PdbStatus> =>
    JSON.parse(await kubectlOk(kc, ['get', 'pdb', name, '-n', NS, '-o', 'json'])).status ?? {};

  before(async () => {
    server = await startServer();
    kc = server.kubeconfig;
    const conn = connect(loadKubeconfig(kc));
    client = conn.client;
    closeClient = conn.close;
    controllers = await startControllers(
      kc,
      [serviceAccountController, podGarbageCollector, disruptionController],
      {
        terminatedPodGCThreshold: 2,
        nodeMonitorGracePeriodMs: 1000,
      },
    );
    await kubectlOk(kc, ['create', 'namespace', NS]);
    await kubectlOk(kc, ['apply', '-f', '-'], {
      input: JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker' } }),
    });
    await waitFor(
      'default ServiceAccount',
      async () => (await kubectl(kc, ['get', 'sa', 'default', '-n', NS])).code === 0,
    );
  });
  after(async () => {
    await controllers?.stop();
    await closeClient?.();
    await server?.stop();
  });

  it('keeps at most the threshold of terminated pods, oldest removed first', async () => {
    await createPod('done-1', { phase: 'Succeeded' });
    await createPod('done-2', { phase: 'Failed' });
    await createPod('done-3', { phase: 'Succeeded' });
    await createPod('running', { phase: 'Running', ready: true });
    await waitFor('done-1 collected', async () => !(await exists('done-1')));
    assert.ok(await exists('done-2'));
    assert.ok(await exists('done-3'));
    assert.ok(await exists('running'));
  });

  it('removes the pods of a deleted node', async () => {
    await kubectlOk(kc, ['apply', '-f', '-'], {
      input: JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'doomed' } }),
    });
    await createPod('stranded', { node: 'doomed', phase: 'Running', ready: true });
    await createPod('safe', { node: 'worker', phase: 'Running', ready: true });
    await client.resource(NODES).delete('doomed');
    await waitFor('stranded pod collected', async () => !(await exists('stranded')));
    assert.ok(await exists('safe'));
  });

  it('computes a budget from its ReplicaSet, and the eviction API honours it', async () => {
    await kubectlOk(kc, ['apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'web', namespace: NS },
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'c', image: 'nginx' }] },
          },
        },
      }),
    });
    const uid = (
      await kubectlOk(kc, ['get', 'rs', 'web', '-n', NS, '-o', 'jsonpath={.metadata.uid}'])
    ).trim();
    for (const name of ['web-1', 'web-2', 'web-3'])
      await createPod(name, {
        node: 'worker',
        labels: { app: 'web' },
        owner: { name: 'web', uid },
        phase: 'Running',
        ready: true,
      });
    await kubectlOk(kc, ['create', 'pdb', 'web', '-n', NS, '--selector=app=web', '--max-unavailable=1']);
    await waitFor('budget status', async () => (await pdbStatus('web')).expectedPods === 3);
    const s = await pdbStatus('web');
    assert.deepEqual(
      [s.currentHealthy, s.desiredHealthy, s.expectedPods, s.disruptionsAllowed, s.observedGeneration],
      [3, 2, 3, 1, 1],
    );
    assert.deepEqual(
      s.conditions?.map((c) => [c.type, c.status, c.reason]),
      [['DisruptionAllowed', 'True', 'SufficientPods']],
    );
    const table = await kubectlOk(kc, ['get', 'pdb', 'web', '-n', NS]);
    assert.match(table, /web\s+N\/A\s+1\s+1\s+/);

    await pods().evict('web-1');
    await waitFor('budget exhausted after one eviction', async () => {
      const st = await pdbStatus('web');
      return st.currentHealthy === 2 && st.disruptionsAllowed === 0;
    });
    const after1 = await pdbStatus('web');
    assert.deepEqual(
      after1.conditions?.map((c) => [c.status, c.reason]),
      [['False', 'InsufficientPods']],
    );
    assert.equal(
      after1.disruptedPods?.['web-1'],
      undefined,
      'the evicted pod is being deleted: no longer tracked',
    );
    await assert.rejects(pods().evict('web-2'), (e: unknown) => isTooManyRequests(e));
  });

  it('fails safe when the pods have no controller', async () => {
    for (const name of ['lone-1', 'lone-2'])
      await createPod(name, { labels: { app: 'lone' }, node: 'worker', phase: 'Running', ready: true });
    await kubectlOk(kc, ['create', 'pdb', 'lone', '-n', NS, '--selector=app=lone', '--max-unavailable=1']);
    await waitFor(
      'SyncFailed condition',
      async () => (await pdbStatus('lone')).conditions?.[0]?.reason === 'SyncFailed',
    );
    const s = await pdbStatus('lone');
    assert.equal(s.disruptionsAllowed, 0);
    assert.match(s.conditions![0]!.message, /^found no controller ref for pod "lone-\d"$/);
    // With an absolute minAvailable the pods count themselves.
    await kubectlOk(kc, ['create', 'pdb', 'lone-min', '-n', NS, '--selector=app=lone', '--min-available=1']);
    await waitFor('lone-min allows one', async () => (await pdbStatus('lone-min')).disruptionsAllowed === 1);
  });
});
