// pods/binding: the scheduler's way to place a pod. Sets spec.nodeName once (409 if the pod is
// already bound) and records PodScheduled=True, as upstream's BindingREST does: a direct write
// (no managedFields entry for the binder, no pod warnings). The Binding's metadata.uid and
// metadata.resourceVersion, when set, are preconditions on the pod (a scheduler binding a pod
// that was deleted and created again under the same name gets a 409).
import { validatePodBinding } from '../../api/core/pod-subresources.ts';
import { badRequest, conflict, invalid, notFound } from '../../machinery/status.ts';
import { fromClient } from '../handlers/codec.ts';
import { jsonResponse } from '../handlers/response.ts';
import { rfc3339 } from '../registry/object-meta.ts';
import type { SubresourceRequest } from './index.ts';

interface Binding {
  metadata?: { name?: string; uid?: string; resourceVersion?: string; annotations?: Record<string, string> };
  target?: { kind?: string; name?: string; apiVersion?: string };
}

export const BINDING_RESOURCE_NAME = 'binding';

const PODS = { group: '', resource: 'pods' };
/** Upstream reports a pod that cannot be bound as a conflict on pods/binding. */
const PODS_BINDING = { group: '', resource: 'pods/binding' };

/** The storage precondition failure of a Binding's uid or resourceVersion, as upstream words it. */
function preconditionFailure(
  binding: Binding,
  pod: { metadata?: { uid?: string; resourceVersion?: string } },
): string | undefined {
  const uid = binding.metadata?.uid;
  if (uid && uid !== pod.metadata?.uid) {
    return `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${pod.metadata?.uid ?? ''}`;
  }
  const rv = binding.metadata?.resourceVersion;
  if (rv && rv !== pod.metadata?.resourceVersion) {
    return `Precondition failed: ResourceVersion in precondition: ${rv}, ResourceVersion in object meta: ${pod.metadata?.resourceVersion ?? ''}`;
  }
  return undefined;
}

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
      if (!pod) throw notFound(PODS, info.name);
      const failed = preconditionFailure(binding, pod);
      if (failed) throw conflict(PODS, info.name, failed);
      const spec = (pod.spec ??= {}) as { nodeName?: string };
      if (pod.metadata?.deletionTimestamp) {
        throw conflict(
          PODS_BINDING,
          info.name,
          `pod ${info.name} is being deleted, cannot be assigned to a host`,
        );
      }
      if (spec.nodeName) {
        throw conflict(
          PODS_BINDING,
          info.name,
          `pod ${info.name} is already assigned to node "${spec.nodeName}"`,
        );
      }
      spec.nodeName = node;
      const annotations = binding.metadata?.annotations;
      if (annotations) pod.metadata!.annotations = { ...pod.metadata!.annotations, ...annotations };
      const status = (pod.status ??= {}) as {
        conditions?: { type: string; status: string; lastProbeTime?: null; lastTransitionTime?: string }[];
      };
      const conditions = (status.conditions ??= []);
      const existing = conditions.find((c) => c.type === 'PodScheduled');
      const now = rfc3339(ctx.now);
      if (existing) {
        if (existing.status !== 'True') Object.assign(existing, { status: 'True', lastTransitionTime: now });
        delete (existing as Record<string, unknown>).reason;
        delete (existing as Record<string, unknown>).message;
      } else
        conditions.push({
          type: 'PodScheduled',
          status: 'True',
          lastProbeTime: null,
          lastTransitionTime: now,
        });
      return pod;
    },
    ctx,
    // It sets spec.nodeName, a top-level spec field: the rest of the spec stays shared.
    { subresource: 'binding', direct: true, specWrites: 'top' },
  );
  return jsonResponse({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 }, 201);
}
