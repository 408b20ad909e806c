// The CNI network config for a node: one Linux bridge holding the node's podCIDR, addresses
// from host-local IPAM (leases kept in kts's own directory), hostPort through portmap. The
// loopback plugin is not listed: containerd sets up each pod's loopback itself.

export interface PodNetworkSpec {
  /** CNI network name; also names the CNI cache files and portmap chains it owns. */
  networkName: string;
  /** The Linux bridge the pods' veths join (≤ 15 characters). */
  bridge: string;
  /** The node's spec.podCIDR, e.g. 10.42.0.0/24. */
  podCIDR: string;
  /** host-local's lease directory: kts's own, so that leases are kts's to clean. */
  ipamDataDir: string;
  /** Masquerade pod traffic leaving the cluster CIDR. Off: pods talk to pods and the node. */
  ipMasq?: boolean;
  /** MTU of the bridge and veths; the plugin's default (1500) when unset. */
  mtu?: number;
}

export const DEFAULT_NETWORK_NAME = 'kts';
export const DEFAULT_BRIDGE = 'kts0';
export const DEFAULT_CLUSTER_CIDR = '10.42.0.0/16';
export const CONFLIST_FILE = '10-kts.conflist';

const INTERFACE_NAME = /^[A-Za-z0-9_.-]{1,15}$/;

/** Parses `a.b.c.d/n` (IPv4); throws with the offending text otherwise. */
export function parseCidr(cidr: string): { address: number; prefix: number } {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  const octets = m?.slice(1, 5).map(Number);
  const prefix = Number(m?.[5]);
  if (!m || !octets || octets.some((o) => o > 255) || prefix > 32)
    throw new Error(`invalid IPv4 CIDR ${JSON.stringify(cidr)}`);
  const address = ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  if ((address & ~mask) >>> 0 !== 0) throw new Error(`CIDR ${cidr} has host bits set`);
  return { address, prefix };
}

/** True when `inner` lies inside `outer`. */
export function cidrContains(outer: string, inner: string): boolean {
  const o = parseCidr(outer);
  const i = parseCidr(inner);
  if (i.prefix < o.prefix) return false;
  const mask = o.prefix === 0 ? 0 : (0xffffffff << (32 - o.prefix)) >>> 0;
  return (i.address & mask) >>> 0 === o.address;
}

export function renderConflist(spec: PodNetworkSpec): string {
  if (!INTERFACE_NAME.test(spec.bridge))
    throw new Error(`invalid bridge name ${JSON.stringify(spec.bridge)}`);
  parseCidr(spec.podCIDR);
  const bridge: Record<string, unknown> = {
    type: 'bridge',
    bridge: spec.bridge,
    isGateway: true,
    ipMasq: spec.ipMasq ?? false,
    // A pod reaching a Service that lands on itself goes out and back through the bridge.
    hairpinMode: true,
    ipam: {
      type: 'host-local',
      ranges: [[{ subnet: spec.podCIDR }]],
      routes: [{ dst: '0.0.0.0/0' }],
      dataDir: spec.ipamDataDir,
    },
  };
  if (spec.mtu) bridge.mtu = spec.mtu;
  const conflist = {
    cniVersion: '0.4.0',
    name: spec.networkName,
    plugins: [bridge, { type: 'portmap', capabilities: { portMappings: true } }],
  };
  return `${JSON.stringify(conflist, null, 2)}\n`;
}
