// The kubelet's runtime layer against the real thing: kts's own containerd (started here on a
// temp base dir), images built offline and imported, CNI bridge networking, a pod with an httpd
// container run through the CRI from a Pod object, its page fetched from the host on the pod IP
// (after checking that the route goes to our bridge), exec, logs, pod status, a containerd crash
// survived, and a teardown that leaves no netns, veth, bridge, mount, chain, route or cgroup.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { cgroupExists, removeCgroupTree } from '../src/kubelet/cgroups/cgroup-tree.ts';
import { linkExists, linksOfKind, routeGet, runCommand } from '../src/kubelet/cni/host-commands.ts';
import { planHostportCleanup } from '../src/kubelet/cni/hostport-chains.ts';
import {
  type NodeNetworkOptions,
  removeUnreachableRoute,
  teardownNodeNetwork,
} from '../src/kubelet/cni/pod-network.ts';
import { containerdLayout } from '../src/kubelet/containerd/config.ts';
import { cleanupContainerdLeftovers, mountsUnder, shimPids } from '../src/kubelet/containerd/leftovers.ts';
import { processAlive } from '../src/kubelet/containerd/processes.ts';
import type { SupervisorEvent } from '../src/kubelet/containerd/supervisor.ts';
import type { CriClient } from '../src/kubelet/cri/cri-client.ts';
import { CriError } from '../src/kubelet/cri/cri-error.ts';
import type { PodSandboxConfig } from '../src/kubelet/cri/types.ts';
import { ensureBuiltinImages, importImageDirectory } from '../src/kubelet/images/agent-images.ts';
import { BUSYBOX_IMAGE, PAUSE_IMAGE } from '../src/kubelet/images/builtin-images.ts';
import { importImageArchive } from '../src/kubelet/images/import-archive.ts';
import { buildOciImage, ociArchitecture } from '../src/kubelet/images/oci-layout.ts';
import { createTar } from '../src/kubelet/images/tar.ts';
import { type NodeRuntime, startNodeRuntime } from '../src/kubelet/node-runtime.ts';
import { containerConfig } from '../src/kubelet/pod/container-config.ts';
import { formatCriLog } from '../src/kubelet/pod/cri-log.ts';
import { makeEnvironmentVariables } from '../src/kubelet/pod/env.ts';
import { ImagePullBackoff, imageDecision, pullFailure } from '../src/kubelet/pod/image-pull.ts';
import { POD_UID_LABEL } from '../src/kubelet/pod/labels.ts';
import { generatePodStatus } from '../src/kubelet/pod/pod-status.ts';
import {
  runtimeContainerFromCri,
  runtimePodStatus,
  runtimeSandboxFromCri,
} from '../src/kubelet/pod/runtime-status.ts';
import { podSandboxConfig } from '../src/kubelet/pod/sandbox-config.ts';

const LONG = { timeout: 180_000 };
const id = randomBytes(3).toString('hex');
const base = mkdtempSync(join(tmpdir(), 'kts-cri-'));
const layout = containerdLayout({ agentDir: join(base, 'agent'), runDir: join(base, 'run') });
const podsCgroup = `/kts-test-${id}`;
const podLogsRoot = join(base, 'logs');
const hostPort = 20_000 + (Number.parseInt(id, 16) % 20_000);

/** A /23 in 10.88.0.0/16 that no route on this host touches yet: test traffic stays on our bridge. */
async function freeTestCidr(): Promise<{ cluster: string; pod: string; other: string }> {
  const routes = JSON.parse((await runCommand('ip', ['-j', 'route', 'show'])).stdout || '[]') as {
    dst: string;
  }[];
  const used = new Set(routes.map((r) => r.dst.split('.').slice(0, 3).join('.')));
  for (let attempt = 0; attempt < 50; attempt++) {
    const x = 2 * (1 + Math.floor(Math.random() * 120));
    if (
      !used.has(`10.88.${x}`) &&
      !used.has(`10.88.${x + 1}`) &&
      !routes.some((r) => r.dst === '10.88.0.0/16')
    ) {
      return { cluster: `10.88.${x}.0/23`, pod: `10.88.${x}.0/24`, other: `10.88.${x + 1}.7` };
    }
  }
  throw new Error('no free test range in 10.88.0.0/16');
}

