// Deployments end to end: the real kubectl against a `kts server`, a separate
// `kts controller-manager`, and test nodes that run pods. Scaling, self-healing, rolling
// updates with `rollout status|history|undo|restart|pause|resume`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startWorkloadCluster, type WorkloadCluster } from './support/cluster.ts';
import { kubectl, kubectlOk } from './support/kubectl.ts';
import { waitFor } from './support/wait.ts';

const NS = 'deploy-e2e';

const manifest = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: ${image}
`;

describe('Deployment controller end to end', { timeout: 300_000 }, () => {
  let c: WorkloadCluster;
  let kc: string;
  const k = (args: string[], input?: string) => kubectlOk(kc, ['-n', NS, ...args], input ? { input } : {});
  const activePods = async () =>
    (await c.list(NS, 'pods', 'app=web')).filter((p: any) => !p.metadata.deletionTimestamp);
  const runningPods = async () => (await activePods()).filter((p: any) => p.status.phase === 'Running');

  before(async () => {
    c = await startWorkloadCluster();
    kc = c.kubeconfig;
    await c.namespace(NS);
  });
  after(async () => {
    await c?.stop();
  });

  it('creates the pods and `rollout status` succeeds', async () => {
    await k(['apply', '-f', '-'], manifest('nginx:1.25'));
    const out = await k(['rollout', 'status', 'deployment/web', '--timeout=90s']);
    assert.match(out, /deployment "web" successfully rolled out/);
    assert.equal((await runningPods()).length, 3);
    const d = await c.get(NS, 'deployment', 'web');
    assert.equal(d.metadata.annotations['deployment.kubernetes.io/revision'], '1');
    assert.equal(d.status.availableReplicas, 3);
    const progressing = d.status.conditions.find((x: any) => x.type === 'Progressing');
    assert.equal(progressing.reason, 'NewReplicaSetAvailable');
    const available = d.status.conditions.find((x: any) => x.type === 'Available');
    assert.equal(available.reason, 'MinimumReplicasAvailable');
    const [rs] = await c.list(NS, 'rs', 'app=web');
    const hash = rs.metadata.labels['pod-template-hash'];
    assert.equal(rs.metadata.name, `web-${hash}`);
    assert.equal(rs.metadata.annotations['deployment.kubernetes.io/desired-replicas'], '3');
    assert.equal(rs.metadata.annotations['deployment.kubernetes.io/max-replicas'], '4');
    const events = await k(['describe', 'deployment', 'web']);
    assert.match(
      events,
      new RegExp(
        `ScalingReplicaSet\\s+\\S+\\s+deployment-controller\\s+Scaled up replica set web-${hash} from 0 to 3`,
      ),
    );
  });

  it('scales up and down', async () => {
    await k(['scale', 'deployment/web', '--replicas=5']);
    await waitFor('5 running pods', async () => (await runningPods()).length === 5);
    await k(['scale', 'deployment/web', '--replicas=2']);
    await waitFor('2 pods', async () => (await activePods()).length === 2);
    await k(['rollout', 'status', 'deployment/web', '--timeout=60s']);
    const d = await c.get(NS, 'deployment', 'web');
    assert.equal(d.status.replicas, 2);
  });

  it('replaces a deleted pod', async () => {
    const [victim] = await runningPods();
    await k(['delete', 'pod', victim.metadata.name, '--wait=false']);
    const pods = await waitFor('a replacement pod', async () => {
      const ps = await runningPods();
      return ps.length === 2 && !ps.some((p: any) => p.metadata.name === victim.metadata.name)
        ? ps
        : undefined;
    });
    assert.equal(pods.length, 2);
  });

  it('rolls out a new image, then `rollout undo` returns to the old template', async () => {
    await k(['set', 'image', 'deployment/web', 'nginx=nginx:1.26']);
    // Recorded on the Deployment after the change, so it lands on the new ReplicaSet only.
    await k(['annotate', 'deployment/web', 'kubernetes.io/change-cause=image 1.26']);
    await k(['rollout', 'status', 'deployment/web', '--timeout=90s']);
    const pods = await waitFor('2 new pods', async () => {
      const ps = await activePods();
      return ps.length === 2 && ps.every((p: any) => p.spec.containers[0].image === 'nginx:1.26')
        ? ps
        : undefined;
    });
    assert.equal(pods.length, 2);
    let history = await k(['rollout', 'history', 'deployment/web']);
    assert.match(history, /REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+image 1\.26\n/);
    const undo = await k(['rollout', 'undo', 'deployment/web']);
    assert.match(undo, /deployment.apps\/web rolled back/);
    await k(['rollout', 'status', 'deployment/web', '--timeout=90s']);
    const d = await c.get(NS, 'deployment', 'web');
    assert.equal(d.spec.template.spec.containers[0].image, 'nginx:1.25');
    assert.equal(d.metadata.annotations['deployment.kubernetes.io/revision'], '3');
    await waitFor('old image back on every pod', async () => {
      const ps = await activePods();
      return ps.length === 2 && ps.every((p: any) => p.spec.containers[0].image === 'nginx:1.25');
    });
    history = await k(['rollout', 'history', 'deployment/web']);
    assert.match(history, /\n2\s+image 1\.26\n3\s+<none>\n/);
    const rs = (await c.list(NS, 'rs', 'app=web')).find(
      (r: any) => r.metadata.annotations['deployment.kubernetes.io/revision'] === '3',
    );
    assert.equal(rs.metadata.annotations['deployment.kubernetes.io/revision-history'], '1');
    const rev2 = await k(['rollout', 'history', 'deployment/web', '--revision=2']);
    assert.match(rev2, /Image:\s+nginx:1\.26/);
    const back = await k(['rollout', 'undo', 'deployment/web', '--to-revision=2']);
    assert.match(back, /rolled back/);
    await k(['rollout', 'status', 'deployment/web', '--timeout=90s']);
    assert.equal((await c.get(NS, 'deployment', 'web')).spec.template.spec.containers[0].image, 'nginx:1.26');
  });

  it('`rollout restart` replaces every pod', async () => {
    const before = new Set((await activePods()).map((p: any) => p.metadata.name));
    await k(['rollout', 'restart', 'deployment/web']);
    await k(['rollout', 'status', 'deployment/web', '--timeout=90s']);
    const after = await waitFor('2 restarted pods', async () => {
      const ps = await activePods();
      return ps.length === 2 && ps.every((p: any) => !before.has(p.metadata.name)) ? ps : undefined;
    });
    assert.ok(after[0].metadata.annotations['kubectl.kubernetes.io/restartedAt']);
  });

  it('`rollout pause` holds template changes until `rollout resume`', async () => {
    await k(['rollout', 'pause', 'deployment/web']);
    await k(['set', 'image', 'deployment/web', 'nginx=nginx:1.27']);
    const paused = await waitFor('the paused condition', async () => {
      const d = await c.get(NS, 'deployment', 'web');
      const p = d.status.conditions.find((x: any) => x.type === 'Progressing');
      return d.status.observedGeneration === d.metadata.generation && p.reason === 'DeploymentPaused'
        ? d
        : undefined;
    });
    assert.equal(paused.status.conditions.find((x: any) => x.type === 'Progressing').status, 'Unknown');
    assert.ok((await activePods()).every((p: any) => p.spec.containers[0].image !== 'nginx:1.27'));
    const status = await kubectl(kc, ['-n', NS, 'rollout', 'status', 'deployment/web', '--timeout=2s']);
    assert.notEqual(status.code, 0);
    await k(['rollout', 'resume', 'deployment/web']);
    await k(['rollout', 'status', 'deployment/web', '--timeout=90s']);
    await waitFor('the new image everywhere', async () => {
      const ps = await activePods();
      return ps.length === 2 && ps.every((p: any) => p.spec.containers[0].image === 'nginx:1.27');
    });
  });

  it('keeps at most revisionHistoryLimit old ReplicaSets', async () => {
    await k(['patch', 'deployment/web', '-p', '{"spec":{"revisionHistoryLimit":1}}']);
    await waitFor(
      'old ReplicaSets pruned to 1',
      async () => (await c.list(NS, 'rs', 'app=web')).length === 2,
    );
  });
});
