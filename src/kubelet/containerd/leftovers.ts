// Removes what kts's containerd leaves on the host after it stopped or crashed: containers and
// their shims, mounts (rootfs overlays, sandbox shm, network namespaces) under its own dirs,
// shim sockets in the fixed /run/containerd/s, and the CNI network's cache, leases and portmap
// chains. Everything is matched to *this* containerd (its socket, its dirs, its CNI network
// name), so another containerd on the host is never touched. Like k3s's killall script, this
// ends every container of this containerd: run it only to clean a node (or after a test).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from '../cni/host-commands.ts';
import { removeHostportChains } from '../cni/hostport-chains.ts';
import { removeCniCache } from '../cni/pod-network.ts';
import { type ContainerdLayout, CRI_NAMESPACE } from './config.ts';
import { processArgv, stopProcess } from './processes.ts';

/** containerd 1.6 puts every shim's socket here, whatever its own state dir. */
const SHIM_SOCKET_DIR = '/run/containerd/s';
/** libcni's cache; containerd 1.6 gives it no other place. */
const CNI_CACHE_DIR = '/var/lib/cni';

/** A shim's socket name: sha256 of `<containerd address>/<namespace>/<id>` (containerd 1.6). */
export function shimSocketPath(containerdSocket: string, namespace: string, id: string): string {
  return join(
    SHIM_SOCKET_DIR,
    createHash('sha256')
      .update(join(containerdSocket, namespace, id))
      .digest('hex'),
  );
}

/** Mount points from /proc/self/mountinfo that lie under one of `dirs`, deepest first. Pure. */
export function mountsUnder(mountinfo: string, dirs: string[]): string[] {
  const points = mountinfo
    .split('\n')
    .filter(Boolean)
    .map((line) =>
      line
        .split(' ')[4]!
        .replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(Number.parseInt(oct, 8))),
    )
    .filter((p) => dirs.some((d) => p === d || p.startsWith(`${d.replace(/\/$/, '')}/`)));
  return [...new Set(points)].sort((a, b) => b.split('/').length - a.split('/').length || b.localeCompare(a));
}

/** PIDs of processes whose program path contains `program` and whose argv has `flag value`. */
function pidsWith(program: string, flag: string, value: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const argv = processArgv(Number(entry));
    if (!argv[0]?.includes(program)) continue;
    const i = argv.indexOf(flag);
    if (i !== -1 && argv[i + 1] === value) pids.push(Number(entry));
  }
  return pids;
}

/** PIDs of containerd shims serving the containerd at `socket` (`-address <socket>` in argv). */
export function shimPids(socket: string): number[] {
  return pidsWith('containerd-shim', '-address', socket);
}

/**
 * PIDs of containerd daemons started with this layout's config (`--config <file>`): one outlives
 * its supervisor when the agent is SIGKILLed (on purpose: its containers keep running for the
 * next agent to adopt), so cleaning the node stops it.
 */
export function containerdPids(configFile: string): number[] {
  return pidsWith('/containerd', '--config', configFile).filter(
    (pid) => !processArgv(pid)[0]?.includes('containerd-shim'),
  );
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export interface LeftoverCleanupOptions {
  /** The CNI network whose cache and portmap chains go too. */
  networkName?: string;
  /** host-local's lease directory for that network (`<ipamDataDir>/<networkName>` is removed). */
  ipamDataDir?: string;
  namespace?: string;
}

export interface LeftoverReport {
  /** containerd daemons of this layout that were still running. */
  daemons: number[];
  containers: string[];
  shims: number[];
  unmounted: string[];
  shimSockets: string[];
}

/**
 * Call with the agent stopped. A containerd of this layout still running (its supervisor was
 * killed) is stopped first: it would restart what this removes.
 */
export async function cleanupContainerdLeftovers(
  layout: ContainerdLayout,
  options: LeftoverCleanupOptions = {},
): Promise<LeftoverReport> {
  const namespace = options.namespace ?? CRI_NAMESPACE;
  const runcRoot = join(layout.runcRoot, namespace);
  const report: LeftoverReport = { daemons: [], containers: [], shims: [], unmounted: [], shimSockets: [] };

  // 0. An orphaned containerd of ours.
  for (const pid of containerdPids(layout.configFile)) {
    await stopProcess(pid, 5000);
    report.daemons.push(pid);
  }
  // 1. Containers still known to runc under our root: kill and delete them.
  const containers = listDir(runcRoot);
  for (const id of containers) {
    await runCommand('runc', ['--root', runcRoot, 'delete', '--force', id]);
    report.containers.push(id);
  }
  // 2. Their shims (they would otherwise linger, re-parented to PID 1).
  for (const pid of shimPids(layout.socket)) {
    await stopProcess(pid, 2000);
    report.shims.push(pid);
  }
  // 3. Shim sockets, for every id this containerd ran a task for.
  const taskDir = join(layout.stateDir, 'io.containerd.runtime.v2.task', namespace);
  for (const id of new Set([...containers, ...listDir(taskDir)])) {
    const socket = shimSocketPath(layout.socket, namespace, id);
    rmSync(socket, { force: true });
    report.shimSockets.push(socket);
  }
  // Listed before step 4: the state dir may be a tmpfs of its own, empty once unmounted.
  const ids = new Set([...containers, ...listDir(taskDir)]);
  // 4. Mounts under our dirs: rootfs overlays, sandbox /dev/shm, network namespace files, and
  // the state dir's own tmpfs (volatile-state.ts), deepest first.
  const mountinfo = readFileSync('/proc/self/mountinfo', 'utf8');
  for (const point of mountsUnder(mountinfo, [layout.stateDir, layout.rootDir])) {
    const r = await runCommand('umount', [point]);
    if (r.code !== 0) await runCommand('umount', ['-l', point]);
    report.unmounted.push(point);
  }
  for (const name of listDir(layout.netnsDir)) rmSync(join(layout.netnsDir, name), { force: true });
  // 5. libcni's cached results for our sandboxes (`<network>-<id>-<ifname>`, loopback's too).
  const resultsDir = join(CNI_CACHE_DIR, 'results');
  for (const name of listDir(resultsDir)) {
    if ([...ids].some((id) => name.includes(`-${id}-`))) rmSync(join(resultsDir, name), { force: true });
  }
  // 6. The CNI network's leftovers on the host.
  if (options.networkName) {
    removeCniCache(options.networkName, CNI_CACHE_DIR);
    await removeHostportChains(options.networkName);
    if (options.ipamDataDir)
      rmSync(join(options.ipamDataDir, options.networkName), { recursive: true, force: true });
  }
  return report;
}
