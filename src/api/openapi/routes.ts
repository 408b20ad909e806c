// The REST operations of a resource, as upstream's installer registers them (paths, operation
// IDs, descriptions, parameters, bodies, answers, `x-kubernetes-action` and the GVK tag), in a
// form both the v2 and the v3 writers turn into documents.
import {
  APPLY_PATCH_YAML,
  JSON_PATCH,
  MERGE_PATCH,
  STRATEGIC_MERGE_PATCH,
} from '../../machinery/codec/media-type.ts';
import {
  CREATE_PARAMETERS,
  DELETE_COLLECTION_PARAMETERS,
  DELETE_PARAMETERS,
  LIST_PARAMETERS,
  NAMESPACE_PATH,
  namePath,
  PATCH_PARAMETERS,
  type Parameter,
  POD_ATTACH_PARAMETERS,
  POD_EXEC_PARAMETERS,
  POD_LOG_PARAMETERS,
  POD_PORT_FORWARD_PARAMETERS,
  PRETTY,
  PROXY_PARAMETERS,
  PROXY_PATH,
  UPDATE_PARAMETERS,
} from './parameters.ts';
import {
  type ApiResourceDescription,
  type ExtraSubresource,
  type GroupVersionKind,
  groupVersionRoot,
} from './resources.ts';

/** A response or body type: a definition name, or a plain string (logs, connect answers). */
export type Model = { definition: string } | { string: true };

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
  path: string;
  operationId: string;
  tag: string;
  description: string;
  /** `x-kubernetes-action`: get, list, put, patch, post, delete, deletecollection, watch, watchlist, connect (absent on discovery routes). */
  action?: string;
  /** `x-kubernetes-group-version-kind` (absent on discovery routes). */
  gvk?: GroupVersionKind;
  parameters: Parameter[];
  body?: { model: Model; required: boolean; consumes: readonly string[] };
  responses: { code: number; description: string; model: Model }[];
  produces: readonly string[];
}

export interface RouteOptions {
  /** Media types answered, e.g. application/json and application/yaml. */
  mediaTypes: readonly string[];
  /** Their streaming forms for list and watch, e.g. application/json;stream=watch. */
  streamMediaTypes: readonly string[];
  /** Definition name of a kind's schema and of its list. */
  definitionOf(gvk: GroupVersionKind): string;
  listDefinitionOf(gvk: GroupVersionKind): string;
}

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
const STATUS = `${META}Status`;
const DELETE_OPTIONS = `${META}DeleteOptions`;
const WATCH_EVENT = `${META}WatchEvent`;
const PATCH = `${META}Patch`;
const SCALE: GroupVersionKind = { group: 'autoscaling', version: 'v1', kind: 'Scale' };
const PATCH_TYPES = [JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH, APPLY_PATCH_YAML];
/** Custom resources take no strategic merge patch (kubectl apply then sends a merge patch). */
const CUSTOM_PATCH_TYPES = [JSON_PATCH, MERGE_PATCH, APPLY_PATCH_YAML];
const ANY = ['*/*'];

/** Upstream's operation-ID rule: verb, then the group and version in camel case, then the rest. */
const VERBS = [
  'get',
  'log',
  'read',
  'replace',
  'patch',
  'delete',
  'deletecollection',
  'watch',
  'connect',
  'proxy',
  'list',
  'create',
];

export function toValidOperationId(s: string, capitalizeFirst: boolean): string {
  let out = '';
  let capitalize = capitalizeFirst;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (/\p{L}/u.test(c) || c === '_' || (i !== 0 && /\d/.test(c))) {
      out += capitalize ? c.toUpperCase() : c;
      capitalize = false;
    } else {
      capitalize = true;
    }
  }
  return out;
}

/** Operation ID and tag as upstream's GetOperationIDAndTags derives them from the route. */
export function operationIdAndTag(op: string, path: string): { operationId: string; tag: string } {
  const verb = VERBS.filter((v) => op.startsWith(v)).sort((a, b) => a.length - b.length)[0] ?? '';
  let parts = path.replace(/^\/+|\/+$/g, '').split('/');
  if (parts[0] === 'api') parts = ['apis', 'core', ...parts.slice(1)];
  let prefix = verb;
  let tag = '';
  if (parts.length >= 2 && parts[0] === 'apis') {
    const group = parts[1]!.replace(/\.k8s\.io$/, '');
    prefix += toValidOperationId(group, prefix !== '');
    tag = toValidOperationId(group, false);
    if (parts.length > 2) {
      prefix += toValidOperationId(parts[2]!, prefix !== '');
      tag += `_${toValidOperationId(parts[2]!, false)}`;
    }
  } else {
    tag = toValidOperationId(parts[0] ?? '', false);
  }
  return { operationId: prefix + toValidOperationId(op.slice(verb.length), prefix !== ''), tag };
}

