// The OpenAPI documents the API server serves, kept up to date as resources come and go (custom
// resources are added at runtime): `/openapi/v3` (an index of per-group-version documents, each
// with a content hash for caching), `/openapi/v3/<path>` and `/openapi/v2`. Documents are built on
// first request and kept until the resources change.
import { createHash } from 'node:crypto';
import { JSON_MEDIA_TYPE, YAML_MEDIA_TYPE } from '../../machinery/codec/media-type.ts';
import type { Definitions } from '../../machinery/schema.ts';
import { builtinDefinitions, definitionNameForKind } from '../schema/index.ts';
import { customResourceDefinitionName, customResourceDefinitions } from './custom-resources.ts';
import { type DocumentInfo, openAPIV2Document, openAPIV3Document } from './documents.ts';
import { type ApiResourceDescription, type GroupVersionKind, groupVersionRoot } from './resources.ts';
import { operationIdAndTag, type Route, routesOf } from './routes.ts';
import { encodeOpenAPIV2Protobuf } from './v2-protobuf.ts';

export interface ServedDocument {
  /** The document, serialized. */
  json: string;
  /** Upper-case hex SHA-512 of `json`: the `?hash=` of the index and the ETag (quoted) of the answer. */
  hash: string;
}

export interface OpenAPIServiceOptions {
  /** The server's version (`v1.32.4-kts.1`), written in each document's info. */
  serverVersion: string;
  /** Media types the server answers in; default JSON and YAML. */
  mediaTypes?: readonly string[];
}

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';

function hashOf(json: string): string {
  return createHash('sha512').update(json).digest('hex').toUpperCase();
}

function serve(doc: unknown): ServedDocument {
  const json = JSON.stringify(doc);
  return { json, hash: hashOf(json) };
}

/** The path of a group version's document under /openapi/v3: `api/v1`, `apis/apps/v1`. */
export function documentPath(r: { group: string; version: string }): string {
  return groupVersionRoot(r).slice(1);
}

export class OpenAPIService {
  private resources: readonly ApiResourceDescription[] = [];
  private definitions: Definitions = {};
  private readonly info: DocumentInfo;
  private readonly mediaTypes: readonly string[];
  private readonly v3 = new Map<string, ServedDocument>();
  private index: ServedDocument | undefined;
  private v2: ServedDocument | undefined;
  private v2Proto: Uint8Array | undefined;

  constructor(resources: readonly ApiResourceDescription[], options: OpenAPIServiceOptions) {
    this.info = { title: 'Kubernetes', version: options.serverVersion };
    this.mediaTypes = options.mediaTypes ?? [JSON_MEDIA_TYPE, YAML_MEDIA_TYPE];
    this.setResources(resources);
  }

  /** Replaces the described resources (a CRD was created, changed or deleted); documents are rebuilt on next request. */
  setResources(resources: readonly ApiResourceDescription[]): void {
    this.resources = resources;
    this.definitions = builtinDefinitions();
    const custom = resources.filter((r) => r.schema !== undefined);
    if (custom.length) {
      this.definitions = { ...this.definitions };
      for (const r of custom) Object.assign(this.definitions, customResourceDefinitions(r));
    }
    this.v3.clear();
    this.index = undefined;
    this.v2 = undefined;
    this.v2Proto = undefined;
  }

  private isCustom(gvk: GroupVersionKind): boolean {
    return this.resources.some(
      (r) =>
        r.schema !== undefined && r.group === gvk.group && r.version === gvk.version && r.kind === gvk.kind,
    );
  }

  private definitionOf(gvk: GroupVersionKind): string {
    if (this.isCustom(gvk)) return customResourceDefinitionName(gvk);
    return definitionNameForKind(gvk.group, gvk.version, gvk.kind) ?? `${META}Status`;
  }

  private listDefinitionOf(gvk: GroupVersionKind): string {
    const list = { ...gvk, kind: `${gvk.kind}List` };
    if (this.isCustom(gvk)) return customResourceDefinitionName(list);
    return definitionNameForKind(list.group, list.version, list.kind) ?? `${META}Status`;
  }

  private routeOptions() {
    return {
      mediaTypes: this.mediaTypes,
      streamMediaTypes: this.mediaTypes.includes(JSON_MEDIA_TYPE) ? [`${JSON_MEDIA_TYPE};stream=watch`] : [],
      definitionOf: (gvk: GroupVersionKind) => this.definitionOf(gvk),
      listDefinitionOf: (gvk: GroupVersionKind) => this.listDefinitionOf(gvk),
    };
  }

