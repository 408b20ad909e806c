// Server-side apply (PATCH application/apply-patch+yaml): the applied configuration is merged
// into the live object (or an empty one: apply creates) by the field manager, which owns the
// conflict rules; the result then goes through the usual strategy, admission and validation
// inside the registry's compare-and-swap loop.
import { decodeYaml, YamlSyntaxError } from '../machinery/codec/yaml.ts';
import { badRequest } from '../machinery/status.ts';
import { fromClient, toVersion } from './handlers/codec.ts';
import { fieldManagerFor } from './managed-fields.ts';
import type { RequestContext } from './registry/context.ts';
import type { GenericRegistry, UpdateResult } from './registry/generic-registry.ts';
import type { ServedResource } from './registry/resource-table.ts';
import type { ResourceRequestInfo } from './request-info.ts';

export interface ApplyRequest {
  registry: GenericRegistry;
  served: ServedResource;
  info: ResourceRequestInfo;
  ctx: RequestContext;
  bytes: Uint8Array;
  force: boolean;
}

export async function serverSideApply(r: ApplyRequest): Promise<UpdateResult> {
  const { registry, served, info, ctx } = r;
  let applied: unknown;
  try {
    applied = decodeYaml(r.bytes).value;
  } catch (e) {
    if (e instanceof YamlSyntaxError) throw badRequest(`error decoding YAML: ${e.message}`);
    throw e;
  }
  const subresource = info.subresource === 'status' ? 'status' : '';
  const fm = fieldManagerFor(served, subresource);
  ctx.applying = true;
  const ns = served.namespaced ? info.namespace : '';
  return registry.guaranteedUpdate(
    ns,
    info.name,
    (current) => {
      const live = current
        ? (toVersion(current, served, served.storageVersion) as Record<string, unknown>)
        : undefined;
      const { object } = fm.apply(live, applied, ctx.fieldManager, { force: r.force });
      const result = fromClient(object, served, served.storageVersion);
      if (!current) {
        result.metadata ??= {};
        result.metadata.name ??= info.name;
        if (served.namespaced && !result.metadata.namespace) result.metadata.namespace = ns;
      }
      return result;
    },
    ctx,
    { allowCreate: subresource === '', subresource },
  );
}
