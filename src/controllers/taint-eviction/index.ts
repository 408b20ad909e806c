// The `taint-eviction-controller` (upstream's taint manager): pods on a node with NoExecute
// taints they do not tolerate are deleted at once; pods tolerating them for tolerationSeconds
// are deleted when that time has passed since the taint was noticed (cancelled if the taint
// goes first). Each eviction is announced with a TaintManagerEviction event and a
// DisruptionTarget condition on the pod.
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import {
  indexByNodeName,
  isConflict,
  isNotFound,
  NODE_NAME_INDEX,
  NODES,
  PODS,
  splitKey,
} from '../../client/index.ts';
import type { ControllerDefinition } from '../controller-definition.ts';
import { isPodTerminating, setPodCondition } from '../internal/pods.ts';
import { runControllers } from '../internal/run.ts';
import { metaTime } from '../internal/time.ts';
import { evictionDecision, noExecuteTaints, type ScheduledEviction } from './tolerations.ts';

export const taintEvictionController: ControllerDefinition = {
  name: 'taint-eviction-controller',
  enabledByDefault: true,
  async start(ctx) {
    const pods = ctx.informers.informerFor<Pod>(PODS, { indexers: { [NODE_NAME_INDEX]: indexByNodeName } });
    const nodes = ctx.informers.informerFor<Node>(NODES);
    const client = ctx.client.resource<Pod>(PODS);
    const recorder = ctx.recorder('taint-eviction-controller');
    const scheduled = new Map<string, ScheduledEviction>();
    const about = (pod: Pod) => ({ ...pod, apiVersion: 'v1', kind: 'Pod' });

    const cancel = (key: string, pod: Pod | undefined) => {
      if (!scheduled.delete(key) || !pod) return;
      recorder.event(about(pod), 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${key}`);
    };

    const evict = async (key: string, pod: Pod) => {
      scheduled.delete(key);
      recorder.event(about(pod), 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`);
      const ns = client.namespace(pod.metadata?.namespace ?? '');
      const marked = structuredClone(pod) as Pod & { status: NonNullable<Pod['status']> };
      marked.status = { ...marked.status };
      const condition = {
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'DeletionByTaintManager',
        message: 'Taint manager: deleting due to NoExecute taint',
      };
      if (setPodCondition(marked.status, condition, metaTime(ctx.settings.now()))) {
        try {
          await ns.updateStatus(marked);
        } catch (e) {
          // The condition is informative; a conflict or a pod gone must not stop the eviction.
          if (!isNotFound(e) && !isConflict(e)) throw e;
        }
      }
      try {
        await ns.delete(pod.metadata?.name ?? '', { preconditions: { uid: pod.metadata?.uid ?? '' } });
      } catch (e) {
        if (!isNotFound(e) && !isConflict(e)) throw e;
      }
    };

    const running = await runControllers(ctx, [
      {
        name: 'taint-eviction-controller',
        for: PODS,
        // Nodes are synced with the controller; their taint changes are wired below.
        watches: [{ resource: NODES, map: () => [] }],
        workers: 4,
        async reconcile(key) {
          const { namespace, name } = splitKey(key);
          const pod = pods.lister.get(namespace, name);
          const nodeName = pod?.spec?.nodeName;
          if (!pod || !nodeName || isPodTerminating(pod)) {
            scheduled.delete(key);
            return;
          }
          const node = nodes.lister.get(nodeName);
          const nowMs = ctx.settings.now();
          const decision = evictionDecision(
            pod,
            noExecuteTaints(node?.spec?.taints),
            nowMs,
            scheduled.get(key),
          );
          if (decision.action === 'none') {
            cancel(key, pod);
            return;
          }
          if (decision.action === 'evict') {
            await evict(key, pod);
            return;
          }
          scheduled.set(key, decision.eviction);
          return { requeueAfter: Math.max(1, decision.eviction.triggerAtMs - nowMs) };
        },
      },
    ]);
    // Only a change of a node's NoExecute taints concerns its pods (upstream's handleNodeUpdate):
    // heartbeats would otherwise requeue every pod of every node every few seconds.
    const queue = running.controllers[0]!.queue;
    const podsOf = (node: Node) => {
      for (const p of pods.lister.byIndex(NODE_NAME_INDEX, node.metadata?.name ?? ''))
        queue.add(`${p.metadata?.namespace}/${p.metadata?.name}`);
    };
    const taintsOf = (node: Node) => JSON.stringify(noExecuteTaints(node.spec?.taints));
    const nodeEvents = nodes.addEventHandler({
      onAdd: (node, initial) => {
        if (!initial) podsOf(node);
      },
      onUpdate: (old, node) => {
        if (taintsOf(old) !== taintsOf(node)) podsOf(node);
      },
      onDelete: podsOf,
    });
    return {
      controllers: running.controllers,
      async stop() {
        nodeEvents.remove();
        await running.stop();
      },
    };
  },
};