let network: NodeNetworkOptions | undefined;
let clusterCIDR: string | undefined;
let otherSubnetAddress: string;
const events: SupervisorEvent[] = [];
let runtime: NodeRuntime | undefined;
let cri: CriClient;
const supervisorPid = () => runtime?.supervisor?.pid;

async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** Everything this file made, removed whatever state the tests left it in. Idempotent. */
async function cleanupEverything(): Promise<void> {
  const errors: unknown[] = [];
  const step = async (fn: () => unknown) => {
    try {
      await fn();
    } catch (err) {
      errors.push(err);
    }
  };
  if (supervisorPid() !== undefined) {
    await step(async () => {
      for (const s of await cri.listPodSandbox()) {
        await cri.stopPodSandbox(s.id).catch(() => {});
        await cri.removePodSandbox(s.id).catch(() => {});
      }
    });
  }
  await step(() => runtime?.stop());
  await step(() =>
    cleanupContainerdLeftovers(layout, {
      networkName: network?.networkName,
      ipamDataDir: network?.ipamDataDir,
    }),
  );
  if (network) await step(() => teardownNodeNetwork(network!));
  if (clusterCIDR) await step(() => removeUnreachableRoute(clusterCIDR!));
  await step(() => removeCgroupTree(podsCgroup));
  if (errors.length) throw new AggregateError(errors, 'cleanup failed');
}

before(async () => {
  const cidrs = await freeTestCidr();
  otherSubnetAddress = cidrs.other;
  clusterCIDR = cidrs.cluster;
  const networkName = `kts-test-${id}`;
  runtime = await startNodeRuntime({
    dataDir: base,
    runDir: join(base, 'run'),
    clusterCIDR,
    networkName,
    bridge: `ktst${id}`,
    onEvent: (e) => events.push(e),
  });
  cri = runtime.cri;
  // Known before the network exists, so that a failure below still cleans it up.
  network = {
    networkName,
    bridge: `ktst${id}`,
    podCIDR: cidrs.pod,
    clusterCIDR,
    ipamDataDir: join(base, 'agent', 'cni', 'ipam'),
    cniConfDir: layout.cniConfDir,
  };
  assert.deepEqual(await runtime.setupPodNetwork(cidrs.pod), network);
});

after(async () => {
  await cleanupEverything();
  rmSync(base, { recursive: true, force: true });
});

test('containerd runs with our config and answers the CRI', LONG, async () => {
  const v = await cri.version();
  assert.equal(v.runtimeName, 'containerd');
  assert.equal(v.runtimeApiVersion, 'v1');
  const pid = supervisorPid();
  assert.ok(pid && processAlive(pid));
  assert.equal(Number(readFileSync(layout.pidFile, 'utf8')), pid);
  assert.equal(runtime!.endpoint, `unix://${layout.socket}`);
  const conditions = await waitFor('RuntimeReady and NetworkReady', async () => {
    const c = (await cri.status()).status?.conditions ?? [];
    return c.every((x) => x.status) && c.length >= 2 ? c : undefined;
  });
  assert.deepEqual(conditions.map((c) => c.type).sort(), ['NetworkReady', 'RuntimeReady']);
});

test('the safety route makes pod subnets no node holds unreachable', LONG, async () => {
  assert.equal((await routeGet(otherSubnetAddress)).type, 'unreachable');
});

test('built-in images are built offline and imported once', LONG, async () => {
  assert.deepEqual([...runtime!.builtinImported].sort(), [BUSYBOX_IMAGE, PAUSE_IMAGE]);
  assert.ok(await cri.imageStatus({ image: PAUSE_IMAGE }));
  assert.ok(await cri.imageStatus({ image: BUSYBOX_IMAGE }));
  assert.deepEqual(await ensureBuiltinImages(cri, { socket: layout.socket }), []);
});

