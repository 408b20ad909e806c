// The /scale subresource: an autoscaling/v1 Scale view of any kind that declares where its
// replicas live (deployments, replicasets, statefulsets, replicationcontrollers, custom
// resources). GET reads it; PUT and PATCH change only the replicas of the parent.
import type { KubeObject, ScaleSubresource } from '../../api/strategy.ts';
import { formatLabelSelector, type LabelSelector } from '../../machinery/label-selector.ts';
import { badRequest, invalid, notFound } from '../../machinery/status.ts';
import { getAtPath, setAtPath } from '../../machinery/unstructured.ts';
import type { ApiRequest } from '../api-request.ts';
import type { RequestContext } from '../registry/context.ts';
import type { ServedResource } from '../registry/resource-table.ts';
import type { ResourceRequestInfo } from '../request-info.ts';
import { fromClient } from './codec.ts';
import type { ResourceServer } from './resource-handler.ts';
import { jsonResponse, withWarnings } from './response.ts';

export function scaleOf(obj: KubeObject, spec: ScaleSubresource): KubeObject {
  const meta = obj.metadata ?? {};
  const status: Record<string, unknown> = {
    replicas: Number(getAtPath(obj, spec.statusReplicasPath).value ?? 0),
  };
  if (spec.labelSelectorPath) {
    const sel = getAtPath(obj, spec.labelSelectorPath).value;
    if (typeof sel === 'string') status.selector = sel;
    else if (sel && typeof sel === 'object') status.selector = formatLabelSelector(sel as LabelSelector);
  }
  const specReplicas = getAtPath(obj, spec.specReplicasPath).value;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: meta.name,
      namespace: meta.namespace,
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
      creationTimestamp: meta.creationTimestamp,
    },
    spec: specReplicas === undefined ? {} : { replicas: Number(specReplicas) },
    status,
  };
}

/** The Scale "resource" used to decode a Scale body (autoscaling/v1, never stored). */
export const SCALE_RESOURCE: ServedResource = {
  strategy: {
    group: 'autoscaling',
    kind: 'Scale',
    resource: 'scale',
    singular: 'scale',
    namespaced: true,
    versions: ['v1'],
  },
  group: 'autoscaling',
  kind: 'Scale',
  resource: 'scale',
  namespaced: true,
  storageVersion: 'v1',
  prefix: '',
  custom: false,
  virtual: true,
};

/**
 * Writes the replicas of a wanted Scale into the parent `current` (a private copy), carrying the
 * Scale's resourceVersion as the update's precondition. 422 for a bad replica count.
 */
export function applyScale(
  current: KubeObject,
  spec: ScaleSubresource,
  wanted: KubeObject,
  name: string,
): KubeObject {
  const replicas = (wanted.spec as { replicas?: unknown } | undefined)?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw invalid('Scale', 'autoscaling', name, [
      {
        type: 'FieldValueInvalid',
        field: 'spec.replicas',
        value: replicas ?? null,
        detail: 'must be greater than or equal to 0',
      },
    ]);
  }
  const rv = wanted.metadata?.resourceVersion;
  if (rv) current.metadata!.resourceVersion = rv;
  setAtPath(current, spec.specReplicasPath, replicas);
  return current;
}

export async function handleScale(
  server: ResourceServer,
  request: ApiRequest,
  served: ServedResource,
  info: ResourceRequestInfo,
  ctx: RequestContext,
  url: URL,
): Promise<Response> {
  const spec = served.strategy.subresources?.scale;
  if (!spec) throw notFound({ group: served.group, resource: `${served.resource}/scale` }, info.name);
  const registry = server.registry(served);
  const ns = served.namespaced ? info.namespace : '';
  if (info.verb === 'get') {
    const obj = await registry.get(ns, info.name);
    return jsonResponse(scaleOf(obj, spec));
  }
  if (info.verb === 'patch') {
    // The patch module applies the patch to the Scale view and writes back through applyScale.
    const result = await server.patch(request, served, info, ctx, url);
    return withWarnings(jsonResponse(scaleOf(result.object, spec)), ctx.warnings);
  }
  if (info.verb !== 'update') throw badRequest(`unsupported verb ${info.verb} on scale`);
  const wanted = fromClient(
    await server.decodeBody(request, SCALE_RESOURCE, 'v1', ctx),
    SCALE_RESOURCE,
    'v1',
  );
  const result = await registry.guaranteedUpdate(
    ns,
    info.name,
    (current) => {
      if (!current) throw notFound({ group: served.group, resource: served.resource }, info.name);
      return applyScale(current, spec, wanted, info.name);
    },
    ctx,
  );
  return withWarnings(jsonResponse(scaleOf(result.object, spec)), ctx.warnings);
}
