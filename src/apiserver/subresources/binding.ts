// pods/binding: the scheduler's way to place a pod. Sets spec.nodeName once (409 if the pod is
// already bound) and records PodScheduled=True, as upstream's BindingREST does: a direct write
// (no managedFields entry for the binder, no pod warnings).
import { validatePodBinding } from '../../api/core/pod-subresources.ts';
import { badRequest, conflict, invalid } from '../../machinery/status.ts';
import { fromClient } from '../handlers/codec.ts';
import { jsonResponse } from '../handlers/response.ts';
import type { SubresourceRequest } from './index.ts';
import { rfc3339 } from '../registry/object-meta.ts';

interface Binding {
  metadata?: { name?: string; annotations?: Record<string, string> };
  target?: { kind?: string; name?: string; apiVersion?: string };
}

export const BINDING_RESOURCE_NAME = 'binding';

export async function serveBinding(r: SubresourceRequest): Promise<Response> {
  const { server, served, info, ctx, request } = r;
  if (info.verb !== 'create') throw badRequest('binding supports only create');
  const body = (await server.decodeBody(request, served, info.version, ctx, 'Binding')) as Binding;
  const binding = fromClient(body, served, info.version, 'Binding') as Binding;
  if (binding.metadata?.name && binding.metadata.name !== info.name) {
    throw badRequest(`name in URL does not match name in Binding object`);
  }
  const errors = validatePodBinding(binding as never);
  if (errors.length) throw invalid('Binding', '', info.name, errors);
  const node = binding.target!.name!;
  const registry = server.registry(served);
  await registry.guaranteedUpdate(
    info.namespace,
    info.name,
    (pod) => {
      if (!pod) throw conflict({ group: '', resource: 'pods' }, info.name, 'pod not found');
      const spec = (pod.spec ??= {}) as { nodeName?: string };
      if (pod.metadata?.deletionTimestamp) throw conflict({ group: '', resource: 'pods' }, info.name, 'pod is being deleted, cannot be assigned to a host');
      if (spec.nodeName) throw conflict({ group: '', resource: 'pods' }, info.name, `pod ${info.name} is already assigned to node "${spec.nodeName}"`);
      spec.nodeName = node;
      const annotations = binding.metadata?.annotations;
      if (annotations) pod.metadata!.annotations = { ...pod.metadata!.annotations, ...annotations };
      const status = (pod.status ??= {}) as { conditions?: { type: string; status: string; lastProbeTime?: null; lastTransitionTime?: string }[] };
      const conditions = (status.conditions ??= []);
      const existing = conditions.find((c) => c.type === 'PodScheduled');
      const now = rfc3339(ctx.now);
      if (existing) {
        if (existing.status !== 'True') Object.assign(existing, { status: 'True', lastTransitionTime: now });
        delete (existing as Record<string, unknown>).reason;
        delete (existing as Record<string, unknown>).message;
      } else conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now });
      return pod;
    },
    ctx,
    { subresource: 'binding', direct: true },
  );
  return jsonResponse({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 }, 201);
}