/** " a " / " an " / " " before a noun, as upstream's GetArticleForNoun. */
export function articleFor(noun: string): string {
  if (noun.length >= 2 && noun.endsWith('s') && !noun.endsWith('ss')) return ' ';
  return /^[aeiou]/i.test(noun) ? ' an ' : ' a ';
}

const title = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** Every operation of one resource version. */
export function routesOf(r: ApiResourceDescription, options: RouteOptions): Route[] {
  const routes: Route[] = [];
  const gvk: GroupVersionKind = { group: r.group, version: r.version, kind: r.kind };
  const object: Model = { definition: options.definitionOf(gvk) };
  const list: Model = { definition: options.listDefinitionOf(gvk) };
  const status: Model = { definition: STATUS };
  const { mediaTypes, streamMediaTypes } = options;
  const allMediaTypes = [...mediaTypes, ...streamMediaTypes];
  const root = groupVersionRoot(r);
  const ns = r.namespaced ? 'Namespaced' : '';
  const collectionPath = r.namespaced
    ? `${root}/namespaces/{namespace}/${r.resource}`
    : `${root}/${r.resource}`;
  const itemPath = `${collectionPath}/{name}`;
  const scopeParams = r.namespaced ? [NAMESPACE_PATH] : [];
  const nameParams = [...scopeParams, namePath(r.kind)];
  const verbs = new Set(r.verbs);
  const patchTypes = r.schema !== undefined ? CUSTOM_PATCH_TYPES : PATCH_TYPES;
  const add = (route: Omit<Route, 'operationId' | 'tag'> & { op: string }) => {
    const { op, ...rest } = route;
    routes.push({ ...rest, ...operationIdAndTag(op, route.path) });
  };
  const watchWatchList = verbs.has('watch') && verbs.has('list');

  if (verbs.has('list')) {
    add({
      method: 'GET',
      path: collectionPath,
      op: `list${ns}${r.kind}`,
      action: 'list',
      gvk,
      description: verbs.has('watch')
        ? `list or watch objects of kind ${r.kind}`
        : `list objects of kind ${r.kind}`,
      parameters: [...scopeParams, PRETTY, ...LIST_PARAMETERS],
      responses: [{ code: 200, description: 'OK', model: list }],
      produces: allMediaTypes,
    });
  }
  if (verbs.has('create')) {
    add({
      method: 'POST',
      path: collectionPath,
      op: `create${ns}${r.kind}`,
      action: 'post',
      gvk,
      description: `create${articleFor(r.kind)}${r.kind}`,
      parameters: [...scopeParams, PRETTY, ...CREATE_PARAMETERS],
      body: { model: object, required: true, consumes: ANY },
      responses: [
        { code: 200, description: 'OK', model: object },
        { code: 201, description: 'Created', model: object },
        { code: 202, description: 'Accepted', model: object },
      ],
      produces: mediaTypes,
    });
  }
  if (verbs.has('deletecollection')) {
    add({
      method: 'DELETE',
      path: collectionPath,
      op: `deletecollection${ns}${r.kind}`,
      action: 'deletecollection',
      gvk,
      description: `delete collection of ${r.kind}`,
      parameters: [...scopeParams, PRETTY, ...DELETE_COLLECTION_PARAMETERS],
      body: { model: { definition: DELETE_OPTIONS }, required: false, consumes: ANY },
      responses: [{ code: 200, description: 'OK', model: status }],
      produces: mediaTypes,
    });
  }
  if (watchWatchList) {
    add({
      method: 'GET',
      path: `${root}/watch/${collectionPath.slice(root.length + 1)}`,
      op: `watch${ns}${r.kind}List`,
      action: 'watchlist',
      gvk,
      description: `watch individual changes to a list of ${r.kind}. deprecated: use the 'watch' parameter with a list operation instead.`,
      parameters: [...scopeParams, PRETTY, ...LIST_PARAMETERS],
      responses: [{ code: 200, description: 'OK', model: { definition: WATCH_EVENT } }],
      produces: allMediaTypes,
    });
  }
  if (verbs.has('get')) {
    add({
      method: 'GET',
      path: itemPath,
      op: `read${ns}${r.kind}`,
      action: 'get',
      gvk,
      description: `read the specified ${r.kind}`,
      parameters: [...nameParams, PRETTY],
      responses: [{ code: 200, description: 'OK', model: object }],
      produces: mediaTypes,
    });
  }
  if (verbs.has('update')) {
    add({
      method: 'PUT',
      path: itemPath,
      op: `replace${ns}${r.kind}`,
      action: 'put',
      gvk,
      description: `replace the specified ${r.kind}`,
      parameters: [...nameParams, PRETTY, ...UPDATE_PARAMETERS],
      body: { model: object, required: true, consumes: ANY },
      responses: [
        { code: 200, description: 'OK', model: object },
        { code: 201, description: 'Created', model: object },
      ],
      produces: mediaTypes,
    });
  }
  if (verbs.has('patch')) {
    add({
      method: 'PATCH',
      path: itemPath,
      op: `patch${ns}${r.kind}`,
      action: 'patch',
      gvk,
      description: `partially update the specified ${r.kind}`,
      parameters: [...nameParams, PRETTY, ...PATCH_PARAMETERS],
      body: { model: { definition: PATCH }, required: true, consumes: patchTypes },
      responses: [
        { code: 200, description: 'OK', model: object },
        { code: 201, description: 'Created', model: object },
      ],
      produces: mediaTypes,
    });
  }
  if (verbs.has('delete')) {
    add({
      method: 'DELETE',
      path: itemPath,
      op: `delete${ns}${r.kind}`,
      action: 'delete',
      gvk,
      description: `delete${articleFor(r.kind)}${r.kind}`,
      parameters: [...nameParams, PRETTY, ...DELETE_PARAMETERS],
      body: { model: { definition: DELETE_OPTIONS }, required: false, consumes: ANY },
      responses: [
        { code: 200, description: 'OK', model: status },
        { code: 202, description: 'Accepted', model: status },
      ],
      produces: mediaTypes,
    });
  }
  if (verbs.has('watch')) {
    add({
      method: 'GET',
      path: `${root}/watch/${itemPath.slice(root.length + 1)}`,
      op: `watch${ns}${r.kind}`,
      action: 'watch',
      gvk,
      description: `watch changes to an object of kind ${r.kind}. deprecated: use the 'watch' parameter with a list operation instead, filtered to a single item with the 'fieldSelector' parameter.`,
      parameters: [...nameParams, PRETTY, ...LIST_PARAMETERS],
      responses: [{ code: 200, description: 'OK', model: { definition: WATCH_EVENT } }],
      produces: allMediaTypes,
    });
  }
  if (r.namespaced && verbs.has('list')) {
    add({
      method: 'GET',
      path: `${root}/${r.resource}`,
      op: `list${r.kind}ForAllNamespaces`,
      action: 'list',
      gvk,
      description: verbs.has('watch')
        ? `list or watch objects of kind ${r.kind}`
        : `list objects of kind ${r.kind}`,
      parameters: [PRETTY, ...LIST_PARAMETERS],
      responses: [{ code: 200, description: 'OK', model: list }],
      produces: allMediaTypes,
    });
    if (watchWatchList) {
      add({
        method: 'GET',
        path: `${root}/watch/${r.resource}`,
        op: `watch${r.kind}ListForAllNamespaces`,
        action: 'watchlist',
        gvk,
        description: `watch individual changes to a list of ${r.kind}. deprecated: use the 'watch' parameter with a list operation instead.`,
        parameters: [PRETTY, ...LIST_PARAMETERS],
        responses: [{ code: 200, description: 'OK', model: { definition: WATCH_EVENT } }],
        produces: allMediaTypes,
      });
    }
  }

  const sub = (name: string, kind: GroupVersionKind, subVerbs: readonly string[]) => {
    const path = `${itemPath}/${name}`;
    const model: Model = { definition: options.definitionOf(kind) };
    const Sub = title(name);
    if (subVerbs.includes('get')) {
      add({
        method: 'GET',
        path,
        op: `read${ns}${r.kind}${Sub}`,
        action: 'get',
        gvk: kind,
        description: `read ${name} of the specified ${r.kind}`,
        parameters: [...nameParams, PRETTY],
        responses: [{ code: 200, description: 'OK', model }],
        produces: mediaTypes,
      });
    }
    if (subVerbs.includes('create')) {
      add({
        method: 'POST',
        path,
        op: `create${ns}${r.kind}${Sub}`,
        action: 'post',
        gvk: kind,
        description: `create ${name} of${articleFor(r.kind)}${r.kind}`,
        parameters: [...nameParams, PRETTY, ...CREATE_PARAMETERS],
        body: { model, required: true, consumes: ANY },
        responses: [
          { code: 200, description: 'OK', model },
          { code: 201, description: 'Created', model },
          { code: 202, description: 'Accepted', model },
        ],
        produces: mediaTypes,
      });
    }
    if (subVerbs.includes('update')) {
      add({
        method: 'PUT',
        path,
        op: `replace${ns}${r.kind}${Sub}`,
        action: 'put',
        gvk: kind,
        description: `replace ${name} of the specified ${r.kind}`,
        parameters: [...nameParams, PRETTY, ...UPDATE_PARAMETERS],
        body: { model, required: true, consumes: ANY },
        responses: [
          { code: 200, description: 'OK', model },
          { code: 201, description: 'Created', model },
        ],
        produces: mediaTypes,
      });
    }
    if (subVerbs.includes('patch')) {
      add({
        method: 'PATCH',
        path,
        op: `patch${ns}${r.kind}${Sub}`,
        action: 'patch',
        gvk: kind,
        description: `partially update ${name} of the specified ${r.kind}`,
        parameters: [...nameParams, PRETTY, ...PATCH_PARAMETERS],
        body: { model: { definition: PATCH }, required: true, consumes: patchTypes },
        responses: [
          { code: 200, description: 'OK', model },
          { code: 201, description: 'Created', model },
        ],
        produces: mediaTypes,
      });
    }
  };
  if (r.subresources?.status) sub('status', gvk, ['get', 'update', 'patch']);
  if (r.subresources?.scale) sub('scale', SCALE, ['get', 'update', 'patch']);
  for (const extra of r.subresources?.extra ?? []) {
    if (extra.verbs.includes('connect')) routes.push(...connectRoutes(r, extra, itemPath, nameParams));
    else if (extra.responseIsString) routes.push(logRoute(r, extra, itemPath, nameParams));
    else sub(extra.name, extra.kind, extra.verbs);
  }
  return routes;
}

