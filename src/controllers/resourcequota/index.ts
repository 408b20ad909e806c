// The `resourcequota` controller: ResourceQuota status (hard and used) recomputed from the
// namespace's objects. As upstream, it recalculates when a quota is new or its spec changes,
// when quota is freed (an object deleted, a pod finished, a Service or claim changed) and every
// five minutes for everything; creates are charged by the API server's ResourceQuota admission.
import type { Pod, ResourceQuota } from 'kubernetes-types/core/v1.d.ts';
import { podCounts } from '../../api/quota/evaluators.ts';
import {
  descriptor,
  isNotFound,
  type ObjectLike,
  PODS,
  type ResourceDescriptor,
  type SharedInformer,
  splitKey,
  WorkQueue,
} from '../../client/index.ts';
import { deepEqual } from '../../machinery/json-value.ts';
import type { ControllerDefinition } from '../controller-definition.ts';
import { discoverResources } from '../internal/discovery.ts';
import { errorMessage } from '../internal/errors.ts';
import { startWorkers } from '../internal/workers.ts';
import { quotaStatus, type TrackedResource, trackedResources } from './usage.ts';

const QUOTAS: ResourceDescriptor = descriptor('v1', 'resourcequotas', true, 'ResourceQuota');
/** Core kinds watched for replenishment (the ones quota usually tracks). */
const WATCHED: ResourceDescriptor[] = [
  PODS,
  descriptor('v1', 'services', true, 'Service'),
  descriptor('v1', 'persistentvolumeclaims', true, 'PersistentVolumeClaim'),
  descriptor('v1', 'configmaps', true, 'ConfigMap'),
  descriptor('v1', 'secrets', true, 'Secret'),
  descriptor('v1', 'replicationcontrollers', true, 'ReplicationController'),
  QUOTAS,
];
export const FULL_RESYNC_MS = 5 * 60 * 1000;

const specChanged = (a: ResourceQuota, b: ResourceQuota) => !deepEqual(a.spec, b.spec);
/** A quota whose status does not cover its spec yet (upstream's addQuota check). */
function needsStatus(q: ResourceQuota): boolean {
  const hard = Object.keys(q.spec?.hard ?? {});
  if (!deepEqual(q.spec?.hard ?? {}, q.status?.hard ?? {})) return true;
  return hard.some((n) => q.status?.used?.[n] === undefined);
}

export const resourceQuotaController: ControllerDefinition = {
  name: 'resourcequota',
  enabledByDefault: true,
  async start(ctx) {
    const informers = new Map<string, SharedInformer<ObjectLike>>();
    for (const d of WATCHED)
      informers.set(`${d.group}/${d.resource}`, ctx.informers.informerFor<ObjectLike>(d));
    const quotas = informers.get('/resourcequotas') as unknown as SharedInformer<ResourceQuota>;
    const client = ctx.client.resource<ResourceQuota>(QUOTAS);
    const queue = new WorkQueue<string>();
    const enqueueNamespace = (ns: string | undefined) => {
      for (const q of quotas.lister.namespace(ns ?? '').list()) queue.add(`${ns}/${q.metadata?.name}`);
    };
    const registrations = [
      quotas.addEventHandler({
        onAdd: (q) => queue.add(`${q.metadata?.namespace}/${q.metadata?.name}`),
        onUpdate: (o, q) => {
          if (specChanged(o, q) || needsStatus(q)) queue.add(`${q.metadata?.namespace}/${q.metadata?.name}`);
        },
      }),
    ];
    for (const [key, informer] of informers) {
      if (key === '/resourcequotas') continue;
      registrations.push(
        informer.addEventHandler({
          onDelete: (obj) => enqueueNamespace(obj.metadata?.namespace),
          onUpdate: (oldObj, obj) => {
            if (key === '/pods') {
              const now = ctx.settings.now();
              if (podCounts(oldObj as Pod, now) && !podCounts(obj as Pod, now))
                enqueueNamespace(obj.metadata?.namespace);
            } else if (key === '/services' || key === '/persistentvolumeclaims') {
              if (!deepEqual((oldObj as { spec?: unknown }).spec, (obj as { spec?: unknown }).spec))
                enqueueNamespace(obj.metadata?.namespace);
            }
          },
        }),
      );
    }
    ctx.informers.start();
    await Promise.all([...informers.values()].map((i) => i.waitForSync(ctx.signal)));

    // Resources counted with count/<resource>.<group> that no informer here covers: listed live.
    let resources = new Map<string, ResourceDescriptor>();
    const refreshResources = async () => {
      const found = await discoverResources(ctx.client, ctx.signal);
      resources = new Map(
        found.resources
          .filter((r) => r.namespaced && r.verbs.includes('list'))
          .map((r) => [`${r.group}/${r.resource}`, r]),
      );
    };

    const reconcile = async (key: string) => {
      const { namespace, name } = splitKey(key);
      const quota = quotas.lister.get(namespace, name);
      if (!quota) return;
      const hardNames = Object.keys(quota.spec?.hard ?? {});
      const objects = new Map<string, readonly unknown[]>();
      for (const r of trackedResources(hardNames)) {
        const k = `${r.group}/${r.resource}`;
        const informer = informers.get(k);
        if (informer) {
          objects.set(k, informer.lister.namespace(namespace).list());
          continue;
        }
        if (!resources.has(k)) await refreshResources();
        const d = resources.get(k);
        objects.set(
          k,
          d ? (await ctx.client.resource<ObjectLike>(d).namespace(namespace).listAll()).items : [],
        );
      }
      const status = quotaStatus(
        quota,
        (r: TrackedResource) => objects.get(`${r.group}/${r.resource}`) ?? [],
        ctx.settings.now(),
      );
      if (deepEqual(status, quota.status)) return { requeueAfter: FULL_RESYNC_MS };
      try {
        await client
          .namespace(namespace)
          .updateStatus({ ...quota, apiVersion: 'v1', kind: 'ResourceQuota', status });
      } catch (e) {
        if (isNotFound(e)) return;
        throw e;
      }
      return { requeueAfter: FULL_RESYNC_MS };
    };

    for (const q of quotas.lister.list()) queue.add(`${q.metadata?.namespace}/${q.metadata?.name}`);
    const workers = startWorkers(queue, 2, reconcile, (key, e) => {
      if ((e as { code?: number }).code !== 409)
        console.error(`resourcequota-controller: ${key}: ${errorMessage(e)}`);
    });
    return {
      async stop() {
        for (const r of registrations) r.remove();
        await queue.shutdownWithDrain();
        await workers;
      },
    };
  },
};
