// Routes the subresources the server implements itself (beyond status and scale).
import type { ResourceServer } from '../handlers/resource-handler.ts';
import type { RequestContext } from '../registry/context.ts';
import type { ServedResource } from '../registry/resource-table.ts';
import type { ResourceRequestInfo } from '../request-info.ts';
import { serveBinding } from './binding.ts';
import { serveEviction } from './eviction.ts';
import { servePodLog } from '../streaming/pod-log.ts';
import { serveFinalize } from './finalize.ts';

export interface SubresourceRequest {
  server: ResourceServer;
  request: Request;
  served: ServedResource;
  info: ResourceRequestInfo;
  ctx: RequestContext;
  url: URL;
}

type Handler = (r: SubresourceRequest) => Promise<Response>;

const HANDLERS: Record<string, Handler> = {
  '/pods/binding': serveBinding,
  '/pods/eviction': serveEviction,
  '/pods/log': servePodLog,
  '/namespaces/finalize': serveFinalize,
};

/** Extra routes (pod streaming, service account tokens) registered by other parts of the server. */
export const extraSubresources: Record<string, Handler> = {};

export async function serveSubresource(
  server: ResourceServer,
  request: Request,
  served: ServedResource,
  info: ResourceRequestInfo,
  ctx: RequestContext,
  url: URL,
): Promise<Response | undefined> {
  const key = `${served.group}/${served.resource}/${info.subresource}`;
  const handler = HANDLERS[key] ?? extraSubresources[key];
  return handler ? handler({ server, request, served, info, ctx, url }) : undefined;
}
