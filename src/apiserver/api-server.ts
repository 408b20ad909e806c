// The API server, independent of any transport: `handle(Request) → Response`. It is served
// over HTTP(S) by http-server.ts and called in-process by the components inside `kts server`.
// Every request goes the same way: authenticate → authorize → route → (registry: admission →
// strategy → store).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { builtinResources } from '../api/resources.ts';
import type { KubeObject, ResourceStrategy } from '../api/strategy.ts';
import { forbidden, isStatusError, unauthorized } from '../machinery/status.ts';
import type { Store } from '../storage/store.ts';
import { admissionPlugins } from './admission/index.ts';
import type { ServiceAllocators } from './admission/service-allocation.ts';
import { createServiceAllocators } from './admission/service-allocation.ts';
import type { ApiRequest } from './api-request.ts';
import type { Authenticator } from './auth/authenticator.ts';
import type { Authorizer } from './auth/authorizer.ts';
import { decodeRequestBody } from './body-decoder.ts';
import { bootstrapCluster, keepBootstrapped } from './bootstrap.ts';
import { type CrdController, startCrdController } from './crd/crd-controller.ts';
import {
  AGGREGATED_DISCOVERY_TYPE,
  aggregatedDiscovery,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  wantsAggregated,
} from './discovery.ts';
import { parseDryRun, parseFieldManager, parseFieldValidation } from './handlers/query.ts';
import { handleResource, type ResourceServer } from './handlers/resource-handler.ts';
import { errorResponse, jsonResponse, notFoundPath } from './handlers/response.ts';
import { serveHealth } from './health.ts';
import { managedFieldsHook } from './managed-fields.ts';
import { validateMetaCreate, validateMetaUpdate } from './metadata-validation.ts';
import {
  nodeMetricsStrategy,
  podMetricsStrategy,
  type ResourceMetricsApi,
  resourceMetricsApi,
} from './metrics/index.ts';
import { OpenApiService } from './openapi-service.ts';
import { patchResource } from './patch-handler.ts';
import type { RequestContext, UserInfo, WriteHooks } from './registry/context.ts';
import { GenericRegistry } from './registry/generic-registry.ts';
import {
  ResourceTable,
  type ServedResource,
  type ResourceTable as Table,
  toServed,
} from './registry/resource-table.ts';
import { parseRequestInfo, type RequestInfo, type ResourceRequestInfo } from './request-info.ts';
import { type ReviewResource, reviewResources } from './reviews/index.ts';
import { filterFor } from './selection.ts';
import { authenticateServiceAccountToken } from './serviceaccounts/token-authenticator.ts';
import {
  generateServiceAccountKeys,
  type ServiceAccountKeys,
  TokenIssuer,
} from './serviceaccounts/token-issuer.ts';
import { tokenRequestHandler } from './serviceaccounts/token-request.ts';
import { CacheDispatcher } from './storage/cache-dispatcher.ts';
import type { ObjectFilter } from './storage/watch-cache.ts';
import { podStreamingHandlers } from './streaming/streaming-handlers.ts';
import { proxyUpgrade } from './streaming/upgrade-proxy.ts';
import { type SubresourceHandler, serveSubresource } from './subresources/index.ts';
import { serveVersion } from './version.ts';

export interface ApiServerOptions {
  store: Store;
  /** host:port clients use to reach this server (reported by /api). */
  advertiseAddress?: string;
  serviceCIDR?: string;
  nodePortRange?: [number, number];
  authenticator?: Authenticator;
  authorizer?: Authorizer;
  /** Extra resources beyond the built-ins (tests). */
  extraResources?: ResourceStrategy[];
  /** The service-account signing keys (generated for this process when absent). */
  serviceAccountKeys?: ServiceAccountKeys;
  /** Audiences of tokens that name none (upstream's --api-audiences; default: the issuer). */
  apiAudiences?: string[];
  /** Where other components reach this server: the `kubernetes` Service's endpoint. */
  endpoint?: { ip: string; port: number };
  /** How long a kubelet's numbers serve the resource metrics API (metrics-server's --metric-resolution). */
  metricResolutionMs?: number;
  log?: (message: string) => void;
}

