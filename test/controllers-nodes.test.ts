// Node controllers through a real `kts server` with short periods: node-ipam gives nodes their
// /24s (also after a restart), node-lifecycle turns a node whose Lease stops being renewed
// Unknown and taints it, and the taint eviction controller deletes its pods by their
// tolerations. The test plays the kubelet: it registers nodes, posts their status and renews
// their Leases itself.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Client, connect, LEASES, loadKubeconfig, NODES, PODS } from '../src/client/index.ts';
import { nodeIpamController } from '../src/controllers/node-ipam/index.ts';
import { nodeLifecycleController } from '../src/controllers/node-lifecycle/index.ts';
import { serviceAccountController } from '../src/controllers/serviceaccount/index.ts';
import { taintEvictionController } from '../src/controllers/taint-eviction/index.ts';
import { type RunningControllers, startControllers } from './support/controllers.ts';
import { type RunningServer, startServer } from './support/kts-server.ts';
import { kubectl, kubectlOk } from './support/kubectl.ts';
import { waitFor } from './support/wait.ts';

const NS = 'nodes';
const GRACE_MS = 2000;
const microNow = () => new Date().toISOString().replace('Z', '000Z');
const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

interface NodeJson {
  spec: {
    podCIDR?: string;
    podCIDRs?: string[];
    taints?: { key: string; effect: string; timeAdded?: string }[];
  };
  status: { conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

describe('node-ipam, node-lifecycle and taint-eviction controllers', { timeout: 240_000 }, () => {
  let server: RunningServer;
  let controllers: RunningControllers | undefined;
  let client: Client;
  let closeClient: () => Promise<void>;
  let kc: string;
  const renewing = new Set<string>();
  let renewer: ReturnType<typeof setInterval> | undefined;

  const getNode = async (name: string): Promise<NodeJson> =>
    (await client.resource(NODES).get(name)) as NodeJson;
  const registerNode = async (name: string) => {
    await client.resource(NODES).create({ apiVersion: 'v1', kind: 'Node', metadata: { name } });
    const node = await client.resource(NODES).get(name);
    const ready = {
      type: 'Ready',
      status: 'True',
      reason: 'KubeletReady',
      message: 'kubelet is posting ready status',
      lastHeartbeatTime: now(),
      lastTransitionTime: now(),
    };
    await client.resource(NODES).updateStatus({
      ...node,
      metadata: { ...node.metadata, resourceVersion: undefined },
      status: { conditions: [ready] },
    } as never);
    await client
      .resource(LEASES)
      .namespace('kube-node-lease')
      .create({
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name, namespace: 'kube-node-lease' },
        spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: microNow() },
      } as never);
    renewing.add(name);
  };
  const renewLeases = async () => {
    for (const name of renewing) {
      await client
        .resource(LEASES)
        .namespace('kube-node-lease')
        .patch(name, 'merge', { spec: { renewTime: microNow() } })
        .catch(() => {});
    }
  };
  const createPod = async (name: string, node: string, tolerationSeconds?: number) => {
    const tolerations =
      tolerationSeconds === undefined
        ? []
        : [
            {
              key: 'node.kubernetes.io/unreachable',
              operator: 'Exists',
              effect: 'NoExecute',
              tolerationSeconds,
            },
          ];
    await client
      .resource(PODS)
      .namespace(NS)
      .create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: NS },
        spec: {
          nodeName: node,
          terminationGracePeriodSeconds: 0,
          tolerations,
          containers: [{ name: 'c', image: 'nginx' }],
        },
      } as never);
    const pod = await client.resource(PODS).namespace(NS).get(name);
    const status = {
      phase: 'Running',
      podIP: '10.42.0.50',
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now() }],
    };
    await client
      .resource(PODS)
      .namespace(NS)
      .updateStatus({ ...pod, status } as never);
  };
  const podExists = async (name: string) => (await kubectl(kc, ['get', 'pod', name, '-n', NS])).code === 0;

  before(async () => {
    server = await startServer();
    kc = server.kubeconfig;
    const conn = connect(loadKubeconfig(kc));
    client = conn.client;
    closeClient = conn.close;
    controllers = await startControllers(
      kc,
      [serviceAccountController, nodeIpamController, nodeLifecycleController, taintEvictionController],
      {
        nodeMonitorGracePeriodMs: GRACE_MS,
      },
    );
    renewer = setInterval(() => void renewLeases(), 300);
    await kubectlOk(kc, ['create', 'namespace', NS]);
    await waitFor(
      'default ServiceAccount',
      async () => (await kubectl(kc, ['get', 'sa', 'default', '-n', NS])).code === 0,
    );
  });
  after(async () => {
    if (renewer) clearInterval(renewer);
    await controllers?.stop();
    await closeClient?.();
    await server?.stop();
  });

  it('gives each node its own /24 of the cluster CIDR', async () => {
    await registerNode('n1');
    await registerNode('n2');
    await waitFor(
      'podCIDRs assigned',
      async () => !!(await getNode('n1')).spec.podCIDR && !!(await getNode('n2')).spec.podCIDR,
    );
    const [a, b] = [await getNode('n1'), await getNode('n2')];
    assert.match(a.spec.podCIDR!, /^10\.42\.\d+\.0\/24$/);
    assert.deepEqual(a.spec.podCIDRs, [a.spec.podCIDR]);
    assert.notEqual(a.spec.podCIDR, b.spec.podCIDR);
  });

  it('a node that stops renewing its Lease becomes Unknown, is tainted, and its pods go by their tolerations', async () => {
    await createPod('quick', 'n1', 0);
    await createPod('slow', 'n1', 3);
    await createPod('patient', 'n1');
    await createPod('elsewhere', 'n2', 0);
    // Healthy while the Lease is renewed, well past the grace period.
    await new Promise((r) => setTimeout(r, GRACE_MS * 2));
    assert.equal((await getNode('n1')).status.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
    assert.ok(await podExists('quick'));

    renewing.delete('n1');
    await waitFor(
      'n1 Ready=Unknown',
      async () =>
        (await getNode('n1')).status.conditions?.find((c) => c.type === 'Ready')?.status === 'Unknown',
    );
    const n1 = await getNode('n1');
    const ready = n1.status.conditions!.find((c) => c.type === 'Ready')!;
    assert.equal(ready.reason, 'NodeStatusUnknown');
    assert.equal(ready.message, 'Kubelet stopped posting node status.');
    assert.equal(
      n1.status.conditions!.find((c) => c.type === 'DiskPressure')?.reason,
      'NodeStatusNeverUpdated',
    );
    await waitFor('unreachable taints on n1', async () => {
      const taints = (await getNode('n1')).spec.taints ?? [];
      return ['NoExecute', 'NoSchedule'].every((e) =>
        taints.some((t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === e),
      );
    });

    await waitFor('quick evicted at once', async () => !(await podExists('quick')));
    await waitFor('slow evicted after its 3 s', async () => !(await podExists('slow')), 30_000);
    assert.ok(await podExists('patient'), 'the default 300 s toleration keeps patient');
    assert.ok(await podExists('elsewhere'), 'pods of the healthy node stay');
    const patient = JSON.parse(await kubectlOk(kc, ['get', 'pod', 'patient', '-n', NS, '-o', 'json']));
    assert.equal(patient.status.conditions.find((c: { type: string }) => c.type === 'Ready').status, 'False');
    assert.equal(
      patient.spec.tolerations.find((t: { key: string }) => t.key === 'node.kubernetes.io/unreachable')
        .tolerationSeconds,
      300,
    );
    const events = await kubectlOk(kc, ['get', 'events', '-A', '-o', 'json']);
    const reasons = (
      JSON.parse(events).items as { reason: string; message: string; involvedObject: { name: string } }[]
    ).map((e) => `${e.involvedObject.name}:${e.reason}:${e.message}`);
    assert.ok(reasons.includes('n1:NodeNotReady:Node n1 status is now: NodeNotReady'), reasons.join('\n'));
    assert.ok(reasons.includes('n1:RegisteredNode:Registered Node n1 in Controller'), reasons.join('\n'));
    assert.ok(
      reasons.includes(`quick:TaintManagerEviction:Marking for deletion Pod ${NS}/quick`),
      reasons.join('\n'),
    );
    assert.ok(reasons.includes('patient:NodeNotReady:Node is not ready'), reasons.join('\n'));
    assert.equal((await getNode('n2')).status.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
  });

  it('a node that comes back loses its taints; a NotReady one gets not-ready taints', async () => {
    const node = await client.resource(NODES).get('n1');
    const ready = {
      type: 'Ready',
      status: 'True',
      reason: 'KubeletReady',
      message: 'kubelet is posting ready status',
      lastHeartbeatTime: now(),
      lastTransitionTime: now(),
    };
    const others = ((node as NodeJson).status.conditions ?? [])
      .filter((c) => c.type !== 'Ready')
      .map((c) => ({ ...c, status: 'False' }));
    await client.resource(NODES).updateStatus({
      ...node,
      metadata: { ...node.metadata, resourceVersion: undefined },
      status: { ...(node as NodeJson).status, conditions: [ready, ...others] },
    } as never);
    renewing.add('n1');
    await waitFor(
      'taints removed from n1',
      async () => ((await getNode('n1')).spec.taints ?? []).length === 0,
    );
    assert.ok(await podExists('patient'));
    // A kubelet that reports NotReady gets the not-ready taints instead.
    const n2 = await client.resource(NODES).get('n2');
    const notReady = {
      type: 'Ready',
      status: 'False',
      reason: 'KubeletNotReady',
      message: 'container runtime is down',
      lastHeartbeatTime: now(),
      lastTransitionTime: now(),
    };
    await client.resource(NODES).updateStatus({
      ...n2,
      metadata: { ...n2.metadata, resourceVersion: undefined },
      status: { conditions: [notReady] },
    } as never);
    await waitFor('not-ready taints on n2', async () => {
      const taints = (await getNode('n2')).spec.taints ?? [];
      return ['NoExecute', 'NoSchedule'].every((e) =>
        taints.some((t) => t.key === 'node.kubernetes.io/not-ready' && t.effect === e),
      );
    });
    assert.ok(await podExists('elsewhere'), 'the default 300 s not-ready toleration keeps it');
  });

  it('keeps allocations across a restart', async () => {
    const before = [(await getNode('n1')).spec.podCIDR, (await getNode('n2')).spec.podCIDR];
    await controllers?.stop();
    controllers = await startControllers(kc, [nodeIpamController]);
    await registerNode('n3');
    await waitFor('podCIDR for n3', async () => !!(await getNode('n3')).spec.podCIDR);
    const c = (await getNode('n3')).spec.podCIDR!;
    assert.ok(!before.includes(c), `${c} is new`);
    assert.deepEqual([(await getNode('n1')).spec.podCIDR, (await getNode('n2')).spec.podCIDR], before);
  });
});
