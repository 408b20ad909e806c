// Sets up and tears down a node's pod network on the host: the CNI conflist containerd reads,
// and the safety route of DESIGN §6 (an `unreachable` route for the whole cluster CIDR, so
// traffic to a pod subnet no node holds never leaves the machine; the node's own podCIDR on
// the bridge is more specific and wins). Both functions are idempotent.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFLIST_FILE, cidrContains, type PodNetworkSpec, parseCidr, renderConflist } from './conflist.ts';
import { linkExists, mustRun, runCommand } from './host-commands.ts';
import { removeHostportChains } from './hostport-chains.ts';

export interface NodeNetworkOptions extends PodNetworkSpec {
  /** Directory containerd's CRI plugin reads the conflist from. */
  cniConfDir: string;
  /** The cluster's pod CIDR (default 10.42.0.0/16); the node's podCIDR must lie inside it. */
  clusterCIDR: string;
  /** Where libcni caches results (/var/lib/cni); entries of this network are removed on teardown. */
  cniCacheDir?: string;
}

const DEFAULT_CNI_CACHE = '/var/lib/cni';

/** Writes a file only when its content changes, atomically (containerd watches the directory). */
function writeIfChanged(path: string, content: string): boolean {
  if (existsSync(path) && readFileSync(path, 'utf8') === content) return false;
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, content, { mode: 0o644 });
  renameSync(tmp, path);
  return true;
}

/** Adds (or keeps) `unreachable CIDR` in the main routing table. */
export async function ensureUnreachableRoute(cidr: string): Promise<void> {
  parseCidr(cidr);
  await mustRun('ip', ['route', 'replace', 'unreachable', cidr]);
}

/** Removes `unreachable CIDR` if present; never touches another route for that prefix. */
export async function removeUnreachableRoute(cidr: string): Promise<void> {
  const out = await mustRun('ip', ['-j', 'route', 'show', 'type', 'unreachable']);
  const routes = JSON.parse(out || '[]') as { dst: string }[];
  if (routes.some((r) => r.dst === cidr)) await mustRun('ip', ['route', 'del', 'unreachable', cidr]);
}

/** The conflist for this node, and the safety route. Returns the conflist's path. */
export async function setupNodeNetwork(options: NodeNetworkOptions): Promise<string> {
  if (!cidrContains(options.clusterCIDR, options.podCIDR)) {
    throw new Error(`podCIDR ${options.podCIDR} is not inside the cluster CIDR ${options.clusterCIDR}`);
  }
  mkdirSync(options.cniConfDir, { recursive: true });
  mkdirSync(options.ipamDataDir, { recursive: true });
  // Route first: from the moment pods can get addresses, stray traffic has nowhere to go.
  await ensureUnreachableRoute(options.clusterCIDR);
  const path = join(options.cniConfDir, CONFLIST_FILE);
  writeIfChanged(path, renderConflist(options));
  return path;
}

/** Removes libcni's cached results of this network (`<cache>/results/<network>-<id>-<ifname>`). */
export function removeCniCache(networkName: string, cacheDir = DEFAULT_CNI_CACHE): string[] {
  const dir = join(cacheDir, 'results');
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed = names.filter((n) => n.startsWith(`${networkName}-`)).map((n) => join(dir, n));
  for (const file of removed) rmSync(file, { force: true });
  return removed;
}

/**
 * Undoes setupNodeNetwork and what the CNI plugins left for this network: the conflist, the
 * bridge, host-local leases, libcni's cache, portmap's chains and the safety route. Run it
 * after the pods are gone (their veths go with their network namespaces).
 */
export async function teardownNodeNetwork(
  options: Omit<NodeNetworkOptions, 'podCIDR'> & { podCIDR?: string },
): Promise<void> {
  rmSync(join(options.cniConfDir, CONFLIST_FILE), { force: true });
  if (await linkExists(options.bridge)) await runCommand('ip', ['link', 'del', 'dev', options.bridge]);
  rmSync(join(options.ipamDataDir, options.networkName), { recursive: true, force: true });
  removeCniCache(options.networkName, options.cniCacheDir);
  await removeHostportChains(options.networkName);
  await removeUnreachableRoute(options.clusterCIDR);
}
