// The `node-ipam` controller (upstream's range allocator): every node gets `spec.podCIDR(s)`, a
// /24 of settings.clusterCIDR. Subnets already on nodes are taken as used when it starts, so
// allocations survive restarts; a deleted node's subnet is released.
import type { Node } from 'kubernetes-types/core/v1.d.ts';
import { NODES } from '../../client/index.ts';
import type { ControllerDefinition } from '../controller-definition.ts';
import { runControllers } from '../internal/run.ts';
import { CidrSet } from './cidr-set.ts';

function podCIDRsOf(node: Node): string[] {
  const cidrs = node.spec?.podCIDRs?.length
    ? node.spec.podCIDRs
    : node.spec?.podCIDR
      ? [node.spec.podCIDR]
      : [];
  return [...cidrs];
}

export const nodeIpamController: ControllerDefinition = {
  name: 'node-ipam',
  enabledByDefault: true,
  async start(ctx) {
    const set = new CidrSet(ctx.settings.clusterCIDR, 24);
    const nodes = ctx.informers.informerFor<Node>(NODES);
    const client = ctx.client.resource<Node>(NODES);
    const recorder = ctx.recorder('cidrAllocator');
    /** Subnet per node name, as this allocator knows it (ahead of the cache after a patch). */
    const assigned = new Map<string, string>();
    let initialized = false;
    const initialize = () => {
      // Every node the synced cache shows keeps its subnet.
      for (const node of nodes.lister.list()) {
        for (const cidr of podCIDRsOf(node))
          if (set.occupy(cidr)) assigned.set(node.metadata?.name ?? '', cidr);
      }
      initialized = true;
    };
    return runControllers(ctx, [
      {
        name: 'node-ipam-controller',
        for: NODES,
        workers: 1,
        async reconcile(name) {
          if (!initialized) initialize();
          const node = nodes.lister.get(name);
          if (!node) {
            const cidr = assigned.get(name);
            if (cidr) set.release(cidr);
            assigned.delete(name);
            return;
          }
          const existing = podCIDRsOf(node);
          if (existing.length) {
            for (const cidr of existing) if (set.occupy(cidr)) assigned.set(name, cidr);
            return;
          }
          let cidr = assigned.get(name);
          if (!cidr) {
            cidr = set.allocateNext();
            if (!cidr) {
              recorder.event(
                { ...node, apiVersion: 'v1', kind: 'Node' },
                'Normal',
                'CIDRNotAvailable',
                `Node ${name} status is now: CIDRNotAvailable`,
              );
              throw new Error(
                `failed to allocate cidr from cluster cidr ${ctx.settings.clusterCIDR}: CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range`,
              );
            }
            assigned.set(name, cidr);
          }
          try {
            await client.patch(name, 'merge', { spec: { podCIDR: cidr, podCIDRs: [cidr] } });
          } catch (e) {
            // Deleted meanwhile: give the subnet back; otherwise retry with the same one.
            if ((e as { code?: number }).code === 404) {
              set.release(cidr);
              assigned.delete(name);
              return;
            }
            recorder.event(
              { ...node, apiVersion: 'v1', kind: 'Node' },
              'Normal',
              'CIDRAssignmentFailed',
              `Node ${name} status is now: CIDRAssignmentFailed`,
            );
            throw e;
          }
        },
      },
    ]);
  },
};
