// pods/eviction: a delete that respects PodDisruptionBudgets (what `kubectl drain` uses).
// A running pod covered by a budget with no disruptions left gets 429 TooManyRequests;
// otherwise the budget's disruptionsAllowed is decremented (and the pod noted in
// disruptedPods) before the pod is deleted, as upstream's EvictionREST does.
import type { KubeObject } from '../../api/strategy.ts';
import { compileLabelSelector, type LabelSelector } from '../../machinery/label-selector.ts';
import { badRequest, internalError, notFound, StatusError } from '../../machinery/status.ts';
import { fromClient } from '../handlers/codec.ts';
import { deleteOptionsFrom } from '../handlers/query.ts';
import { jsonResponse } from '../handlers/response.ts';
import { rfc3339 } from '../registry/object-meta.ts';
import type { ServedResource } from '../registry/resource-table.ts';
import type { SubresourceRequest } from './index.ts';

interface Pdb extends KubeObject {
  spec?: { selector?: LabelSelector | null };
  status?: {
    disruptionsAllowed?: number;
    currentHealthy?: number;
    desiredHealthy?: number;
    observedGeneration?: number;
    disruptedPods?: Record<string, string>;
  };
}

const EVICTION: ServedResource = {
  strategy: {
    group: 'policy',
    kind: 'Eviction',
    resource: 'evictions',
    singular: 'eviction',
    namespaced: true,
    versions: ['v1'],
  },
  group: 'policy',
  kind: 'Eviction',
  resource: 'evictions',
  namespaced: true,
  storageVersion: 'v1',
  prefix: '',
  custom: false,
  virtual: true,
};

function tooMany(message: string, cause: string): StatusError {
  return new StatusError(429, 'TooManyRequests', message, {
    causes: [{ reason: 'DisruptionBudget', message: cause }],
  });
}

export async function serveEviction(r: SubresourceRequest): Promise<Response> {
  const { server, served, info, ctx, request } = r;
  if (info.verb !== 'create') throw badRequest('eviction supports only create');
  const body = await server.decodeBody(request, EVICTION, 'v1', ctx);
  const eviction = fromClient(body, EVICTION, 'v1');
  if (eviction.metadata?.name && eviction.metadata.name !== info.name) {
    throw badRequest(`name in URL does not match name in Eviction object`);
  }
  const options = deleteOptionsFrom(new URLSearchParams(), eviction.deleteOptions ?? undefined);
  if (options.dryRun?.includes('All')) ctx.dryRun = true;
  const pods = server.registry(served);
  const pod = await pods.get(info.namespace, info.name);
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  const terminal = phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending';
  if (!terminal && !pod.metadata?.deletionTimestamp) {
    const pdbServed = await findPdbs(r, pod);
    if (pdbServed.length > 1) {
      throw internalError(
        'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
      );
    }
    const pdb = pdbServed[0];
    if (pdb) {
      const registry = server.registry(pdbResource(r));
      await registry.guaranteedUpdate(
        info.namespace,
        pdb.metadata!.name!,
        (current) => {
          if (!current)
            throw notFound({ group: 'policy', resource: 'poddisruptionbudgets' }, pdb.metadata!.name!);
          const c = current as Pdb;
          const status = (c.status ??= {});
          if ((status.observedGeneration ?? 0) < (c.metadata?.generation ?? 0)) {
            throw tooMany(
              "Cannot evict pod as it would violate the pod's disruption budget.",
              'The disruption budget is still being processed by the server.',
            );
          }
          if ((status.disruptionsAllowed ?? 0) < 1) {
            throw tooMany(
              "Cannot evict pod as it would violate the pod's disruption budget.",
              `The disruption budget ${c.metadata?.name} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`,
            );
          }
          status.disruptionsAllowed = (status.disruptionsAllowed ?? 0) - 1;
          status.disruptedPods = { ...status.disruptedPods, [info.name]: rfc3339(ctx.now) };
          return c;
        },
        ctx,
        { subresource: 'status' },
      );
    }
  }
  await pods.delete(info.namespace, info.name, options, ctx);
  return jsonResponse({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 }, 201);
}

function pdbResource(r: SubresourceRequest): ServedResource {
  const served = r.server.table.lookup('policy', 'v1', 'poddisruptionbudgets');
  if (!served) throw internalError('policy/v1 poddisruptionbudgets is not served');
  return served;
}

async function findPdbs(r: SubresourceRequest, pod: KubeObject): Promise<Pdb[]> {
  const served = pdbResource(r);
  const { items } = await r.server
    .registry(served)
    .list({ namespace: pod.metadata!.namespace!, filter: { namespace: pod.metadata!.namespace! } });
  return (items as Pdb[]).filter((pdb) => {
    const selector = pdb.spec?.selector;
    if (!selector) return false;
    return compileLabelSelector(selector)(pod.metadata?.labels);
  });
}
