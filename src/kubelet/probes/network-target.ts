// Where probes and lifecycle hooks may connect (DESIGN §6, network safety): the pod's own IPs
// on this node's pod network, the node's own addresses and loopback. Anything else is refused
// with a message instead of being dialled, so a probe's `host` can never send traffic off the
// machine.
import { isIPv4 } from 'node:net';
import { cidrContains } from '../cni/conflist.ts';

export interface TargetPolicy {
  /** The node's podCIDR (pods on our bridge), once known. */
  podCIDR?: string;
  /** The node's own addresses. */
  hostIPs: readonly string[];
}

export function allowedTarget(ip: string, policy: TargetPolicy): boolean {
  if (ip === '::1' || ip === 'localhost') return true;
  if (!isIPv4(ip)) return false;
  if (ip.startsWith('127.')) return true;
  if (policy.hostIPs.includes(ip)) return true;
  return !!policy.podCIDR && cidrContains(policy.podCIDR, `${ip}/32`);
}

export function refusedTargetMessage(ip: string): string {
  return `refusing to connect to ${ip}: only pod IPs on this node, the node's addresses and loopback are probed`;
}
