// Routes the subresources the server implements itself (beyond status and scale).

import type { ApiRequest } from '../api-request.ts';
import type { ResourceServer } from '../handlers/resource-handler.ts';
import type { RequestContext } from '../registry/context.ts';
import type { ServedResource } from '../registry/resource-table.ts';
import type { ResourceRequestInfo } from '../request-info.ts';
import { serveBinding } from './binding.ts';
import { serveEviction } from './eviction.ts';
import { serveFinalize } from './finalize.ts';

export interface SubresourceRequest {
  server: ResourceServer;
  request: ApiRequest;
  served: ServedResource;
  info: ResourceRequestInfo;
  ctx: RequestContext;
  url: URL;
}

export type SubresourceHandler = (r: SubresourceRequest) => Promise<Response>;

const HANDLERS: Record<string, SubresourceHandler> = {
  '/pods/binding': serveBinding,
  '/pods/eviction': serveEviction,
  '/namespaces/finalize': serveFinalize,
};

export async function serveSubresource(
  server: ResourceServer,
  request: ApiRequest,
  served: ServedResource,
  info: ResourceRequestInfo,
  ctx: RequestContext,
  url: URL,
  /** Routes a server instance adds (service account tokens, pod streaming), keyed `group/resource/subresource`. */
  extra: Readonly<Record<string, SubresourceHandler>> = {},
): Promise<Response | undefined> {
  const key = `${served.group}/${served.resource}/${info.subresource}`;
  const handler = HANDLERS[key] ?? extra[key];
  return handler ? handler({ server, request, served, info, ctx, url }) : undefined;
}
