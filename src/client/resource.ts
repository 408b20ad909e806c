// What the client needs to know about a resource to address it: group, version, plural and
// scope (upstream's GroupVersionResource + RESTMapping). Built-in kinds come from the API's
// resource table; CRDs and anything else can be described by hand with the same shape.
import { builtinResources } from '../api/resources.ts';
import type { ResourceStrategy } from '../api/strategy.ts';

/** Addresses one resource of one group version, e.g. `{ group: 'apps', version: 'v1', resource: 'deployments', namespaced: true }`. */
export interface ResourceDescriptor {
  /** '' for the core (legacy) group served under /api/v1. */
  group: string;
  version: string;
  /** Lower-case plural, the URL segment. */
  resource: string;
  namespaced: boolean;
  /** The kind (`Deployment`); needed to recognise controller owner references and to fill in list items. */
  kind?: string;
}

/** Where a request goes: a resource, optionally one object of it, optionally one of its subresources. */
export interface ResourcePath {
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** `apiVersion` string of a descriptor: `v1`, `apps/v1`. Usage: `apiVersionOf(PODS) === 'v1'`. */
export function apiVersionOf(d: Pick<ResourceDescriptor, 'group' | 'version'>): string {
  return d.group ? `${d.group}/${d.version}` : d.version;
}

/** URL path (no query) of a resource, object or subresource. Usage: `resourceUrlPath(PODS, { namespace: 'ns', name: 'p', subresource: 'status' })`. */
export function resourceUrlPath(d: ResourceDescriptor, p: ResourcePath = {}): string {
  let path = d.group ? `/apis/${d.group}/${d.version}` : `/api/${d.version}`;
  if (d.namespaced && p.namespace) path += `/namespaces/${encodeURIComponent(p.namespace)}`;
  path += `/${d.resource}`;
  if (p.name !== undefined) {
    if (p.name === '') throw new Error(`resource name may not be empty (${d.resource})`);
    path += `/${encodeURIComponent(p.name)}`;
    if (p.subresource) path += `/${p.subresource}`;
  } else if (p.subresource) {
    throw new Error(`subresource ${p.subresource} needs an object name (${d.resource})`);
  }
  return path;
}

/** The descriptor of a strategy from the resource table, in its preferred (or given) version. */
export function descriptorOf(s: ResourceStrategy<any>, version = s.versions[0]!): ResourceDescriptor {
  return { group: s.group, version, resource: s.resource, namespaced: s.namespaced, kind: s.kind };
}

/**
 * Looks a built-in kind up in the resource table. Usage: `descriptorForKind('Deployment', 'apps')`.
 * Throws when the table does not list it (CRDs: write the descriptor by hand).
 */
export function descriptorForKind(kind: string, group?: string, version?: string): ResourceDescriptor {
  const matches = builtinResources.filter(
    (s) => s.kind === kind && (group === undefined || s.group === group),
  );
  // events.k8s.io/v1 Event and core/v1 Event share a kind: without a group, prefer the core one.
  const s = matches.find((m) => m.group === '') ?? matches[0];
  if (!s)
    throw new Error(
      `no built-in resource of kind ${kind}${group !== undefined ? ` in group "${group}"` : ''}`,
    );
  if (version && !s.versions.includes(version))
    throw new Error(`${kind} is not served in version ${version}`);
  return descriptorOf(s, version);
}

/** Looks a built-in resource up by plural name. Usage: `descriptorForResource('leases', 'coordination.k8s.io')`. */
export function descriptorForResource(resource: string, group = ''): ResourceDescriptor {
  const s = builtinResources.find((r) => r.resource === resource && r.group === group);
  if (!s) throw new Error(`no built-in resource ${group ? `${resource}.${group}` : resource}`);
  return descriptorOf(s);
}

/** Descriptor from an `apiVersion` + plural, for kinds the table may not list (CRDs). */
export function descriptor(
  apiVersion: string,
  resource: string,
  namespaced: boolean,
  kind?: string,
): ResourceDescriptor {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  return kind ? { group, version, resource, namespaced, kind } : { group, version, resource, namespaced };
}

// The few kinds the client library itself writes (leader election, events, bindings) and that
// every component reads; fixed facts of the API, so they do not wait for the table.
export const PODS: ResourceDescriptor = descriptor('v1', 'pods', true, 'Pod');
export const NODES: ResourceDescriptor = descriptor('v1', 'nodes', false, 'Node');
export const NAMESPACES: ResourceDescriptor = descriptor('v1', 'namespaces', false, 'Namespace');
export const EVENTS: ResourceDescriptor = descriptor('v1', 'events', true, 'Event');
export const LEASES: ResourceDescriptor = descriptor('coordination.k8s.io/v1', 'leases', true, 'Lease');
