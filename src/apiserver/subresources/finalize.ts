// namespaces/finalize: the namespace controller clears spec.finalizers here once the
// namespace is empty; a terminating namespace with no finalizers left is then deleted.
import type { NamespaceStrategy } from '../../api/core/namespace.ts';
import { badRequest, invalid, notFound } from '../../machinery/status.ts';
import { fromClient, toVersion } from '../handlers/codec.ts';
import { jsonResponse } from '../handlers/response.ts';
import type { SubresourceRequest } from './index.ts';

export async function serveFinalize(r: SubresourceRequest): Promise<Response> {
  const { server, served, info, ctx, request } = r;
  if (info.verb !== 'update') throw badRequest('finalize supports only update');
  const wanted = fromClient(
    await server.decodeBody(request, served, info.version, ctx),
    served,
    info.version,
  );
  const strategy = served.strategy as NamespaceStrategy;
  const finalizers = ((wanted.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []).slice();
  const result = await server.registry(served).guaranteedUpdate(
    '',
    info.name,
    (ns) => {
      if (!ns) throw notFound({ group: '', resource: 'namespaces' }, info.name);
      const rv = wanted.metadata?.resourceVersion;
      if (rv) ns.metadata!.resourceVersion = rv;
      const next = { ...ns, spec: { ...(ns.spec as object), finalizers } };
      if (finalizers.length === 0) delete (next.spec as { finalizers?: string[] }).finalizers;
      const errors = strategy.validateFinalize(next as never, ns as never);
      if (errors.length) throw invalid('Namespace', '', info.name, errors);
      return next;
    },
    ctx,
    { subresource: 'finalize' },
  );
  return jsonResponse(toVersion(result.object, served, info.version));
}
