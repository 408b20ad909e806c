// The `garbage-collector` controller: ownerReferences cascade. Background (dependents of gone
// owners are deleted), foreground (an owner with `foregroundDeletion` waits for its blocking
// dependents) and orphan (dependents released, then the owner). The graph is rebuilt from
// informers at every start, so dependents orphaned while it was down are found too.
import { descriptor, type ObjectLike, type SharedInformer } from '../../client/index.ts';
import type { ControllerDefinition } from '../controller-definition.ts';
import { type DiscoveredResource, discoverResources } from '../internal/discovery.ts';
import { errorMessage } from '../internal/errors.ts';
import { startWorkers } from '../internal/workers.ts';
import { Collector } from './collector.ts';
import { DependencyGraph } from './graph.ts';
import { Monitors } from './monitors.ts';
import { ResourceMap } from './resource-map.ts';

/** How often discovery is read again for new resources (upstream: 30 s). */
export const RESYNC_PERIOD_MS = 30_000;
const WORKERS = 5;
const CRD_SETTLE_MS = 500;
const CRDS = descriptor(
  'apiextensions.k8s.io/v1',
  'customresourcedefinitions',
  false,
  'CustomResourceDefinition',
);

export const garbageCollector: ControllerDefinition = {
  name: 'garbage-collector',
  enabledByDefault: true,
  async start(ctx) {
    const graph = new DependencyGraph();
    const resources = new ResourceMap();
    const collector = new Collector(
      ctx.client,
      graph,
      resources,
      ctx.recorder('garbage-collector-controller'),
    );
    const monitors = new Monitors(ctx.informers, graph, (work) => collector.enqueue(work));
    const report = (what: string) => (key: string, e: unknown) => {
      const code = (e as { code?: number }).code;
      if (code !== 409) console.error(`garbage-collector: ${what} ${key}: ${errorMessage(e)}`);
    };

    let known: DiscoveredResource[] = [];
    const resync = async (): Promise<SharedInformer<ObjectLike>[]> => {
      const found = await discoverResources(ctx.client, ctx.signal);
      // Keep the resources of group versions whose discovery failed this time: they did not go away.
      const failed = new Set(found.failed.keys());
      const kept = known.filter((r) => failed.has(r.group ? `${r.group}/${r.version}` : r.version));
      known = [...found.resources, ...kept];
      resources.replace(known);
      return monitors.sync(known);
    };
    const initial = await resync();
    await monitors.waitForSync(initial, ctx.signal);

    const workers = [
      startWorkers(
        collector.attemptToDelete,
        WORKERS,
        (uid) => collector.attemptToDeleteItem(uid),
        report('attemptToDelete'),
      ),
      startWorkers(
        collector.attemptToOrphan,
        WORKERS,
        async (uid) => {
          await collector.attemptToOrphanItem(uid);
          return undefined;
        },
        report('attemptToOrphan'),
      ),
    ];
    let resyncing: Promise<unknown> = Promise.resolve();
    const resyncNow = () => {
      resyncing = resyncing
        .then(() => resync())
        .then((added) => monitors.waitForSync(added, ctx.signal))
        .catch((e) => {
          if (!ctx.signal.aborted) console.error(`garbage-collector: resync: ${errorMessage(e)}`);
        });
    };
    const timer = setInterval(resyncNow, RESYNC_PERIOD_MS);
    timer.unref?.();
    // A CRD defined, changed or removed changes what can own and be owned: look again soon
    // rather than at the next period (the new resource is served once the CRD is established).
    let soon: ReturnType<typeof setTimeout> | undefined;
    const crdChanged = () => {
      if (soon) clearTimeout(soon);
      soon = setTimeout(resyncNow, CRD_SETTLE_MS);
    };
    const crds = ctx.informers.informerFor<ObjectLike>(CRDS);
    const crdEvents = crds.addEventHandler({
      onAdd: (_o, initial) => !initial && crdChanged(),
      onUpdate: crdChanged,
      onDelete: crdChanged,
    });
    ctx.informers.start();

    let stopped = false;
    return {
      async stop() {
        if (stopped) return;
        stopped = true;
        clearInterval(timer);
        if (soon) clearTimeout(soon);
        crdEvents.remove();
        monitors.stop();
        collector.attemptToDelete.shutdown();
        collector.attemptToOrphan.shutdown();
        await Promise.all(workers);
        await resyncing;
      },
    };
  },
};
