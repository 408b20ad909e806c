// Serves the resource verbs of one request (get, list, watch, create, update, patch, delete,
// deletecollection) and the status/scale subresources, on top of the generic registry.
// The request was already authenticated and authorized; admission runs inside the registry.

import { stringify as toYaml } from 'yaml';
import type { KubeObject } from '../../api/strategy.ts';
import { badRequest, methodNotAllowed, StatusError } from '../../machinery/status.ts';
import type { ApiRequest } from '../api-request.ts';
import { negotiateOutput, type OutputFormat } from '../negotiation.ts';
import type { RequestContext } from '../registry/context.ts';
import type { GenericRegistry } from '../registry/generic-registry.ts';
import type { ServedResource } from '../registry/resource-table.ts';
import type { ResourceRequestInfo } from '../request-info.ts';
import type { ObjectFilter } from '../storage/watch-cache.ts';
import { bodyFormat, decodeText, readBody } from './body.ts';
import {
  fromClient,
  type IncludeObject,
  listObject,
  partialList,
  renderOne,
  tableObject,
  toVersion,
} from './codec.ts';
import { type ListOptionsQuery, listOptionsError } from './list-options.ts';
import { deleteOptionsFrom, parseBool, parseIncludeObject, parseNonNegativeInt } from './query.ts';
import { jsonResponse, withWarnings } from './response.ts';
import { handleScale } from './scale.ts';
import { serveWatch, type WatchServer } from './watch.ts';

export interface ResourceServer extends WatchServer {
  registry(served: ServedResource): GenericRegistry;
  /** Builds the list/watch filter from label and field selectors (400 on a bad selector). */
  filterFor(served: ServedResource, namespace: string, query: URLSearchParams): ObjectFilter;
  /** Decodes a body into a plain object, honouring fieldValidation (strict decoding, unknown fields). */
  decodeBody(
    request: ApiRequest,
    served: ServedResource,
    version: string,
    ctx: RequestContext,
    kind?: string,
  ): Promise<unknown>;
  /** PATCH of the main resource or a subresource. */
  patch(
    request: ApiRequest,
    served: ServedResource,
    info: ResourceRequestInfo,
    ctx: RequestContext,
    url: URL,
  ): Promise<{ object: KubeObject; created: boolean }>;
  /** Create on a virtual (never stored) review resource. */
  review(served: ServedResource, obj: KubeObject, ctx: RequestContext): Promise<KubeObject>;
  /** Server-implemented subresources other than status and scale (binding, eviction, finalize, log, …). */
  subresource?(
    request: ApiRequest,
    served: ServedResource,
    info: ResourceRequestInfo,
    ctx: RequestContext,
    url: URL,
  ): Promise<Response | undefined>;
  /** Get (a name) or list (none) on a virtual read-only resource, such as the resource metrics. */
  readVirtual?(
    served: ServedResource,
    namespace: string,
    name: string | undefined,
    filter: ObjectFilter,
  ): Promise<KubeObject | KubeObject[] | undefined>;
}

const WRITE_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

function encode(body: unknown, out: OutputFormat, status: number, ctx: RequestContext): Response {
  if (out.encoding === 'yaml') {
    return withWarnings(
      new Response(toYaml(body), { status, headers: { 'content-type': 'application/yaml' } }),
      ctx.warnings,
    );
  }
  return withWarnings(jsonResponse(body, status), ctx.warnings);
}