function logRoute(
  r: ApiResourceDescription,
  extra: ExtraSubresource,
  itemPath: string,
  nameParams: Parameter[],
): Route {
  const path = `${itemPath}/${extra.name}`;
  return {
    method: 'GET',
    path,
    ...operationIdAndTag(`read${r.namespaced ? 'Namespaced' : ''}${r.kind}${title(extra.name)}`, path),
    action: 'get',
    gvk: extra.kind,
    description: `read ${extra.name} of the specified ${r.kind}`,
    parameters: [...nameParams, PRETTY, ...POD_LOG_PARAMETERS],
    responses: [{ code: 200, description: 'OK', model: { string: true } }],
    produces: ['text/plain', 'application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'],
  };
}

function connectRoutes(
  r: ApiResourceDescription,
  extra: ExtraSubresource,
  itemPath: string,
  nameParams: Parameter[],
): Route[] {
  const params =
    extra.name === 'exec'
      ? POD_EXEC_PARAMETERS
      : extra.name === 'attach'
        ? POD_ATTACH_PARAMETERS
        : extra.name === 'portforward'
          ? POD_PORT_FORWARD_PARAMETERS
          : PROXY_PARAMETERS;
  const routes: Route[] = [];
  const paths: [string, Parameter[], string][] = [[`${itemPath}/${extra.name}`, nameParams, '']];
  if (extra.connectWithPath)
    paths.push([`${itemPath}/${extra.name}/{path}`, [...nameParams, PROXY_PATH], 'WithPath']);
  for (const [path, pathParams, suffix] of paths) {
    for (const method of extra.connectMethods ?? ['GET']) {
      const op = `connect${title(method.toLowerCase())}${r.namespaced ? 'Namespaced' : ''}${r.kind}${title(extra.name)}${suffix}`;
      routes.push({
        method: method as Route['method'],
        path,
        ...operationIdAndTag(op, path),
        action: 'connect',
        gvk: extra.kind,
        description: `connect ${method} requests to ${extra.name} of ${r.kind}`,
        parameters: [...pathParams, ...(suffix ? [] : params)],
        responses: [{ code: 200, description: 'OK', model: { string: true } }],
        produces: ANY,
      });
    }
  }
  return routes;
}
