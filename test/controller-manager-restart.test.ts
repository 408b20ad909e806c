// Crash safety of the controller manager: kill it (SIGKILL) in the middle of a rolling update,
// start it again, and the rollout finishes with exactly the right pods — nothing repeated,
// nothing lost, as its decisions are made again from the cluster's state.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startWorkloadCluster, type WorkloadCluster } from './support/cluster.ts';
import { kubectlOk } from './support/kubectl.ts';
import { waitFor } from './support/wait.ts';

const NS = 'cm-restart';
const LEADER_ARGS = [
  '--leader-elect',
  '--leader-elect-lease-duration=3s',
  '--leader-elect-renew-deadline=2s',
  '--leader-elect-retry-period=500ms',
];

describe('controller manager restart in the middle of a rollout', { timeout: 300_000 }, () => {
  let c: WorkloadCluster;
  let kc: string;
  before(async () => {
    c = await startWorkloadCluster({ nodes: 3, managerArgs: LEADER_ARGS });
    kc = c.kubeconfig;
    await c.namespace(NS);
  });
  after(async () => {
    await c?.stop();
  });

  it('finishes the rollout with exactly the desired pods', async () => {
    const k = (args: string[], input?: string) => kubectlOk(kc, ['-n', NS, ...args], input ? { input } : {});
    await k(
      ['apply', '-f', '-'],
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  replicas: 6
  minReadySeconds: 1
  strategy:
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
  selector:
    matchLabels:
      app: app
  template:
    metadata:
      labels:
        app: app
    spec:
      containers:
      - name: app
        image: app:v1
`,
    );
    await k(['rollout', 'status', 'deployment/app', '--timeout=90s']);
    const lease = await c.get('kube-system', 'lease', 'kube-controller-manager');
    assert.ok(lease.spec.holderIdentity);

    await k(['set', 'image', 'deployment/app', 'app=app:v2']);
    // Kill it once the new ReplicaSet has some, but not all, of its pods.
    await waitFor('the rollout under way', async () => {
      const d = await c.get(NS, 'deployment', 'app');
      return (d.status.updatedReplicas ?? 0) >= 2 && d.status.updatedReplicas < 6;
    });
    await c.manager.kill();
    const killed = await c.get(NS, 'deployment', 'app');
    assert.ok(killed.status.updatedReplicas < 6, 'killed before the rollout finished');

    const restarted = c.restartManager();
    await restarted.ready;
    await k(['rollout', 'status', 'deployment/app', '--timeout=120s']);
    const pods = await waitFor('no pod terminating', async () => {
      const ps = await c.list(NS, 'pods', 'app=app');
      return ps.every((p: any) => !p.metadata.deletionTimestamp) ? ps : undefined;
    });
    assert.equal(pods.length, 6);
    assert.ok(
      pods.every((p: any) => p.spec.containers[0].image === 'app:v2' && p.status.phase === 'Running'),
    );
    const rss = await c.list(NS, 'rs', 'app=app');
    assert.deepEqual(rss.map((r: any) => r.spec.replicas).sort(), [0, 6]);
    const d = await c.get(NS, 'deployment', 'app');
    assert.deepEqual([d.status.replicas, d.status.updatedReplicas, d.status.availableReplicas], [6, 6, 6]);
    const holder = (await c.get('kube-system', 'lease', 'kube-controller-manager')).spec.holderIdentity;
    assert.notEqual(holder, lease.spec.holderIdentity, 'the restarted manager took over the lease');
  });
});