export async function handleResource(
  server: ResourceServer,
  request: ApiRequest,
  url: URL,
  info: ResourceRequestInfo,
  served: ServedResource,
  ctx: RequestContext,
): Promise<Response> {
  const q = url.searchParams;
  const output = negotiateOutput(request.headers.get('accept'));
  const include: IncludeObject = parseIncludeObject(q);
  const version = info.version;
  const ns = served.namespaced ? info.namespace : '';
  if (!served.namespaced && info.namespace) throw notFoundPath(info);
  const verbs = served.strategy.verbs;
  const allowed = (v: string) => !verbs || (verbs as readonly string[]).includes(v);
  const sub = info.subresource;

  if (sub && sub !== 'status' && sub !== 'scale') {
    const handled = await server.subresource?.(request, served, info, ctx, url);
    if (handled) return handled;
    throw notFoundPath(info);
  }
  if (sub === 'status' && !served.strategy.subresources?.status) throw notFoundPath(info);
  if (sub === 'scale') {
    return handleScale(server, request, served, info, ctx, url);
  }
  if (served.namespaced && !ns && info.name) throw notFoundPath(info);
  if (served.virtual && (info.verb === 'get' || info.verb === 'list') && server.readVirtual) {
    if (!allowed(info.verb))
      throw methodNotAllowed(`the server does not allow this method on the requested resource`);
    const filter = info.verb === 'list' ? server.filterFor(served, ns, q) : {};
    const read = await server.readVirtual(served, ns, info.verb === 'get' ? info.name : undefined, filter);
    if (read !== undefined) {
      if (!Array.isArray(read))
        return encode(renderOne(read, served, version, output, include, ctx.now), output, 200, ctx);
      let body: KubeObject;
      if (output.kind === 'table') body = tableObject(served, version, read, {}, include, ctx.now);
      else if (output.kind === 'partial') body = partialList(read, {});
      else body = listObject(served, version, read, {});
      return encode(body, output, 200, ctx);
    }
  }
  const registry = server.registry(served);

  switch (info.verb) {
    case 'get': {
      if (!allowed('get'))
        throw methodNotAllowed(`the server does not allow this method on the requested resource`);
      const rv = q.get('resourceVersion');
      const obj = await registry.get(ns, info.name, rv === null || rv === '' ? undefined : Number(rv));
      return encode(renderOne(obj, served, version, output, include, ctx.now), output, 200, ctx);
    }
    case 'list': {
      if (!allowed('list'))
        throw methodNotAllowed(`the server does not allow this method on the requested resource`);
      const optionsError = listOptionsError(listOptionsOf(q), false);
      if (optionsError) throw optionsError;
      const filter = server.filterFor(served, ns, q);
      const params = {
        namespace: ns,
        filter,
        ...optional('limit', parseNonNegativeInt(q, 'limit')),
        ...optional('continue', q.get('continue') || undefined),
        ...optional('resourceVersion', q.get('resourceVersion') ?? undefined),
        ...optional('resourceVersionMatch', q.get('resourceVersionMatch') || undefined),
      };
      const result = await registry.list(params);
      const meta: Record<string, unknown> = { resourceVersion: result.resourceVersion };
      if (result.continue) meta.continue = result.continue;
      if (result.remainingItemCount !== undefined) meta.remainingItemCount = result.remainingItemCount;
      let body: KubeObject;
      if (output.kind === 'table') body = tableObject(served, version, result.items, meta, include, ctx.now);
      else if (output.kind === 'partial') body = partialList(result.items, meta);
      else body = listObject(served, version, result.items, meta);
      return encode(body, output, 200, ctx);
    }
    case 'watch': {
      if (!allowed('watch'))
        throw methodNotAllowed(`the server does not allow this method on the requested resource`);
      const optionsError = listOptionsError(listOptionsOf(q), true);
      if (optionsError) throw optionsError;
      const filter = server.filterFor(served, ns, q);
      if (info.name) filter.key = registry.key(ns, info.name);
      return serveWatch(server, {
        served,
        version,
        filter,
        ...optional('resourceVersion', q.get('resourceVersion') ?? undefined),
        ...optional('resourceVersionMatch', q.get('resourceVersionMatch') || undefined),
        ...optional('sendInitialEvents', parseBool(q, 'sendInitialEvents')),
        allowBookmarks: parseBool(q, 'allowWatchBookmarks') ?? false,
        ...optional('timeoutSeconds', parseNonNegativeInt(q, 'timeoutSeconds')),
        output,
        includeObject: include,
      });
    }
    case 'create': {
      if (info.name)
        throw methodNotAllowed(`the server does not allow this method on the requested resource`);
      if (!allowed('create'))
        throw methodNotAllowed(`the server does not allow this method on the requested resource`);
      if (served.namespaced && !ns) throw notFoundPath(info);
      const body = await server.decodeBody(request, served, version, ctx);
      const obj = fromClient(body, served, version);
      checkNamespace(obj, ns, served);
      if (served.virtual) {
        if (served.namespaced) obj.metadata = { ...obj.metadata, namespace: ns };
        return encode(toVersion(await server.review(served, obj, ctx), served, version), output, 201, ctx);
      }
      const created = await registry.create(ns, obj, ctx);
      return encode(renderOne(created, served, version, output, include, ctx.now), output, 201, ctx);
    }
    case 'update': {
      if (!allowed('update'))
        throw methodNotAllowed(`the server does not allow this method on the requested resource`);
      const body = await server.decodeBody(request, served, version, ctx);
      const obj = fromClient(body, served, version);
      checkNamespace(obj, ns, served);
      // Upstream's checkName, before the object is even read: a PUT names its object in the body.
      const bodyName = obj.metadata?.name ?? '';
      if (bodyName !== info.name) {
        throw badRequest(
          `the name of the object (${bodyName}) does not match the name on the URL (${info.name})`,
        );
      }
      const result = await registry.update(ns, info.name, obj, ctx, { subresource: sub });
      return encode(
        renderOne(result.object, served, version, output, include, ctx.now),
        output,
        result.created ? 201 : 200,
        ctx,
      );
    }
    case 'patch': {
      if (!allowed('patch'))
        throw methodNotAllowed(`the server does not allow this method on the requested resource`);
      const result = await server.patch(request, served, info, ctx, url);
      return encode(
        renderOne(result.object, served, version, output, include, ctx.now),
        output,
        result.created ? 201 : 200,
        ctx,
      );
    }
    case 'delete': {
      if (!allowed('delete'))
        throw methodNotAllowed(`the server does not allow this method on the requested resource`);
      const raw = await readBody(request);
      const body = raw.byteLength
        ? decodeText(
            raw,
            bodyFormat(request.headers.get('content-type'), WRITE_TYPES) === 'yaml' ? 'yaml' : 'json',
          )
        : undefined;
      const options = deleteOptionsFrom(q, body);
      if (options.dryRun?.includes('All')) ctx.dryRun = true;
      const result = await registry.delete(ns, info.name, options, ctx);
      if (!result.deleted)
        return encode(renderOne(result.object, served, version, output, include, ctx.now), output, 200, ctx);
      if (served.strategy.returnDeletedObject)
        return encode(renderOne(result.object, served, version, output, include, ctx.now), output, 200, ctx);
      return encode(
        {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Success',
          details: {
            name: info.name,
            group: served.group,
            kind: served.resource,
            uid: result.object.metadata?.uid,
          },
        },
        output,
        200,
        ctx,
      );
    }
    case 'deletecollection': {
      if (!allowed('deletecollection'))
        throw methodNotAllowed(`the server does not allow this method on the requested resource`);
      const raw = await readBody(request);
      const body = raw.byteLength ? decodeText(raw, 'json') : undefined;
      const options = deleteOptionsFrom(q, body);
      if (options.dryRun?.includes('All')) ctx.dryRun = true;
      const filter = server.filterFor(served, ns, q);
      const { items } = server.dispatcher.cacheFor(served.prefix).list(filter);
      const deleted: KubeObject[] = [];
      for (const item of items) {
        try {
          const r = await registry.delete(item.metadata?.namespace ?? '', item.metadata!.name!, options, ctx);
          deleted.push(r.object);
        } catch (e) {
          if (e instanceof StatusError && e.code === 404) continue;
          throw e;
        }
      }
      const meta = { resourceVersion: String(server.dispatcher.revision) };
      return encode(listObject(served, version, deleted, meta), output, 200, ctx);
    }
    default:
      throw methodNotAllowed(`the server does not allow this method on the requested resource`);
  }
}

function listOptionsOf(q: URLSearchParams): ListOptionsQuery {
  return {
    ...optional('resourceVersion', q.get('resourceVersion') || undefined),
    ...optional('resourceVersionMatch', q.get('resourceVersionMatch') || undefined),
    ...optional('continue', q.get('continue') || undefined),
    ...optional('sendInitialEvents', parseBool(q, 'sendInitialEvents')),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function checkNamespace(obj: KubeObject, ns: string, served: ServedResource): void {
  if (!served.namespaced) return;
  const given = obj.metadata?.namespace;
  if (given && given !== ns) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
}

export function notFoundPath(_info: ResourceRequestInfo): StatusError {
  return new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});
}