/** Who in-process callers are when no authenticator is configured. */
export const LOOPBACK_ADMIN: UserInfo = {
  username: 'system:admin',
  groups: ['system:masters', 'system:authenticated'],
};

export class ApiServer implements ResourceServer {
  readonly store: Store;
  readonly table: Table = new ResourceTable();
  readonly dispatcher: CacheDispatcher;
  readonly openWatches = new Set<() => void>();
  readonly allocators: ServiceAllocators;
  readonly openapi: OpenApiService;
  readonly tokens: TokenIssuer;
  readonly apiAudiences: string[];
  private readonly registries = new WeakMap<ServedResource, GenericRegistry>();
  private readonly reviews = new Map<ServedResource, ReviewResource>();
  private readonly nodeMetrics: ServedResource;
  private readonly podMetrics: ServedResource;
  private readonly metrics: ResourceMetricsApi;
  /** Subresources this instance serves beyond the built-in ones (tokens, pod streaming). */
  readonly subresourceHandlers: Record<string, SubresourceHandler> = {};
  private readonly hooks: WriteHooks;
  private readonly options: ApiServerOptions;
  private started = false;
  private stopBootstrap?: () => void;
  private crdController?: CrdController;

  constructor(options: ApiServerOptions) {
    this.options = options;
    this.store = options.store;
    this.dispatcher = new CacheDispatcher(options.store);
    for (const s of [...builtinResources, ...(options.extraResources ?? [])]) this.table.add(toServed(s));
    for (const r of reviewResources) {
      const served = toServed(r.strategy, false, true);
      this.table.add(served);
      this.reviews.set(served, r);
    }
    this.nodeMetrics = toServed(nodeMetricsStrategy, false, true);
    this.podMetrics = toServed(podMetricsStrategy, false, true);
    this.table.add(this.nodeMetrics);
    this.table.add(this.podMetrics);
    this.metrics = resourceMetricsApi(this, {
      ...(options.metricResolutionMs !== undefined ? { resolutionMs: options.metricResolutionMs } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
    this.allocators = createServiceAllocators(
      this,
      options.serviceCIDR ?? '10.43.0.0/16',
      options.nodePortRange ?? [30000, 32767],
    );
    this.hooks = {
      admission: admissionPlugins(this),
      validateMetaCreate,
      validateMetaUpdate,
      trackManagedFields: managedFieldsHook(this),
    };
    this.openapi = new OpenApiService(this.table);
    this.tokens = new TokenIssuer(options.serviceAccountKeys ?? generateServiceAccountKeys());
    this.apiAudiences = options.apiAudiences ?? [this.tokens.issuer];
    this.subresourceHandlers['/serviceaccounts/token'] = tokenRequestHandler({
      issuer: this.tokens,
      apiAudiences: this.apiAudiences,
    });
    Object.assign(this.subresourceHandlers, podStreamingHandlers());
  }

  /** Loads the caches, repairs allocations and bootstraps the cluster's built-in objects. */
  async start(): Promise<void> {
    await this.dispatcher.start();
    this.crdController = await startCrdController(this, this.options.log);
    this.started = true;
    await this.allocators.start();
    if (this.options.endpoint) {
      await bootstrapCluster(this, this.options.endpoint);
      this.stopBootstrap = keepBootstrapped(this, this.options.endpoint, 10_000, this.options.log);
    }
  }

  async stop(): Promise<void> {
    this.stopBootstrap?.();
    this.crdController?.stop();
    this.allocators.stop();
    for (const close of [...this.openWatches]) close();
    this.dispatcher.stop();
  }

  registry(served: ServedResource): GenericRegistry {
    let r = this.registries.get(served);
    if (!r) {
      r = new GenericRegistry(served, this.store, this.dispatcher, this.hooks);
      this.registries.set(served, r);
    }
    return r;
  }

  serves(group: string, resource: string): boolean {
    return this.table.resources().some((s) => s.group === group && s.resource === resource);
  }

  /** The registry of a resource by group and plural name (storage version). */
  registryFor(group: string, resource: string): GenericRegistry {
    const served = this.table.resources().find((s) => s.group === group && s.resource === resource);
    if (!served) throw new Error(`no resource ${resource}.${group}`);
    return this.registry(served);
  }

  filterFor = filterFor;

  /** Get and list of the resource metrics (metrics.k8s.io NodeMetrics and PodMetrics). */
  async readVirtual(
    served: ServedResource,
    namespace: string,
    name: string | undefined,
    filter: ObjectFilter,
  ): Promise<KubeObject | KubeObject[] | undefined> {
    let read: Promise<unknown> | undefined;
    if (served === this.nodeMetrics)
      read = name ? this.metrics.getNode(name) : this.metrics.listNodes(filter);
    else if (served === this.podMetrics)
      read = name ? this.metrics.getPod(namespace, name) : this.metrics.listPods(namespace, filter);
    if (read) return (await read) as KubeObject | KubeObject[];
    return undefined;
  }

  /** Answers a create on a virtual review resource. */
  review(served: ServedResource, obj: KubeObject, ctx: RequestContext): Promise<KubeObject> {
    const r = this.reviews.get(served);
    if (!r) throw new Error(`${served.resource} is not a review resource`);
    return r.review(obj, ctx, {
      ...(this.options.authorizer ? { authorizer: this.options.authorizer } : {}),
      authenticateToken: (token, audiences) => this.authenticateServiceAccount(token, audiences),
    });
  }

  /** Verifies a service account token against the signing keys and the live objects it names. */
  authenticateServiceAccount(token: string, audiences?: string[]) {
    const lookup = async (resource: string, namespace: string, name: string) => {
      const served = this.table.lookup('', 'v1', resource);
      if (!served) return undefined;
      try {
        return await this.registry(served).get(namespace, name);
      } catch {
        return undefined;
      }
    };
    return authenticateServiceAccountToken(this.tokens, token, lookup, audiences ?? this.apiAudiences);
  }

  decodeBody(
    request: ApiRequest,
    served: ServedResource,
    version: string,
    ctx: RequestContext,
    kind?: string,
  ): Promise<unknown> {
    return decodeRequestBody(this, request, served, version, ctx, kind);
  }

  patch(
    request: ApiRequest,
    served: ServedResource,
    info: ResourceRequestInfo,
    ctx: RequestContext,
    url: URL,
  ) {
    return patchResource(this, request, served, info, ctx, url);
  }

  subresource(
    request: ApiRequest,
    served: ServedResource,
    info: ResourceRequestInfo,
    ctx: RequestContext,
    url: URL,
  ) {
    return serveSubresource(this, request, served, info, ctx, url, this.subresourceHandlers);
  }

  /** A request context for a user at this moment. */
  context(user: UserInfo, url?: URL, userAgent?: string | null): RequestContext {
    const q = url?.searchParams ?? new URLSearchParams();
    return {
      user,
      now: new Date(),
      dryRun: parseDryRun(q),
      fieldValidation: parseFieldValidation(q),
      fieldManager: parseFieldManager(q, managerFromUserAgent(userAgent)),
      warnings: [],
      rollbacks: [],
    };
  }

  /** Serves one request. `user` is set for in-process callers (already authenticated). */
  async handle(
    request: ApiRequest,
    user?: UserInfo,
    peer?: { clientCertificate?: unknown; remoteAddress?: string },
  ): Promise<Response> {
    try {
      if (!this.started) throw new Error('the API server is not started');
      const url = request.parsedUrl ?? new URL(request.url);
      const info = parseRequestInfo(request.method, url);
      const who = user ?? (await this.authenticate(request, peer));
      if (this.options.authorizer) {
        const decision = await this.options.authorizer.authorize(who, info);
        if (!decision.allowed) {
          if (info.isResourceRequest) {
            throw forbidden(
              { group: info.group, resource: info.resource },
              info.name,
              `User "${who.username}" cannot ${info.verb} resource "${info.subresource ? `${info.resource}/${info.subresource}` : info.resource}" in API group "${info.group}"${info.namespace ? ` in the namespace "${info.namespace}"` : info.isResourceRequest && !info.namespace ? ' at the cluster scope' : ''}${decision.reason ? `: ${decision.reason}` : ''}`,
            );
          }
          throw Object.assign(
            forbidden(
              { group: '', resource: '' },
              '',
              `User "${who.username}" cannot ${info.verb} path "${info.path}"`,
            ),
            {},
          );
        }
      }
      if (!info.isResourceRequest) return await this.handleNonResource(request, url, info.path);
      const served = this.table.lookup(info.group, info.version, info.resource);
      if (!served) return notFoundPath();
      const ctx = this.context(who, url, request.headers.get('user-agent'));
      ctx.warnings.push(...(served.customWarnings?.[info.version] ?? []));
      return await handleResource(this, request, url, info, served, ctx);
    } catch (e) {
      return errorResponse(e);
    }
  }

  /** WebSocket upgrades (pods/exec, attach, portforward): relayed to the pod's kubelet. */
  handleUpgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    peer?: { clientCertificate?: unknown; remoteAddress?: string },
  ): void {
    const authorizer = this.options.authorizer;
    void proxyUpgrade(
      {
        server: this,
        authenticate: (request) => this.authenticate(request, peer),
        ...(authorizer
          ? { authorize: (user: UserInfo, info: RequestInfo) => authorizer.authorize(user, info) }
          : {}),
      },
      req,
      socket,
      head,
    );
  }

  private async authenticate(
    request: ApiRequest,
    peer?: { clientCertificate?: unknown; remoteAddress?: string },
  ): Promise<UserInfo> {
    if (!this.options.authenticator) return LOOPBACK_ADMIN;
    const user = await this.options.authenticator.authenticate(request, peer ?? {});
    if (!user) throw unauthorized();
    return user;
  }

  private async handleNonResource(request: ApiRequest, url: URL, path: string): Promise<Response> {
    const accept = request.headers.get('accept');
    switch (path) {
      case '/version':
      case '/version/':
        return serveVersion();
      case '/healthz':
      case '/livez':
      case '/readyz':
        return serveHealth(this, url);
      case '/api':
      case '/api/':
        if (wantsAggregated(accept)) return aggregated(aggregatedDiscovery(this.table, true));
        return jsonResponse(apiVersions(this.options.advertiseAddress ?? '127.0.0.1:6443'));
      case '/apis':
      case '/apis/':
        if (wantsAggregated(accept)) return aggregated(aggregatedDiscovery(this.table, false));
        return jsonResponse(apiGroupList(this.table));
    }
    if (path.startsWith('/healthz/') || path.startsWith('/livez/') || path.startsWith('/readyz/'))
      return serveHealth(this, url);
    if (path.startsWith('/openapi/')) return this.openapi.serve(request, url);
    const parts = path.split('/').filter(Boolean);
    if (parts[0] === 'api' && parts.length === 2) {
      const doc = apiResourceList(this.table, '', parts[1]!);
      return doc ? jsonResponse(doc) : notFoundPath();
    }
    if (parts[0] === 'apis' && parts.length === 2) {
      const doc = apiGroup(this.table, parts[1]!);
      return doc ? jsonResponse(doc) : notFoundPath();
    }
    if (parts[0] === 'apis' && parts.length === 3) {
      const doc = apiResourceList(this.table, parts[1]!, parts[2]!);
      return doc ? jsonResponse(doc) : notFoundPath();
    }
    return notFoundPath();
  }
}

/** Upstream's default field manager: the User-Agent up to its first '/', at most 128 characters. */
function managerFromUserAgent(userAgent: string | null | undefined): string {
  if (!userAgent) return 'unknown';
  const slash = userAgent.indexOf('/');
  return userAgent.slice(0, slash < 0 ? 128 : Math.min(slash, 128));
}

function aggregated(doc: unknown): Response {
  return new Response(JSON.stringify(doc), {
    status: 200,
    headers: { 'content-type': AGGREGATED_DISCOVERY_TYPE },
  });
}

export { isStatusError };
