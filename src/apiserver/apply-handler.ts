// Server-side apply (transitional until the apply machinery lands).
import type { RequestContext } from './registry/context.ts';
import type { GenericRegistry, UpdateResult } from './registry/generic-registry.ts';
import type { ServedResource } from './registry/resource-table.ts';
import type { ResourceRequestInfo } from './request-info.ts';
import { unsupportedMediaType } from '../machinery/status.ts';

export interface ApplyRequest {
  registry: GenericRegistry;
  served: ServedResource;
  info: ResourceRequestInfo;
  ctx: RequestContext;
  bytes: Uint8Array;
  force: boolean;
}

export async function serverSideApply(_r: ApplyRequest): Promise<UpdateResult> {
  throw unsupportedMediaType('server-side apply is not available yet');
}
