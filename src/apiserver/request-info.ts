// Parses a request's method and path into what it is about (upstream's RequestInfo): the
// API verb, group/version, namespace, resource, name and subresource. Pure; authorization,
// routing and audit all read the result.

export type ApiVerb =
  | 'get'
  | 'list'
  | 'watch'
  | 'create'
  | 'update'
  | 'patch'
  | 'delete'
  | 'deletecollection'
  | 'proxy'
  | 'connect';

export interface ResourceRequestInfo {
  isResourceRequest: true;
  /** 'api' for the core group, 'apis' for named groups. */
  prefix: 'api' | 'apis';
  group: string;
  version: string;
  /** '' for cluster-scoped requests and for cross-namespace lists. */
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
  verb: ApiVerb;
  /** Path segments after the resource (and name), e.g. for proxy subpaths. */
  rest: string[];
}

export interface NonResourceRequestInfo {
  isResourceRequest: false;
  path: string;
  /** Lower-case HTTP method. */
  verb: string;
}

export type RequestInfo = ResourceRequestInfo | NonResourceRequestInfo;

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The non-empty segments of a path, each percent-decoded when it has an escape. */
function segmentsOf(path: string): string[] {
  const parts: string[] = [];
  const escaped = path.includes('%');
  let start = 0;
  while (start < path.length) {
    let end = path.indexOf('/', start);
    if (end < 0) end = path.length;
    if (end > start) {
      const segment = path.slice(start, end);
      parts.push(escaped ? decodeSegment(segment) : segment);
    }
    start = end + 1;
  }
  return parts;
}

/** The method in lower case (the usual ones without a new string each time). */
function lowerCaseMethod(method: string): string {
  switch (method) {
    case 'GET':
      return 'get';
    case 'PUT':
      return 'put';
    case 'POST':
      return 'post';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return 'delete';
    default:
      return method.toLowerCase();
  }
}

/**
 * `/api/v1/namespaces/ns/pods/name/status`, `/apis/apps/v1/deployments?watch=1`, … → RequestInfo.
 * `watch` comes from the `watch` query parameter or the legacy `/watch/` path prefix.
 */
export function parseRequestInfo(method: string, url: URL): RequestInfo {
  const path = url.pathname;
  const parts = segmentsOf(path);
  const lowerMethod = lowerCaseMethod(method);
  const prefix = parts[0];
  if (prefix !== 'api' && prefix !== 'apis') return { isResourceRequest: false, path, verb: lowerMethod };

  let i = 1;
  let group = '';
  if (prefix === 'apis') {
    if (parts.length < 4) return { isResourceRequest: false, path, verb: lowerMethod };
    group = parts[i++]!;
  } else if (parts.length < 3) {
    return { isResourceRequest: false, path, verb: lowerMethod };
  }
  const version = parts[i++]!;

  let legacyWatch = false;
  if (parts[i] === 'watch') {
    legacyWatch = true;
    i++;
  }
  let namespace = '';
  let resource = '';
  let name = '';
  let subresource = '';
  let rest: string[] = [];
  if (parts[i] === 'namespaces') {
    if (parts.length > i + 2) {
      // /namespaces/{ns}/{resource}[/{name}[/{subresource}...]]
      namespace = parts[i + 1]!;
      resource = parts[i + 2]!;
      name = parts[i + 3] ?? '';
      subresource = parts[i + 4] ?? '';
      rest = parts.slice(i + 5);
    } else {
      // /namespaces or /namespaces/{name}: the namespaces resource itself.
      resource = 'namespaces';
      name = parts[i + 1] ?? '';
    }
  } else {
    resource = parts[i] ?? '';
    name = parts[i + 1] ?? '';
    subresource = parts[i + 2] ?? '';
    rest = parts.slice(i + 3);
  }
  // /namespaces/{name}/status and /finalize are subresources of namespaces.
  if (parts[i] === 'namespaces' && parts.length === i + 3) {
    const tail = parts[i + 2]!;
    if (tail === 'status' || tail === 'finalize') {
      namespace = '';
      resource = 'namespaces';
      name = parts[i + 1]!;
      subresource = tail;
    }
  }

  // Only GET and HEAD read it: the query is left unparsed for the other verbs.
  const isWatch = () => {
    if (legacyWatch) return true;
    const watchParam = url.searchParams.get('watch');
    return watchParam === 'true' || watchParam === '1';
  };
  let verb: ApiVerb;
  switch (lowerMethod) {
    case 'get':
    case 'head':
      verb = isWatch() ? 'watch' : name ? 'get' : 'list';
      break;
    case 'post':
      verb = 'create';
      break;
    case 'put':
      verb = 'update';
      break;
    case 'patch':
      verb = 'patch';
      break;
    case 'delete':
      verb = name ? 'delete' : 'deletecollection';
      break;
    default:
      verb = lowerMethod as ApiVerb;
  }
  if (
    subresource === 'exec' ||
    subresource === 'attach' ||
    subresource === 'portforward' ||
    subresource === 'proxy'
  ) {
    verb = verb === 'create' || verb === 'get' ? (subresource === 'proxy' ? 'proxy' : 'create') : verb;
  }
  return {
    isResourceRequest: true,
    prefix,
    group,
    version,
    namespace,
    resource,
    subresource,
    name,
    verb,
    rest,
  };
}
