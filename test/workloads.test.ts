// StatefulSets, DaemonSets and Jobs end to end: the real kubectl against a `kts server`, the
// scheduler and hollow nodes as their own processes, and a separate `kts controller-manager`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { connect, InformerFactory, loadKubeconfig, PODS } from '../src/client/index.ts';
import { startWorkloadCluster, type WorkloadCluster } from './support/cluster.ts';
import { kubectlOk } from './support/kubectl.ts';
import { waitFor } from './support/wait.ts';

const NS = 'workloads-e2e';

const STATEFULSET = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: nginx
  serviceName: nginx
  replicas: 3
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.24
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Gi
`;

const DAEMONSET = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels:
      name: agent
  template:
    metadata:
      labels:
        name: agent
    spec:
      containers:
      - name: agent
        image: registry.k8s.io/pause:3.10
`;

const INDEXED_JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: indexed
spec:
  completions: 5
  parallelism: 2
  completionMode: Indexed
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: worker
        image: busybox
        command: ["sh", "-c", "echo $JOB_COMPLETION_INDEX"]
`;

const isReady = (p: Pod) =>
  p.status?.phase === 'Running' &&
  !!p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

describe('workload controllers end to end', { timeout: 300_000 }, () => {
  let c: WorkloadCluster;
  let kc: string;
  let informers: InformerFactory;
  let closeClient: () => Promise<void>;
  const k = (args: string[], input?: string) => kubectlOk(kc, ['-n', NS, ...args], input ? { input } : {});

  before(async () => {
    c = await startWorkloadCluster({ nodes: 3 });
    kc = c.kubeconfig;
    await c.namespace(NS);
    const conn = connect(loadKubeconfig(kc), { fieldManager: 'test-observer' });
    closeClient = conn.close;
    informers = new InformerFactory(conn.client, { namespace: NS });
  });
  after(async () => {
    await informers?.shutdown();
    await closeClient?.();
    await c?.stop();
  });

  it('StatefulSet: creates pods in order, each after its predecessor is ready, with stable identity', async () => {
    const pods = informers.informerFor<Pod>(PODS);
    const violations: string[] = [];
    const seen: string[] = [];
    pods.addEventHandler({
      onAdd: (p) => {
        const m = /^web-(\d+)$/.exec(p.metadata?.name ?? '');
        if (!m) return;
        seen.push(p.metadata!.name!);
        const ordinal = Number(m[1]);
        if (ordinal === 0) return;
        const prev = pods.lister.get(NS, `web-${ordinal - 1}`);
        if (!prev || !isReady(prev))
          violations.push(`web-${ordinal} created before web-${ordinal - 1} was ready`);
      },
    });
    informers.start();
    await informers.waitForSync();
    await k(['apply', '-f', '-'], STATEFULSET);
    await k(['rollout', 'status', 'statefulset/web', '--timeout=90s']);
    assert.deepEqual(violations, []);
    assert.deepEqual(seen, ['web-0', 'web-1', 'web-2']);
    const web1 = await c.get(NS, 'pod', 'web-1');
    assert.equal(web1.spec.hostname, 'web-1');
    assert.equal(web1.spec.subdomain, 'nginx');
    assert.equal(web1.metadata.labels['statefulset.kubernetes.io/pod-name'], 'web-1');
    assert.equal(web1.metadata.labels['apps.kubernetes.io/pod-index'], '1');
    assert.equal(
      web1.spec.volumes.find((v: any) => v.name === 'www').persistentVolumeClaim.claimName,
      'www-web-1',
    );
    const claims = (await c.list(NS, 'pvc')).map((p: any) => p.metadata.name).sort();
    assert.deepEqual(claims, ['www-web-0', 'www-web-1', 'www-web-2']);
    const sts = await c.get(NS, 'statefulset', 'web');
    assert.equal(sts.status.currentRevision, sts.status.updateRevision);
    assert.equal(web1.metadata.labels['controller-revision-hash'], sts.status.updateRevision);

    // A deleted pod comes back with the same name, hostname and claim.
    await k(['delete', 'pod', 'web-1', '--wait=false']);
    const back = await waitFor('web-1 recreated', async () => {
      const p = pods.lister.get(NS, 'web-1');
      return p && p.metadata?.uid !== web1.metadata.uid && isReady(p) ? p : undefined;
    });
    assert.equal(back.spec?.hostname, 'web-1');
    assert.equal(
      back.spec?.volumes?.find((v) => v.name === 'www')?.persistentVolumeClaim?.claimName,
      'www-web-1',
    );

    // Scaling down removes the highest ordinal first; the claims stay (Retain).
    const gone: string[] = [];
    pods.addEventHandler({ onDelete: (p) => gone.push(p.metadata?.name ?? '') });
    await k(['scale', 'statefulset/web', '--replicas=1']);
    await waitFor(
      'web-1 and web-2 gone',
      () => !pods.lister.get(NS, 'web-1') && !pods.lister.get(NS, 'web-2'),
    );
    assert.deepEqual(gone, ['web-2', 'web-1']);
    assert.equal((await c.list(NS, 'pvc')).length, 3);
  });

  it('StatefulSet: a rolling update replaces pods from the highest ordinal down; `rollout undo` goes back', async () => {
    await k(['scale', 'statefulset/web', '--replicas=3']);
    await k(['rollout', 'status', 'statefulset/web', '--timeout=90s']);
    const pods = informers.informerFor<Pod>(PODS);
    const replaced: string[] = [];
    const registration = pods.addEventHandler({ onDelete: (p) => replaced.push(p.metadata?.name ?? '') });
    await k(['set', 'image', 'statefulset/web', 'nginx=registry.k8s.io/nginx-slim:0.25']);
    await k(['rollout', 'status', 'statefulset/web', '--timeout=90s']);
    registration.remove();
    assert.deepEqual(replaced, ['web-2', 'web-1', 'web-0']);
    for (const n of ['web-0', 'web-1', 'web-2'])
      assert.equal((await c.get(NS, 'pod', n)).spec.containers[0].image, 'registry.k8s.io/nginx-slim:0.25');
    const history = await k(['rollout', 'history', 'statefulset/web']);
    assert.match(history, /\n1\s+<none>\n2\s+<none>\n/);
    await k(['rollout', 'undo', 'statefulset/web']);
    await k(['rollout', 'status', 'statefulset/web', '--timeout=90s']);
    await waitFor('the old image back on every pod', async () => {
      const ps = await c.list(NS, 'pods', 'app=nginx');
      return (
        ps.length === 3 &&
        ps.every(
          (p: any) =>
            p.spec.containers[0].image === 'registry.k8s.io/nginx-slim:0.24' && !p.metadata.deletionTimestamp,
        )
      );
    });
    const revisions = await c.list(NS, 'controllerrevisions');
    assert.deepEqual(revisions.map((r: any) => r.revision).sort(), [2, 3]);
  });

  it('DaemonSet: one pod per node, pinned by node affinity; a new node gets one, a removed node stops counting', async () => {
    await k(['apply', '-f', '-'], DAEMONSET);
    await k(['rollout', 'status', 'daemonset/agent', '--timeout=90s']);
    const nodes = JSON.parse(await kubectlOk(kc, ['get', 'nodes', '-o', 'json']))
      .items.map((n: any) => n.metadata.name)
      .sort();
    assert.equal(nodes.length, 3);
    const placed = async () =>
      (await c.list(NS, 'pods', 'name=agent')).filter((p: any) => !p.metadata.deletionTimestamp);
    let pods = await placed();
    assert.deepEqual(pods.map((p: any) => p.spec.nodeName).sort(), nodes);
    const terms =
      pods[0].spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    assert.deepEqual(terms, [
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: [pods[0].spec.nodeName] }] },
    ]);
    assert.ok(
      pods[0].spec.tolerations.some(
        (t: any) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute',
      ),
    );

    const fourth = await c.addHollowNodes(1, 3);
    await waitFor('a pod on the 4th node', async () => {
      pods = await placed();
      return pods.length === 4 && pods.every((p: any) => p.status.phase === 'Running');
    });
    const ds = await waitFor('4 desired', async () => {
      const d = await c.get(NS, 'daemonset', 'agent');
      return d.status.numberReady === 4 ? d : undefined;
    });
    assert.equal(ds.status.desiredNumberScheduled, 4);
    await fourth.stop();
    await waitFor('3 desired after the node left', async () => {
      const d = await c.get(NS, 'daemonset', 'agent');
      return d.status.desiredNumberScheduled === 3 && d.status.currentNumberScheduled === 3;
    });
  });

  it('Job: Indexed completion runs every index once, with JOB_COMPLETION_INDEX from the downward API', async () => {
    await k(['apply', '-f', '-'], INDEXED_JOB);
    await k(['wait', '--for=condition=complete', 'job/indexed', '--timeout=90s']);
    const job = await c.get(NS, 'job', 'indexed');
    assert.equal(job.status.succeeded, 5);
    assert.equal(job.status.completedIndexes, '0-4');
    assert.deepEqual(
      job.status.conditions.map((x: any) => [x.type, x.reason]),
      [
        ['SuccessCriteriaMet', 'CompletionsReached'],
        ['Complete', 'CompletionsReached'],
      ],
    );
    const pods = await c.list(NS, 'pods', 'batch.kubernetes.io/job-name=indexed');
    const indexes = pods
      .map((p: any) => p.metadata.annotations['batch.kubernetes.io/job-completion-index'])
      .sort();
    assert.deepEqual(indexes, ['0', '1', '2', '3', '4']);
    for (const p of pods) {
      const ix = p.metadata.annotations['batch.kubernetes.io/job-completion-index'];
      assert.equal(p.metadata.labels['batch.kubernetes.io/job-completion-index'], ix);
      assert.equal(p.spec.hostname, `indexed-${ix}`);
      assert.match(p.metadata.name, new RegExp(`^indexed-${ix}-`));
      assert.deepEqual(p.metadata.finalizers ?? [], []);
      const env = p.spec.containers[0].env.find((e: any) => e.name === 'JOB_COMPLETION_INDEX');
      assert.equal(
        env.valueFrom.fieldRef.fieldPath,
        "metadata.labels['batch.kubernetes.io/job-completion-index']",
      );
    }
    const describe = await k(['describe', 'job', 'indexed']);
    assert.match(describe, /Normal\s+Completed\s+\S+\s+job-controller\s+Job completed/);
  });

  it('Job: a failing pod is retried with back-off until backoffLimit, then the Job fails', async () => {
    await k(
      ['apply', '-f', '-'],
      `apiVersion: batch/v1
