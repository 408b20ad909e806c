// The `pod-garbage-collector` controller: every pass (upstream: 20 s; sooner after a pod
// terminates or a node goes) it force-deletes terminated pods beyond
// settings.terminatedPodGCThreshold, pods of nodes confirmed gone (absent for the node grace
// period, checked with a live GET), unscheduled terminating pods and terminating pods on
// out-of-service nodes. Pods not yet terminal are first marked Failed with a DisruptionTarget
// condition, as upstream does.
import type { Node, Pod, PodCondition } from 'kubernetes-types/core/v1.d.ts';
import { isNotFound, NODES, PODS } from '../../client/index.ts';
import type { ControllerDefinition } from '../controller-definition.ts';
import { errorMessage } from '../internal/errors.ts';
import { isPodTerminal, setPodCondition } from '../internal/pods.ts';
import { metaTime } from '../internal/time.ts';
import {
  AbsentNodes,
  podsOnUnknownNodes,
  terminatedToDelete,
  terminatingOnOutOfServiceNodes,
  unscheduledTerminating,
} from './plan.ts';

const GC_PERIOD_MS = 20_000;
const SOON_MS = 500;

export const podGarbageCollector: ControllerDefinition = {
  name: 'pod-garbage-collector',
  enabledByDefault: true,
  async start(ctx) {
    const { settings } = ctx;
    const pods = ctx.informers.informerFor<Pod>(PODS);
    const nodes = ctx.informers.informerFor<Node>(NODES);
    const podClient = ctx.client.resource<Pod>(PODS);
    const nodeClient = ctx.client.resource<Node>(NODES);
    const absent = new AbsentNodes();
    const quarantineMs = settings.nodeMonitorGracePeriodMs;
    const periodMs = Math.min(GC_PERIOD_MS, Math.max(200, Math.floor(quarantineMs / 2)));

    const forceDelete = async (pod: Pod, condition?: PodCondition): Promise<void> => {
      const ns = podClient.namespace(pod.metadata?.namespace ?? '');
      if (!isPodTerminal(pod)) {
        const marked = structuredClone(pod) as Pod & { status: NonNullable<Pod['status']> };
        marked.status = { ...marked.status, phase: 'Failed' };
        if (condition) setPodCondition(marked.status, condition, metaTime(settings.now()));
        try {
          await ns.updateStatus(marked);
        } catch (e) {
          if (isNotFound(e)) return;
          // A status race is not a reason to keep a pod we are removing anyway.
        }
      }
      try {
        await ns.delete(pod.metadata?.name ?? '', {
          gracePeriodSeconds: 0,
          preconditions: { uid: pod.metadata?.uid ?? '' },
        });
      } catch (e) {
        if (!isNotFound(e) && (e as { code?: number }).code !== 409) throw e;
      }
    };

    const nodeGone = async (name: string): Promise<boolean> => {
      try {
        await nodeClient.get(name);
        return false;
      } catch (e) {
        if (isNotFound(e)) return true;
        throw e;
      }
    };

    const pass = async (): Promise<void> => {
      const all = pods.lister.list();
      for (const p of terminatingOnOutOfServiceNodes(all, (n) => nodes.lister.get(n))) {
        await forceDelete(p, {
          type: 'DisruptionTarget',
          status: 'True',
          reason: 'DeletionByPodGC',
          message: 'PodGC: node is out of service',
        });
      }
      for (const p of terminatedToDelete(all, settings.terminatedPodGCThreshold)) await forceDelete(p);
      const orphans = podsOnUnknownNodes(all, (n) => nodes.lister.get(n) !== undefined);
      for (const name of absent.update(orphans.keys(), settings.now(), quarantineMs)) {
        if (!(await nodeGone(name))) {
          absent.forget(name);
          continue;
        }
        for (const p of orphans.get(name) ?? []) {
          await forceDelete(p, {
            type: 'DisruptionTarget',
            status: 'True',
            reason: 'DeletionByPodGC',
            message: 'PodGC: node no longer exists',
          });
        }
      }
      for (const p of unscheduledTerminating(all)) await forceDelete(p);
    };

    // One pass at a time: every period, and soon after a pod terminates or a node goes.
    let timer: ReturnType<typeof setTimeout> | undefined;
    let dueAt = Number.POSITIVE_INFINITY;
    let running: Promise<void> | undefined;
    let again = false;
    let stopped = false;
    const schedule = (ms: number) => {
      if (stopped || performance.now() + ms >= dueAt) return;
      if (timer) clearTimeout(timer);
      dueAt = performance.now() + ms;
      timer = setTimeout(run, ms);
    };
    const run = () => {
      timer = undefined;
      dueAt = Number.POSITIVE_INFINITY;
      again = false;
      running = pass()
        .catch((e) => console.error(`pod-garbage-collector: ${errorMessage(e)}`))
        .finally(() => {
          running = undefined;
          schedule(again ? SOON_MS : periodMs);
        });
    };
    const soon = () => {
      if (running) again = true;
      else schedule(SOON_MS);
    };
    const podEvents = pods.addEventHandler({
      onUpdate: (_o, p) => {
        if (isPodTerminal(p) || p.metadata?.deletionTimestamp) soon();
      },
    });
    const nodeEvents = nodes.addEventHandler({ onDelete: soon });
    ctx.informers.start();
    await Promise.all([pods.waitForSync(ctx.signal), nodes.waitForSync(ctx.signal)]);
    schedule(0);
    return {
      async stop() {
        stopped = true;
        if (timer) clearTimeout(timer);
        podEvents.remove();
        nodeEvents.remove();
        await running;
      },
    };
  },
};
