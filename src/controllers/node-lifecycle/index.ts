// The `node-lifecycle` controller: watches nodes' heartbeats (Ready condition and their Lease in
// kube-node-lease). A node silent for settings.nodeMonitorGracePeriodMs gets its conditions set
// to Unknown, a NodeNotReady event, and its pods marked not ready; the node's taints follow its
// conditions (NoSchedule by condition, NoExecute not-ready/unreachable, which the taint
// eviction controller acts on), and are removed when it recovers.
import type { Lease } from 'kubernetes-types/coordination/v1.d.ts';
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import { indexByNodeName, isNotFound, LEASES, NODE_NAME_INDEX, NODES, PODS } from '../../client/index.ts';
import type { ControllerDefinition } from '../controller-definition.ts';
import { errorMessage } from '../internal/errors.ts';
import { setPodCondition } from '../internal/pods.ts';
import { runControllers } from '../internal/run.ts';
import { metaTime } from '../internal/time.ts';
import { NodeHealthTracker, nodeCondition } from './health.ts';
import { desiredTaints } from './taints.ts';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** How often nodes are checked: an eighth of the grace period, between 100 ms and upstream's 5 s. */
export function monitorPeriodMs(graceMs: number): number {
  return Math.min(5000, Math.max(100, Math.floor(graceMs / 8)));
}

export const nodeLifecycleController: ControllerDefinition = {
  name: 'node-lifecycle',
  enabledByDefault: true,
  async start(ctx) {
    const { settings } = ctx;
    const nodes = ctx.informers.informerFor<Node>(NODES);
    const leases = ctx.informers.informerFor<Lease>(LEASES, { namespace: NODE_LEASE_NAMESPACE });
    const pods = ctx.informers.informerFor<Pod>(PODS, { indexers: { [NODE_NAME_INDEX]: indexByNodeName } });
    const nodeClient = ctx.client.resource<Node>(NODES);
    const podClient = ctx.client.resource<Pod>(PODS);
    const recorder = ctx.recorder('node-controller');
    const tracker = new NodeHealthTracker(settings.nodeMonitorGracePeriodMs);
    const podsToRetry = new Set<string>();
    /** Nodes seen so far (name → uid), for upstream's RegisteredNode / RemovingNode events. */
    const known = new Map<string, string>();

    /** Upstream's MarkPodsNotReady: Ready=False on every pod of the node. */
    const markPodsNotReady = async (nodeName: string): Promise<void> => {
      const now = metaTime(settings.now());
      for (const cached of pods.lister.byIndex(NODE_NAME_INDEX, nodeName)) {
        if (cached.spec?.nodeName !== nodeName) continue;
        const ready = cached.status?.conditions?.find((c) => c.type === 'Ready');
        if (!ready) continue;
        const pod = structuredClone(cached) as Pod & { status: NonNullable<Pod['status']> };
        pod.status = { ...pod.status };
        if (!setPodCondition(pod.status, { ...ready, status: 'False' }, now)) continue;
        try {
          await podClient.namespace(pod.metadata?.namespace ?? '').updateStatus(pod);
          recorder.event(
            { ...pod, apiVersion: 'v1', kind: 'Pod' },
            'Warning',
            'NodeNotReady',
            'Node is not ready',
          );
        } catch (e) {
          if (isNotFound(e)) continue;
          throw e;
        }
      }
    };

    const monitor = async (): Promise<void> => {
      const nowMs = settings.now();
      const now = metaTime(nowMs);
      const seen = new Set<string>();
      for (const node of nodes.lister.list()) {
        const name = node.metadata?.name ?? '';
        seen.add(name);
        if (!known.has(name)) {
          known.set(name, node.metadata?.uid ?? '');
          recorder.event(
            { apiVersion: 'v1', kind: 'Node', name, uid: node.metadata?.uid ?? '', namespace: '' },
            'Normal',
            'RegisteredNode',
            `Registered Node ${name} in Controller`,
          );
        }
        const verdict = tracker.check(node, leases.lister.get(NODE_LEASE_NAMESPACE, name), nowMs, now);
        if (verdict.conditionsToWrite) {
          try {
            const updated = {
              ...structuredClone(node),
              status: { ...node.status, conditions: verdict.conditionsToWrite },
            };
            await nodeClient.updateStatus(updated);
            tracker.written(node, verdict.conditionsToWrite);
          } catch (e) {
            if (!isNotFound(e)) console.error(`node-lifecycle: updating node ${name}: ${errorMessage(e)}`);
            continue;
          }
        }
        const current = verdict.currentReady;
        if (!current) continue;
        let markPods = false;
        if (current.status !== 'True' && verdict.observedReady.status === 'True') {
          recorder.event(
            { ...node, apiVersion: 'v1', kind: 'Node' },
            'Normal',
            'NodeNotReady',
            `Node ${name} status is now: NodeNotReady`,
          );
          markPods = true;
        } else if (podsToRetry.has(name) && verdict.observedReady.status !== 'True') {
          markPods = true;
        }
        if (markPods) {
          try {
            await markPodsNotReady(name);
            podsToRetry.delete(name);
          } catch (e) {
            podsToRetry.add(name);
            console.error(`node-lifecycle: marking pods of ${name} not ready: ${errorMessage(e)}`);
          }
        } else {
          podsToRetry.delete(name);
        }
      }
      for (const name of [...podsToRetry]) if (!seen.has(name)) podsToRetry.delete(name);
      for (const [name, uid] of [...known]) {
        if (seen.has(name)) continue;
        known.delete(name);
        tracker.forget(name);
        recorder.event(
          { apiVersion: 'v1', kind: 'Node', name, uid, namespace: '' },
          'Normal',
          'RemovingNode',
          `Removing Node ${name} from Controller`,
        );
      }
    };

    let timer: ReturnType<typeof setTimeout> | undefined;
    let running: Promise<void> | undefined;
    let stopped = false;
    const loop = () => {
      if (stopped) return;
      running = monitor()
        .catch((e) => console.error(`node-lifecycle: monitor: ${errorMessage(e)}`))
        .finally(() => {
          if (!stopped) timer = setTimeout(loop, monitorPeriodMs(settings.nodeMonitorGracePeriodMs));
        });
    };

    return runControllers(
      ctx,
      [
        {
          // Taints follow each node's conditions whenever it changes.
          name: 'node-lifecycle-taints',
          for: NODES,
          watches: [{ resource: LEASES, selector: { namespace: NODE_LEASE_NAMESPACE }, map: () => [] }],
          workers: 2,
          async reconcile(name) {
            const node = nodes.lister.get(name);
            if (!node) {
              tracker.forget(name);
              return;
            }
            const ready = nodeCondition(node, 'Ready');
            const { taints, changed } = desiredTaints(
              node,
              ready?.status,
              ready !== undefined,
              metaTime(settings.now()),
            );
            if (!changed) return;
            await nodeClient.patch(name, 'merge', {
              metadata: { resourceVersion: node.metadata?.resourceVersion },
              spec: { taints: taints.length ? taints : null },
            });
          },
        },
      ],
      {
        start: () => loop(),
        stop: async () => {
          stopped = true;
          if (timer) clearTimeout(timer);
          await running;
        },
      },
    );
  },
};
