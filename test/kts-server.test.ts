// The README's cluster: one `kts server` process with everything in it — API server, scheduler,
// controller manager and the local agent (kubelet + its own containerd) — runs a Deployment of
// real containers that the host reaches on their pod IPs, with logs and exec through kubectl.
// The node gets its own bridge, CNI network, cgroup root and a pod range no host route touches,
// so the test never meets a real kts on this machine; all of it is removed afterwards.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { defaultRunDir } from '../src/cli/agent-command.ts';
import { routeGet } from '../src/kubelet/cni/host-commands.ts';
import { containerdLayout } from '../src/kubelet/containerd/config.ts';
import { cleanupContainerdLeftovers, containerdPids } from '../src/kubelet/containerd/leftovers.ts';
import { REPO_ROOT, type RunningServer, startServer } from './support/kts-server.ts';
import { kubectlOk } from './support/kubectl.ts';
import {
  freeTestCidr,
  type NodeHostState,
  nodeHostLeftovers,
  removeNodeHostState,
} from './support/node-agent.ts';
import { waitFor } from './support/wait.ts';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: httpd
        image: kts.local/busybox:1
        imagePullPolicy: Never
        command: ["sh", "-c", "mkdir -p /www && echo \\"page from $(hostname)\\" > /www/index.html && echo serving && exec httpd -f -p 8080 -h /www"]
        readinessProbe:
          httpGet: {path: /, port: 8080}
          periodSeconds: 1
`;

// A claim of the default class (local-path, WaitForFirstConsumer): only the scheduler's
// VolumeBinding (selected-node on the claim) lets the provisioner and the PV binder act.
const CLAIM_AND_POD = `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests: {storage: 64Mi}
---
apiVersion: v1
kind: Pod
metadata:
  name: writer
spec:
  terminationGracePeriodSeconds: 1
  volumes:
  - name: data
    persistentVolumeClaim: {claimName: data}
  containers:
  - name: writer
    image: kts.local/busybox:1
    imagePullPolicy: Never
    command: ["sh", "-c", "echo stored on the volume > /data/hello.txt && exec sleep 3600"]
    volumeMounts:
    - {name: data, mountPath: /data}