test(
  'image archives import from a file (gzip, with progress) and from the images directory',
  LONG,
  async () => {
    const image = buildOciImage({
      name: `kts.local/e2e-${id}:1`,
      files: [{ type: 'file', path: 'hello.txt', data: Buffer.from('hello') }],
      config: { Cmd: ['/hello.txt'] },
      createdBy: 'test',
    });
    const file = join(base, 'e2e.tar.gz');
    writeFileSync(file, gzipSync(image.archive));
    const progress: string[] = [];
    const result = await importImageArchive(file, {
      socket: layout.socket,
      onProgress: (p) => progress.push(p.phase),
    });
    assert.deepEqual(result.images, [image.name]);
    assert.ok(progress.includes('reading'));
    const status = await cri.imageStatus({ image: image.name });
    assert.equal(status?.id, image.configDigest);

    const dir = join(base, 'agent', 'images');
    mkdirSync(dir, { recursive: true });
    const second = buildOciImage({
      name: `kts.local/e2e-dir-${id}:1`,
      files: [],
      config: {},
      createdBy: 'test',
    });
    writeFileSync(join(dir, 'second.tar'), second.archive);
    writeFileSync(join(dir, 'notes.txt'), 'not an archive');
    writeFileSync(join(dir, 'broken.tar'), 'not a tar either');
    const stateFile = join(base, 'agent', 'images-imported.json');
    const first = await importImageDirectory(dir, { socket: layout.socket, stateFile });
    assert.deepEqual(
      first.map((r) => [r.file.split('/').pop(), r.images, !!r.error]),
      [
        ['broken.tar', [], true],
        ['second.tar', [second.name], false],
      ],
    );
    const again = await importImageDirectory(dir, { socket: layout.socket, stateFile });
    assert.equal(again.find((r) => r.file.endsWith('second.tar'))?.skipped, true);
  },
);

/** A `docker save` archive: manifest.json, the config, one layer tar. */
function dockerArchive(name: string): Buffer {
  const layer = createTar([{ type: 'file', path: 'from-docker.txt', data: Buffer.from('docker') }]);
  const layerId = createHash('sha256').update(layer).digest('hex');
  const config = Buffer.from(
    JSON.stringify({
      architecture: ociArchitecture(),
      os: 'linux',
      config: { Cmd: ['/from-docker.txt'] },
      rootfs: { type: 'layers', diff_ids: [`sha256:${layerId}`] },
    }),
  );
  const configName = `${createHash('sha256').update(config).digest('hex')}.json`;
  const manifest = [{ Config: configName, RepoTags: [name], Layers: [`${layerId}/layer.tar`] }];
  return createTar([
    { type: 'file', path: 'manifest.json', data: Buffer.from(JSON.stringify(manifest)) },
    { type: 'file', path: configName, data: config },
    { type: 'directory', path: layerId },
    { type: 'file', path: `${layerId}/layer.tar`, data: layer },
  ]);
}

test(
  'kts image import (the CLI) loads OCI and docker-archive tars; kts image ls lists them',
  LONG,
  async () => {
    const oci = join(base, 'cli-oci.tar');
    writeFileSync(
      oci,
      buildOciImage({ name: `kts.local/cli-oci-${id}:1`, files: [], config: {}, createdBy: 'test' }).archive,
    );
    const docker = join(base, 'cli-docker.tar');
    writeFileSync(docker, dockerArchive(`kts.local/cli-docker-${id}:1`));
    const kts = join(import.meta.dirname, '..', 'bin', 'kts');
    const endpoint = `unix://${layout.socket}`;
    const imported = spawnSync(
      kts,
      ['image', 'import', '--container-runtime-endpoint', endpoint, oci, docker],
      { encoding: 'utf8' },
    );
    assert.equal(imported.status, 0, imported.stderr);
    assert.match(imported.stdout, new RegExp(`imported kts.local/cli-oci-${id}:1`));
    assert.match(imported.stdout, new RegExp(`imported kts.local/cli-docker-${id}:1`));
    const listed = spawnSync(kts, ['image', 'ls', '--container-runtime-endpoint', endpoint], {
      encoding: 'utf8',
    });
    assert.equal(listed.status, 0, listed.stderr);
    assert.match(listed.stdout, new RegExp(`kts.local/cli-docker-${id}:1`));
    assert.match(listed.stdout, /kts\.local\/pause:3\.10/);
    const bad = spawnSync(
      kts,
      ['image', 'import', '--container-runtime-endpoint', endpoint, join(base, 'missing.tar')],
      { encoding: 'utf8' },
    );
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /missing\.tar: ENOENT/);
  },
);

