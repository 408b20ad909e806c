// The README's cluster: one `kts server` process with everything in it — API server, scheduler,
// controller manager and the local agent (kubelet + its own containerd) — runs a Deployment of
// real containers that the host reaches on their pod IPs, with logs and exec through kubectl.
// The node gets its own bridge, CNI network, cgroup root and a pod range no host route touches,
// so the test never meets a real kts on this machine; all of it is removed afterwards.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { defaultRunDir } from '../src/cli/agent-command.ts';
import { routeGet } from '../src/kubelet/cni/host-commands.ts';
import { containerdLayout } from '../src/kubelet/containerd/config.ts';
import { cleanupContainerdLeftovers } from '../src/kubelet/containerd/leftovers.ts';
import { type RunningServer, startServer } from './support/kts-server.ts';
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
        '--cluster-cidr',
        cidr.cluster,
        '--node-name',
        nodeName,
        '--node-ip',
        '127.0.0.1',
        '--kubelet-port',
        '0',
        '--cni-bridge',
        host.network.bridge,
        '--cni-network',
        host.network.networkName,
        '--cgroup-root',
        host.podsCgroup,
        '--pod-manifest-path',
        join(dataDir, 'manifests'),
      ],
    });
    kc = server.kubeconfig;
  });

  after(async () => {
    await server?.stop();
    // The server stopped its kubelet and containerd; whatever pods remain are removed by hand.
    if (host) {
      const layout = containerdLayout({ agentDir: join(dataDir, 'agent'), runDir });
      await cleanupContainerdLeftovers(layout, {
        networkName: host.network.networkName,
        ipamDataDir: host.network.ipamDataDir,
      }).catch(() => {});
      const netnsDir = layout.netnsDir;
      await removeNodeHostState(host);
      assert.deepEqual(await nodeHostLeftovers({ ...host, netnsDir }), []);
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
});