`;

interface PodView {
  metadata: { name: string; deletionTimestamp?: string };
  spec: { nodeName: string };
  status: { podIP?: string; phase?: string };
}

describe('kts server: API server, scheduler, controllers and agent in one process', {
  timeout: 300_000,
}, () => {
  const id = randomBytes(3).toString('hex');
  const nodeName = `kts-server-${id}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'kts-server-e2e-'));
  const runDir = defaultRunDir(dataDir);
  let host: NodeHostState;
  let server: RunningServer | undefined;
  let kc: string;
  const k = (args: string[], input?: string) => kubectlOk(kc, args, input ? { input } : {});

  /** The flags that put this node's pod range, network and cgroups apart from a real kts: the server and killall both take them. */
  const nodeHostFlags = () => [
    '--cluster-cidr',
    host.network.clusterCIDR,
    '--cni-bridge',
    host.network.bridge,
    '--cni-network',
    host.network.networkName,
    '--cgroup-root',
    host.podsCgroup,
  ];

  before(async () => {
    const cidr = await freeTestCidr();
    host = {
      network: {
        networkName: `kts-srv-${id}`,
        bridge: `ktss${id}`,
        podCIDR: cidr.pod,
        clusterCIDR: cidr.cluster,
        ipamDataDir: join(dataDir, 'agent', 'cni', 'ipam'),
        cniConfDir: join(dataDir, 'agent', 'etc', 'cni', 'net.d'),
      },
      podsCgroup: `/kts-srv-${id}`,
      dirs: [dataDir, runDir],
    };
    server = await startServer({
      dataDir,
      keepDataDir: true,
      agent: true,
      controllers: true,
      scheduler: true,
      startTimeoutMs: 120_000,
      args: [
        ...nodeHostFlags(),
        '--node-name',
        nodeName,
        '--node-ip',
        '127.0.0.1',
        '--kubelet-port',
        '0',
        '--pod-manifest-path',
        join(dataDir, 'manifests'),
        // Short periods so that the autoscaler acts within seconds (upstream: 15 s and 15 s).
        '--horizontal-pod-autoscaler-sync-period',
        '2s',
        '--metric-resolution',
        '5s',
      ],
    });
    kc = server.kubeconfig;
  });

  /** `kts killall` for this test's node (its own data dir, network, route and cgroup root). */
  const killall = (extra: string[] = []) =>
    spawnSync(
      join(REPO_ROOT, 'bin', 'kts'),
      ['killall', '--data-dir', dataDir, ...nodeHostFlags(), ...extra],
      { encoding: 'utf8', timeout: 120_000 },
    );

  after(async () => {
    await server?.stop();
    if (!host) return;
    // The stopped server left its pods running (the next start would adopt them): `kts killall
    // --purge` takes the node back to nothing, which the checks below prove.
    const layout = containerdLayout({ agentDir: join(dataDir, 'agent'), runDir });
    try {
      const r = killall(['--purge']);
      assert.equal(r.status, 0, `kts killall failed:\n${r.stdout}${r.stderr}`);
      assert.match(r.stdout, /stopped [1-9]\d* containers/, 'the pod left running was still there');
      assert.deepEqual(await nodeHostLeftovers({ ...host, netnsDir: layout.netnsDir }), []);
      // A server killed after its stop grace leaves its containerd running; killall ends it.
      assert.deepEqual(containerdPids(layout.configFile), []);
      assert.equal(existsSync(dataDir), false, '--purge deleted the data dir');
    } finally {
      // A safety net for when killall failed part way.
      await cleanupContainerdLeftovers(layout, {
        networkName: host.network.networkName,
        ipamDataDir: host.network.ipamDataDir,
      }).catch(() => {});
      await removeNodeHostState(host).catch(() => {});
    }
  });

  it('registers its own node as a Ready control-plane node with a pod subnet', async () => {
    const node = await waitFor('the node Ready', async () => {
      const n = JSON.parse(await k(['get', 'node', nodeName, '-o', 'json']));
      return n.status.conditions?.some(
        (c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True',
      )
        ? n
        : undefined;
    });
    assert.equal(node.spec.podCIDR, host.network.podCIDR, 'node-ipam gave the first /24 of --cluster-cidr');
    assert.ok('node-role.kubernetes.io/control-plane' in node.metadata.labels);
    const configMap = await waitFor('kube-root-ca.crt in default', () =>
      k(['get', 'configmap', 'kube-root-ca.crt', '-o', 'jsonpath={.data.ca\\.crt}']).catch(() => undefined),
    );
    assert.match(configMap, /-----BEGIN CERTIFICATE-----/);
  });

  it('runs a Deployment whose pods the host reaches on their IPs, with logs and exec', async () => {
    await waitFor('the default ServiceAccount', () =>
      k(['get', 'serviceaccount', 'default']).catch(() => undefined),
    );
    await k(['apply', '-f', '-'], DEPLOYMENT);
    await k(['rollout', 'status', 'deployment/web', '--timeout=120s']);
    const pods = (
      JSON.parse(await k(['get', 'pods', '-l', 'app=web', '-o', 'json'])).items as PodView[]
    ).filter((p) => !p.metadata.deletionTimestamp);
    assert.equal(pods.length, 2);
    for (const pod of pods) {
      assert.equal(pod.spec.nodeName, nodeName, 'placed by the in-process scheduler');
      const ip = pod.status.podIP!;
      // Network safety: only send to an address the kernel routes to this test's bridge.
      assert.equal((await routeGet(ip)).dev, host.network.bridge);
      const page = await (await fetch(`http://${ip}:8080/`, { signal: AbortSignal.timeout(10_000) })).text();
      assert.equal(page, `page from ${pod.metadata.name}\n`);
      assert.equal(await k(['logs', pod.metadata.name]), 'serving\n');
    }
    assert.equal(await k(['exec', pods[0]!.metadata.name, '--', 'echo', 'hi']), 'hi\n');

    await k(['delete', 'deployment', 'web']);
    await waitFor(
      'the pods gone',
      async () => (await k(['get', 'pods', '-l', 'app=web', '-o', 'name'])) === '',
      120_000,
    );
  });

  it("serves the resource metrics: `kubectl top node` and `kubectl top pod` show the kubelet's numbers", async () => {
    const pod = (name: string, command: string) =>
      `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: {app: top-test, role: ${name}}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: kts.local/busybox:1
    imagePullPolicy: Never
    command: ["sh", "-c", "${command}"]
`;
    try {
      await k(
        ['apply', '-f', '-'],
        `${pod('burner', 'while :; do :; done')}---\n${pod('idle', 'sleep 3600')}`,
      );
      await k(['wait', '--for=condition=Ready', 'pod/burner', 'pod/idle', '--timeout=120s']);
      /** CPU in millicores of each pod `kubectl top pod` lists. */
      const topPods = async (args: string[]) => {
        const out = await k(['top', 'pod', '--no-headers', ...args]).catch(() => '');
        const cpu = new Map<string, number>();
        for (const line of out.trim().split('\n').filter(Boolean)) {
          const [name, millis] = line.trim().split(/\s+/);
          cpu.set(name!, Number.parseInt(millis!, 10));
        }
        return cpu;
      };
      // The burner's rate needs two kubelet samples; poll until both pods show and it is busy.
      const cpu = await waitFor(
        'the burner busy in kubectl top',
        async () => {
          const c = await topPods(['-l', 'app=top-test']);
          return c.size === 2 && c.get('burner')! > 200 ? c : undefined;
        },
        120_000,
        2_000,
      );
      assert.ok(cpu.get('burner')! > cpu.get('idle')! + 100, `burner vs idle: ${[...cpu]}`);
      assert.deepEqual([...(await topPods(['-l', 'role=idle'])).keys()], ['idle']);

      const containers = await k(['top', 'pod', 'burner', '--containers', '--no-headers']);
      assert.match(containers, /^burner\s+main\s+\d+m\s+\d+Mi/);
      const nodes = await k(['top', 'node', '--no-headers']);
      assert.match(nodes, new RegExp(`^${nodeName}\\s+\\d+m\\s+\\d+%\\s+\\d+Mi\\s+\\d+%`, 'm'));

      const raw = JSON.parse(
        await k(['get', '--raw', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods']),
      );
      assert.equal(raw.kind, 'PodMetricsList');
      assert.equal(raw.apiVersion, 'metrics.k8s.io/v1beta1');
      const burner = raw.items.find((p: { metadata: { name: string } }) => p.metadata.name === 'burner');
      assert.match(burner.containers[0].usage.cpu, /^\d+n$/);
      assert.deepEqual(burner.metadata.labels, { app: 'top-test', role: 'burner' });

      await assert.rejects(
        k(['top', 'pod', 'no-such-pod']),
        /podmetrics\.metrics\.k8s\.io "default\/no-such-pod" not found/,
      );
    } finally {
      await k(['delete', 'pod', 'burner', 'idle', '--ignore-not-found', '--grace-period=1']);
    }
  });

  it("a HorizontalPodAutoscaler scales a busy Deployment up from the kubelet's CPU numbers", async () => {
    // Each pod burns CPU under a 200m limit against a 100m request: about 200% of its request,
    // four times the 50% target, so the autoscaler goes to its maximum of 3.
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: busy
spec:
  replicas: 1
  selector: {matchLabels: {app: busy}}
  template:
    metadata: {labels: {app: busy}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: main
        image: kts.local/busybox:1
        imagePullPolicy: Never
        command: ["sh", "-c", "while :; do :; done"]
        resources:
          requests: {cpu: 100m}
          limits: {cpu: 200m}
`;
    try {
      await k(['apply', '-f', '-'], deployment);
      await k(['rollout', 'status', 'deployment/busy', '--timeout=120s']);
      await k(['autoscale', 'deployment', 'busy', '--min=1', '--max=3', '--cpu-percent=50']);
      const hpa = await waitFor(
        'the autoscaler at 3 replicas',
        async () => {
          const h = JSON.parse(await k(['get', 'hpa.v2.autoscaling', 'busy', '-o', 'json']));
          return h.status?.desiredReplicas === 3 ? h : undefined;
        },
        180_000,
        1_000,
      );
      const utilization = hpa.status.currentMetrics[0].resource.current.averageUtilization;
      assert.ok(utilization > 100, `the pods are measured busy: ${utilization}%`);
      await k(['rollout', 'status', 'deployment/busy', '--timeout=120s']);
      assert.equal(JSON.parse(await k(['get', 'deployment', 'busy', '-o', 'json'])).spec.replicas, 3);
      // REPLICAS is the target's count the autoscaler saw on its last pass.
      const table = await waitFor('kubectl get hpa showing 3 replicas', async () => {
        const line = await k(['get', 'hpa', 'busy', '--no-headers']);
        return /\s3\s+\S+\s*$/.test(line) ? line : undefined;
      });
      assert.match(table, /^busy\s+Deployment\/busy\s+cpu: \d+%\/50%\s+1\s+3\s+3\s/);
      const described = await k(['describe', 'hpa', 'busy']);
      assert.match(
        described,
        /SuccessfulRescale\s+.*New size: \d; reason: cpu resource utilization \(percentage of request\) above target/,
      );
      assert.match(described, /ScalingActive\s+True\s+ValidMetricFound/);
    } finally {
      await k(['delete', 'hpa', 'busy', '--ignore-not-found']);
      await k(['delete', 'deployment', 'busy', '--ignore-not-found']);
      await waitFor(
        'the busy pods gone',
        async () => (await k(['get', 'pods', '-l', 'app=busy', '-o', 'name'])) === '',
        120_000,
      );
    }
  });

  it('binds a claim of the default class when its pod is scheduled, and the pod writes to the volume', async () => {
    try {
      await k(['apply', '-f', '-'], CLAIM_AND_POD);
      await waitFor(
        'the pod Running',
        async () => JSON.parse(await k(['get', 'pod', 'writer', '-o', 'json'])).status.phase === 'Running',
        120_000,
      ).catch(async (e) => {
        const why = await k(['describe', 'pod,pvc']).catch(String);
        const log = server!
          .output()
          .split('\n')
          .filter((l) => /scheduler|volume|claim/i.test(l))
          .slice(-30);
        throw new Error(`${e}\n${why}\n${log.join('\n')}`);
      });
      const claim = JSON.parse(await k(['get', 'pvc', 'data', '-o', 'json']));
      assert.equal(claim.status.phase, 'Bound');
      assert.equal(claim.spec.storageClassName, 'local-path', 'the default class was filled in');
      assert.equal(claim.metadata.annotations['volume.kubernetes.io/selected-node'], nodeName);
      const pv = JSON.parse(await k(['get', 'pv', claim.spec.volumeName, '-o', 'json']));
      assert.deepEqual(pv.spec.claimRef.name, 'data');
      const written = await waitFor('the file on the volume', () =>
        k(['exec', 'writer', '--', 'cat', '/data/hello.txt']).catch(() => undefined),
      );
      assert.equal(written, 'stored on the volume\n');
    } finally {
      await k(['delete', 'pod', 'writer', '--ignore-not-found', '--wait=true', '--timeout=120s']).catch(
        () => {},
      );
      await k(['delete', 'pvc', 'data', '--ignore-not-found', '--wait=true', '--timeout=120s']).catch(
        () => {},
      );
    }
    await waitFor(
      'the provisioned volume gone',
      async () => (await k(['get', 'pv', '-o', 'name'])) === '',
      120_000,
    );
  });

  it('kts killall refuses to run while the server does, and leaves the node alone', async () => {
    // This pod outlives the server (as pods do when kts stops) until killall ends it in after().
    await k([
      'run',
      'survivor',
      '--image=kts.local/busybox:1',
      '--image-pull-policy=Never',
      '--',
      'sleep',
      '3600',
    ]);
    const running = async () =>
      JSON.parse(await k(['get', 'pod', 'survivor', '-o', 'json'])).status.phase === 'Running';
    await waitFor('the pod Running', running, 120_000);
    const r = killall();
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /kts \(pid \d+\) is still running on .*: stop it first/);
    assert.ok(await running(), 'the pod still runs');
  });
});