test(
  'an existing runtime endpoint is used as is, and archives in agent/images are imported at start',
  LONG,
  async () => {
    const dataDir = join(base, 'second-agent');
    mkdirSync(join(dataDir, 'agent', 'images'), { recursive: true });
    const archive = buildOciImage({
      name: `kts.local/at-start-${id}:1`,
      files: [],
      config: {},
      createdBy: 'test',
    });
    writeFileSync(join(dataDir, 'agent', 'images', 'at-start.tar'), archive.archive);
    const external = await startNodeRuntime({
      dataDir,
      containerRuntimeEndpoint: `unix://${layout.socket}`,
      clusterCIDR: clusterCIDR!,
    });
    try {
      assert.equal(external.supervisor, undefined);
      assert.equal(external.endpoint, `unix://${layout.socket}`);
      assert.deepEqual(external.builtinImported, []);
      assert.deepEqual(
        external.archives.map((a) => a.images),
        [[archive.name]],
      );
      assert.ok(await external.cri.imageStatus({ image: archive.name }));
    } finally {
      await external.stop();
    }
    // Stopping a client of an external runtime leaves the runtime running.
    assert.equal((await cri.version()).runtimeName, 'containerd');
  },
);

const pod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', uid: `e2e-${id}-uid`, labels: { app: 'web' } },
  spec: {
    nodeName: 'node-e2e',
    restartPolicy: 'Always',
    containers: [
      {
        name: 'web',
        image: BUSYBOX_IMAGE,
        command: [
          'sh',
          '-c',
          'echo "$(GREETING) from $(POD_NAME)" > /var/www/index.html; echo started; exec httpd -f -v -p 80 -h /var/www',
        ],
        env: [
          { name: 'GREETING', value: 'hello' },
          { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        ],
        ports: [{ containerPort: 80, hostPort }],
        resources: { limits: { memory: '64Mi', cpu: '500m' }, requests: { memory: '32Mi', cpu: '100m' } },
      },
      { name: 'crash', image: BUSYBOX_IMAGE, command: ['sh', '-c', 'echo bye >&2; exit 3'] },
      {
        name: 'hog',
        image: BUSYBOX_IMAGE,
        // Holds 64 MiB in memory against a 16 MiB limit: the kernel's OOM killer ends it.
        command: ['sh', '-c', 'x=$(head -c 67108864 /dev/zero | tr "\\0" a); sleep 100'],
        resources: { limits: { memory: '16Mi' } },
      },
    ],
  },
};
let sandboxId = '';
let sandboxConfig: PodSandboxConfig;
let podIP = '';
const containerIds = new Map<string, string>();

test('a pod with an httpd container runs and serves its page on the pod IP', LONG, async () => {
  const settings = { dns: { servers: ['10.43.0.10'], domain: 'cluster.local' }, podsCgroup, podLogsRoot };
  sandboxConfig = podSandboxConfig(pod, 0, settings).config;
  mkdirSync(sandboxConfig.logDirectory!, { recursive: true });
  sandboxId = await cri.runPodSandbox(sandboxConfig);
  const sandbox = runtimeSandboxFromCri((await cri.podSandboxStatus(sandboxId)).status!);
  assert.equal(sandbox.ready, true);
  podIP = sandbox.ips[0]!;
  // Network safety: only talk to the pod once the kernel routes its IP to our bridge.
  const route = await routeGet(podIP);
  assert.equal(route.dev, network?.bridge, `route to ${podIP}: ${JSON.stringify(route)}`);

  for (const c of pod.spec!.containers) {
    const image = await cri.imageStatus({ image: c.image! });
    const { env } = makeEnvironmentVariables(pod, c, {
      configMaps: new Map(),
      secrets: new Map(),
      podIPs: [podIP],
      hostIPs: ['127.0.0.1'],
      nodeAllocatable: {},
    });
    const config = containerConfig(
      pod,
      c,
      { imageRef: image!.id, restartCount: 0, env },
      { memoryCapacity: 24 * 1024 ** 3 },
    );
    const cid = await cri.createContainer(sandboxId, config, sandboxConfig);
    await cri.startContainer(cid);
    containerIds.set(c.name, cid);
  }

  const page = await waitFor('the page on the pod IP', async () => {
    const res = await fetch(`http://${podIP}/`, { signal: AbortSignal.timeout(3000) });
    return res.ok ? res.text() : undefined;
  });
  assert.equal(page, 'hello from web\n');
  const viaHostPort = await waitFor('the page on the hostPort', async () => {
    const res = await fetch(`http://127.0.0.1:${hostPort}/`, { signal: AbortSignal.timeout(3000) });
    return res.ok ? res.text() : undefined;
  });
  assert.equal(viaHostPort, 'hello from web\n');
});