  /** Group versions with resources, each with its document path. */
  private groupVersions(): Map<string, ApiResourceDescription[]> {
    const byPath = new Map<string, ApiResourceDescription[]>();
    for (const r of this.resources) {
      const path = documentPath(r);
      byPath.set(path, [...(byPath.get(path) ?? []), r]);
    }
    return byPath;
  }

  private discoveryRoute(path: string, op: string, model: string): Route {
    return {
      method: 'GET',
      path,
      ...operationIdAndTag(op, path),
      description:
        op === 'getAPIResources'
          ? 'get available resources'
          : op === 'getCodeVersion'
            ? 'get the version information for this server'
            : 'get available API versions',
      parameters: [],
      responses: [{ code: 200, description: 'OK', model: { definition: model } }],
      produces: this.mediaTypes,
    };
  }

  private buildV3(path: string): ServedDocument | undefined {
    const gvs = this.groupVersions();
    const resources = gvs.get(path);
    let routes: Route[];
    if (resources) {
      routes = [this.discoveryRoute(`/${path}/`, 'getAPIResources', `${META}APIResourceList`)];
      for (const r of resources) routes.push(...routesOf(r, this.routeOptions()));
    } else if (path === 'api') {
      routes = [this.discoveryRoute('/api/', 'getAPIVersions', `${META}APIVersions`)];
    } else if (path === 'apis') {
      routes = [this.discoveryRoute('/apis/', 'getAPIVersions', `${META}APIGroupList`)];
    } else if (path === 'version') {
      routes = [this.discoveryRoute('/version/', 'getCodeVersion', 'io.k8s.apimachinery.pkg.version.Info')];
    } else if (path.startsWith('apis/') && [...gvs.keys()].some((p) => p.startsWith(`${path}/`))) {
      routes = [this.discoveryRoute(`/${path}/`, 'getAPIGroup', `${META}APIGroup`)];
    } else {
      return undefined;
    }
    return serve(openAPIV3Document(routes, this.definitions, this.info));
  }

  /** Every path the v3 index lists. */
  v3Paths(): string[] {
    const gvPaths = [...this.groupVersions().keys()];
    const groups = new Set(
      gvPaths.filter((p) => p.startsWith('apis/')).map((p) => p.split('/').slice(0, 2).join('/')),
    );
    return [...new Set(['api', 'apis', 'version', ...groups, ...gvPaths])].sort();
  }

  /** GET /openapi/v3/<path> (`apis/apps/v1`); undefined: 404. */
  v3Document(path: string): ServedDocument | undefined {
    const key = path.replace(/^\/+|\/+$/g, '');
    let doc = this.v3.get(key);
    if (!doc) {
      doc = this.buildV3(key);
      if (doc) this.v3.set(key, doc);
    }
    return doc;
  }

  /** GET /openapi/v3: `{"paths": {"apis/apps/v1": {"serverRelativeURL": "/openapi/v3/apis/apps/v1?hash=…"}}}`. */
  v3Index(): ServedDocument {
    if (!this.index) {
      const paths: Record<string, { serverRelativeURL: string }> = {};
      for (const path of this.v3Paths()) {
        const doc = this.v3Document(path);
        if (doc) paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${doc.hash}` };
      }
      this.index = serve({ paths });
    }
    return this.index;
  }

  /** GET /openapi/v2: one swagger 2.0 document of every group. */
  v2Document(): ServedDocument {
    if (!this.v2) {
      const routes: Route[] = [];
      for (const [path, resources] of this.groupVersions()) {
        routes.push(this.discoveryRoute(`/${path}/`, 'getAPIResources', `${META}APIResourceList`));
        for (const r of resources) routes.push(...routesOf(r, this.routeOptions()));
      }
      this.v2 = serve(openAPIV2Document(routes, this.definitions, this.info));
    }
    return this.v2;
  }

  /** The v2 document as gnostic's `openapi.v2.Document` protobuf (the ETag stays the JSON's hash). */
  v2Protobuf(): Uint8Array {
    this.v2Proto ??= encodeOpenAPIV2Protobuf(JSON.parse(this.v2Document().json) as Record<string, unknown>);
    return this.v2Proto;
  }
}