kind: Job
metadata:
  name: failing
spec:
  backoffLimit: 1
  template:
    metadata:
      annotations:
        kts.test/exit-code: "3"
    spec:
      restartPolicy: Never
      containers:
      - name: worker
        image: busybox
`,
    );
    await k(['wait', '--for=condition=failed', 'job/failing', '--timeout=90s']);
    const job = await c.get(NS, 'job', 'failing');
    assert.equal(job.status.failed, 2);
    const failed = job.status.conditions.find((x: any) => x.type === 'Failed');
    assert.equal(failed.reason, 'BackoffLimitExceeded');
    assert.equal(failed.message, 'Job has reached the specified backoff limit');
  });

  it('ttl-after-finished: a finished Job with ttlSecondsAfterFinished is deleted', async () => {
    await k(
      ['apply', '-f', '-'],
      `apiVersion: batch/v1
kind: Job
metadata:
  name: short-lived
spec:
  ttlSecondsAfterFinished: 1
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: worker
        image: busybox
`,
    );
    await k(['wait', '--for=condition=complete', 'job/short-lived', '--timeout=90s']);
    // Deleted with foreground propagation: gone, or waiting for the garbage collector.
    await waitFor('the Job deleted', async () => {
      const jobs = await c.list(NS, 'jobs');
      const j = jobs.find((x: any) => x.metadata.name === 'short-lived');
      return !j || !!j.metadata.deletionTimestamp;
    });
  });

  it('ReplicationController: keeps its replicas, replacing a deleted pod', async () => {
    await k(
      ['apply', '-f', '-'],
      `apiVersion: v1
kind: ReplicationController
metadata:
  name: rc
spec:
  replicas: 2
  selector:
    app: rc
  template:
    metadata:
      labels:
        app: rc
    spec:
      containers:
      - name: c
        image: registry.k8s.io/pause:3.10
`,
    );
    const running = async () =>
      (await c.list(NS, 'pods', 'app=rc')).filter(
        (p: any) => !p.metadata.deletionTimestamp && p.status.phase === 'Running',
      );
    const first = await waitFor('2 running pods', async () => {
      const ps = await running();
      return ps.length === 2 ? ps : undefined;
    });
    await k(['delete', 'pod', first[0].metadata.name, '--wait=false']);
    await waitFor('a replacement', async () => {
      const ps = await running();
      return ps.length === 2 && !ps.some((p: any) => p.metadata.name === first[0].metadata.name);
    });
    const rc = await waitFor('status', async () => {
      const r = await c.get(NS, 'rc', 'rc');
      return r.status.readyReplicas === 2 ? r : undefined;
    });
    assert.equal(rc.status.replicas, 2);
    assert.equal(rc.status.fullyLabeledReplicas, 2);
    assert.equal(rc.status.observedGeneration, rc.metadata.generation);
  });
});