test('cgroup limits from the pod spec are in place', LONG, async () => {
  const parent = sandboxConfig.linux!.cgroupParent!;
  assert.equal(parent, `${podsCgroup}/burstable/pod${pod.metadata!.uid}`);
  const web = containerIds.get('web')!;
  const limit = readFileSync(`/sys/fs/cgroup/memory${parent}/${web}/memory.limit_in_bytes`, 'utf8').trim();
  assert.equal(limit, String(64 * 1024 * 1024));
  const quota = readFileSync(`/sys/fs/cgroup/cpu${parent}/${web}/cpu.cfs_quota_us`, 'utf8').trim();
  assert.equal(quota, '50000');
});

test('ExecSync runs commands in the container', LONG, async () => {
  const web = containerIds.get('web')!;
  const hi = await cri.execSync(web, ['echo', 'hi'], 30);
  assert.equal(hi.exitCode, 0);
  assert.equal(hi.stdout.toString(), 'hi\n');
  const fail = await cri.execSync(web, ['sh', '-c', 'echo oops >&2; exit 7'], 30);
  assert.equal(fail.exitCode, 7);
  assert.equal(fail.stderr.toString(), 'oops\n');
});

test('container logs are CRI-format files that format for kubectl logs', LONG, async () => {
  const file = join(sandboxConfig.logDirectory!, 'web', '0.log');
  const raw = readFileSync(file);
  assert.match(raw.toString(), /^\S+Z stdout F started\n/);
  assert.match(formatCriLog(raw, { stream: 'stdout' }).toString(), /^started\n/);
  const crash = await waitFor('the crash container log', async () => {
    const text = formatCriLog(readFileSync(join(sandboxConfig.logDirectory!, 'crash', '0.log'))).toString();
    return text || undefined;
  });
  assert.equal(crash, 'bye\n');
});

test('pod status computed from the CRI state', LONG, async () => {
  await waitFor('hog and crash to exit', async () => {
    const list = await cri.listContainers({ podSandboxId: sandboxId, state: { state: 'CONTAINER_EXITED' } });
    return list.length === 2 ? list : undefined;
  });
  // Found by the kubelet's labels, as a restarted kubelet finds them.
  const sandboxes = await cri.listPodSandbox({ labelSelector: { [POD_UID_LABEL]: pod.metadata!.uid! } });
  assert.deepEqual(
    sandboxes.map((s) => s.id),
    [sandboxId],
  );
  const listed = await cri.listContainers({ labelSelector: { [POD_UID_LABEL]: pod.metadata!.uid! } });
  assert.equal(listed.length, 3);
  const containers = [];
  for (const c of listed) containers.push(runtimeContainerFromCri((await cri.containerStatus(c.id)).status!));
  const sandbox = runtimeSandboxFromCri((await cri.podSandboxStatus(sandboxId)).status!);
  const status = generatePodStatus(pod, {
    runtime: runtimePodStatus([sandbox], containers),
    hostIPs: ['192.0.2.2'],
    now: Date.now(),
  });
  assert.equal(status.phase, 'Running');
  assert.equal(status.podIP, podIP);
  assert.equal(status.qosClass, 'Burstable');
  const byName = new Map(status.containerStatuses!.map((s) => [s.name, s]));
  assert.ok(byName.get('web')?.state?.running);
  assert.equal(byName.get('web')?.ready, true);
  assert.equal(byName.get('web')?.containerID, `containerd://${containerIds.get('web')}`);
  assert.equal(byName.get('crash')?.state?.terminated?.exitCode, 3);
  assert.equal(byName.get('crash')?.state?.terminated?.reason, 'Error');
  assert.equal(byName.get('hog')?.state?.terminated?.reason, 'OOMKilled');
  assert.equal(status.conditions?.find((c) => c.type === 'Ready')?.status, 'False');
});

