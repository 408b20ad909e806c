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

/**
 * `/api/v1/namespaces/ns/pods/name/status`, `/apis/apps/v1/deployments?watch=1`, … → RequestInfo.
 * `watch` comes from the `watch` query parameter or the legacy `/watch/` path prefix.
 */
export function parseRequestInfo(method: string, url: URL): RequestInfo {
  const path = url.pathname;
  const segments = path.split('/').filter((p) => p !== '');
  // decodeURIComponent changes only segments with an escape in them.
  const parts = path.includes('%') ? segments.map(decodeSegment) : segments;
  const lowerMethod = method.toLowerCase();
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

  const watchParam = url.searchParams.get('watch');
  const isWatch = legacyWatch || watchParam === 'true' || watchParam === '1';
  let verb: ApiVerb;
  switch (lowerMethod) {
    case 'get':
    case 'head':
      verb = name ? 'get' : isWatch ? 'watch' : 'list';
      if (name && isWatch) verb = 'watch';
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
