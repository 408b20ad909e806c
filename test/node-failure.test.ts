// A node that dies: its hollow-node process is killed (SIGKILL, so its Lease is never renewed
// again), the node lifecycle controller marks it Unknown and taints it unreachable, the taint
// eviction controller deletes its pods once their toleration runs out, and the Deployment's
// ReplicaSet replaces them on the nodes that are left, through the real scheduler.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startWorkloadCluster, type WorkloadCluster } from './support/cluster.ts';
import { kubectlOk } from './support/kubectl.ts';
import { waitFor } from './support/wait.ts';

const NS = 'node-failure';

// Preferred anti-affinity spreads the three replicas one per node while all three live, and
// still lets the replacement share a node once one is gone. The explicit unreachable
// toleration (0 s instead of the admission default of 300 s) makes eviction immediate.
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: spread
spec:
  replicas: 3
  selector:
    matchLabels: {app: spread}
  template:
    metadata:
      labels: {app: spread}
    spec:
      tolerations:
      - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 0}
      - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 0}
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 100
            podAffinityTerm:
              topologyKey: kubernetes.io/hostname
              labelSelector:
                matchLabels: {app: spread}
      containers:
      - name: app
        image: registry.k8s.io/pause:3.10
`;

interface PodView {
  metadata: { name: string; deletionTimestamp?: string };
  spec: { nodeName?: string };
  status: { phase?: string; conditions?: { type: string; status: string }[] };
}

const ready = (p: PodView) =>
  !p.metadata.deletionTimestamp &&
  !!p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

describe('node failure', { timeout: 300_000 }, () => {
  let c: WorkloadCluster;
  let kc: string;
  before(async () => {
    // Hollow nodes renew their Lease every 10 s; 20 s of silence makes a node Unknown.
    c = await startWorkloadCluster({ nodes: 2, managerArgs: ['--node-monitor-grace-period', '20s'] });
    kc = c.kubeconfig;
    await c.namespace(NS);
  });
  after(async () => {
    await c?.stop();
  });

  it('a node that stops heartbeating loses its pods, and they are recreated on the other nodes', async () => {
    const doomed = await c.addHollowNodes(1, 2);
    await kubectlOk(kc, ['-n', NS, 'apply', '-f', '-'], { input: DEPLOYMENT });
    await kubectlOk(kc, ['-n', NS, 'rollout', 'status', 'deployment/spread', '--timeout=90s']);
    const before = (await c.list(NS, 'pods', 'app=spread')) as PodView[];
    const nodes = new Set(before.map((p) => p.spec.nodeName));
    assert.equal(nodes.size, 3, `one replica per node: ${before.map((p) => p.spec.nodeName).join(' ')}`);
    const lost = before.find((p) => p.spec.nodeName === 'hollow-node-2');
    assert.ok(lost, 'a replica runs on the node that will die');

    await doomed.kill();
    await waitFor(
      'hollow-node-2 Ready=Unknown with the unreachable taint',
      async () => {
        const node = JSON.parse(await kubectlOk(kc, ['get', 'node', 'hollow-node-2', '-o', 'json']));
        const readyCondition = node.status.conditions.find((x: { type: string }) => x.type === 'Ready');
        const tainted = (node.spec.taints ?? []).some(
          (t: { key: string; effect: string }) =>
            t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute',
        );
        return readyCondition.status === 'Unknown' && tainted;
      },
      90_000,
    );
    const after = await waitFor(
      'three Ready replicas, none on the dead node',
      async () => {
        const live = ((await c.list(NS, 'pods', 'app=spread')) as PodView[]).filter(
          (p) => !p.metadata.deletionTimestamp,
        );
        return live.length === 3 &&
          live.every(ready) &&
          live.every((p) => p.spec.nodeName !== 'hollow-node-2')
          ? live
          : undefined;
      },
      90_000,
    );
    assert.ok(
      !after.some((p) => p.metadata.name === lost.metadata.name),
      'the lost pod was replaced, not moved',
    );
    const events = JSON.parse(await kubectlOk(kc, ['-n', NS, 'get', 'events', '-o', 'json'])).items as {
      reason: string;
      involvedObject: { name: string };
    }[];
    assert.ok(
      events.some((e) => e.reason === 'TaintManagerEviction' && e.involvedObject.name === lost.metadata.name),
      'the eviction is recorded on the pod',
    );
    const deployment = await c.get(NS, 'deployment', 'spread');
    assert.equal(deployment.status.readyReplicas, 3);
  });
});