test('per-pod and per-container stats come from the CRI', LONG, async () => {
  const [podStats] = await cri.listPodSandboxStats({ id: sandboxId });
  assert.equal(podStats?.attributes?.id, sandboxId);
  assert.ok(
    (podStats?.linux?.memory?.workingSetBytes?.value ?? 0) > 0,
    JSON.stringify(podStats?.linux?.memory),
  );
  const web = await cri.containerStats(containerIds.get('web')!);
  assert.equal(web?.attributes?.metadata?.name, 'web');
  assert.ok((web?.memory?.workingSetBytes?.value ?? 0) > 0);
  assert.ok((web?.cpu?.usageCoreNanoSeconds?.value ?? 0) > 0);
});

test('a pull from an unreachable registry fails fast and reads as ErrImagePull', LONG, async () => {
  // A registry on loopback's port 1: refused at once, and no traffic leaves the machine.
  const image = '127.0.0.1:1/kts/none:1';
  const c = { name: 'x', image };
  const backoff = new ImagePullBackoff();
  assert.deepEqual(imageDecision(pod, c, undefined, backoff, Date.now()), { action: 'pull' });
  const err = await cri.pullImage({ image }).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(err instanceof CriError, String(err));
  const failure = pullFailure(pod, c, err, backoff, Date.now());
  assert.equal(failure.reason, 'ErrImagePull');
  assert.match(failure.message, /^rpc error: code = \w+ desc = .*127\.0\.0\.1:1/);
  assert.equal(
    (imageDecision(pod, c, undefined, backoff, Date.now()) as { reason?: string }).reason,
    'ImagePullBackOff',
  );
});

test('containers survive a containerd crash; the supervisor restarts it', LONG, async () => {
  const oldPid = supervisorPid()!;
  process.kill(oldPid, 'SIGKILL');
  await waitFor('containerd to come back', async () => {
    const pid = supervisorPid();
    return pid !== undefined && pid !== oldPid ? true : undefined;
  });
  assert.ok(events.some((e) => e.type === 'restarting'));
  const web = await waitFor('the web container after the restart', async () => {
    const s = await cri.containerStatus(containerIds.get('web')!);
    return s.status?.state === 'CONTAINER_RUNNING' ? s : undefined;
  });
  assert.ok(web);
  const res = await fetch(`http://${podIP}/`, { signal: AbortSignal.timeout(5000) });
  assert.equal(await res.text(), 'hello from web\n');
});

test('stopping and removing everything leaves nothing behind', LONG, async () => {
  await cri.stopPodSandbox(sandboxId);
  await cri.removePodSandbox(sandboxId);
  assert.deepEqual(await cri.listContainers(), []);
  assert.deepEqual(await cri.listPodSandbox(), []);
  await cleanupEverything();

  assert.equal(supervisorPid(), undefined);
  assert.deepEqual(shimPids(layout.socket), []);
  const mountinfo = readFileSync('/proc/self/mountinfo', 'utf8');
  assert.deepEqual(mountsUnder(mountinfo, [base]), [], 'no overlay, shm or netns mount');
  assert.deepEqual(existsSync(layout.netnsDir) ? readdirSync(layout.netnsDir) : [], [], 'no cni-* netns');
  const net = network!;
  assert.equal(await linkExists(net.bridge), false, 'bridge removed');
  assert.deepEqual(
    (await linksOfKind('veth')).filter((l) => l.master === net.bridge),
    [],
    'no veth',
  );
  const nat = (await runCommand('iptables-save', ['-t', 'nat'])).stdout;
  assert.equal(nat.includes(`dnat name: \\"${net.networkName}\\"`), false, 'no portmap rule');
  assert.deepEqual(
    planHostportCleanup(nat, net.networkName).deleteChains.filter((c) => c.startsWith('CNI-DN-')),
    [],
  );
  const unreachable = (await runCommand('ip', ['-j', 'route', 'show', 'type', 'unreachable'])).stdout;
  assert.equal(unreachable.includes(net.clusterCIDR), false, 'safety route removed');
  assert.equal(cgroupExists(podsCgroup), false, 'pod cgroups removed');
  const cniResults = existsSync('/var/lib/cni/results') ? readdirSync('/var/lib/cni/results') : [];
  assert.deepEqual(
    cniResults.filter((n) => n.includes(net.networkName)),
    [],
    'no CNI cache entry',
  );
});
