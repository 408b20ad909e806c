// Discovery documents, legacy (/api, /apis, /apis/<g>, /api/v1, /apis/<g>/<v>) and aggregated
// (apidiscovery.k8s.io/v2, when the Accept header asks for it), built from the resource table.
import { ALL_VERBS, groupVersion, type Verb } from '../api/strategy.ts';
import type { ResourceTable, ServedResource } from './registry/resource-table.ts';

export const AGGREGATED_DISCOVERY_TYPE =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

interface SubresourceInfo {
  name: string;
  kind: { group: string; version: string; kind: string };
  verbs: string[];
}

/** Subresources the API server itself implements, beyond the strategies' status and scale. */
const SERVER_SUBRESOURCES: Record<string, SubresourceInfo[]> = {
  '/pods': [
    {
      name: 'attach',
      kind: { group: '', version: 'v1', kind: 'PodAttachOptions' },
      verbs: ['create', 'get'],
    },
    { name: 'binding', kind: { group: '', version: 'v1', kind: 'Binding' }, verbs: ['create'] },
    { name: 'eviction', kind: { group: 'policy', version: 'v1', kind: 'Eviction' }, verbs: ['create'] },
    { name: 'exec', kind: { group: '', version: 'v1', kind: 'PodExecOptions' }, verbs: ['create', 'get'] },
    { name: 'log', kind: { group: '', version: 'v1', kind: 'Pod' }, verbs: ['get'] },
    {
      name: 'portforward',
      kind: { group: '', version: 'v1', kind: 'PodPortForwardOptions' },
      verbs: ['create', 'get'],
    },
  ],
  '/namespaces': [
    { name: 'finalize', kind: { group: '', version: 'v1', kind: 'Namespace' }, verbs: ['update'] },
  ],
  '/serviceaccounts': [
    {
      name: 'token',
      kind: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' },
      verbs: ['create'],
    },
  ],
};

export function subresourcesOf(s: ServedResource, version: string): SubresourceInfo[] {
  const out: SubresourceInfo[] = [...(SERVER_SUBRESOURCES[`${s.group}/${s.resource}`] ?? [])];
  if (s.strategy.subresources?.scale) {
    out.push({
      name: 'scale',
      kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
      verbs: ['get', 'patch', 'update'],
    });
  }
  if (s.strategy.subresources?.status) {
    out.push({
      name: 'status',
      kind: { group: s.group, version, kind: s.kind },
      verbs: ['get', 'patch', 'update'],
    });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

function verbsOf(s: ServedResource): readonly Verb[] {
  return s.strategy.verbs ?? ALL_VERBS;
}

/** Upstream's storageVersionHash: a short stable hash of the storage group/version/kind. */
function storageVersionHash(s: ServedResource): string {
  const text = `${s.group}/${s.storageVersion}/${s.kind}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return Buffer.from(Uint32Array.of(h >>> 0, Math.imul(h, 31) >>> 0).buffer)
    .toString('base64')
    .slice(0, 11);
}

export function apiVersions(serverAddress: string): unknown {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupDoc(group: string, versions: string[]): unknown {
  const vs = versions.map((v) => ({ groupVersion: groupVersion(group, v), version: v }));
  return { name: group, versions: vs, preferredVersion: vs[0] };
}

export function apiGroupList(table: ResourceTable): unknown {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: table
      .groups()
      .filter((g) => g.group !== '')
      .map((g) => groupDoc(g.group, g.versions)),
  };
}

export function apiGroup(table: ResourceTable, group: string): unknown | undefined {
  const g = table.groups().find((x) => x.group === group);
  if (!g || group === '') return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...(groupDoc(g.group, g.versions) as object) };
}

export function apiResourceList(table: ResourceTable, group: string, version: string): unknown | undefined {
  const served = table.resourcesAt(group, version);
  if (served.length === 0) return undefined;
  const resources: unknown[] = [];
  for (const s of [...served].sort((a, b) => (a.resource < b.resource ? -1 : 1))) {
    const entry: Record<string, unknown> = {
      name: s.resource,
      singularName: s.strategy.singular,
      namespaced: s.namespaced,
      kind: s.kind,
      verbs: [...verbsOf(s)],
    };
    if (s.strategy.shortNames?.length) entry.shortNames = s.strategy.shortNames;
    if (s.strategy.categories?.length) entry.categories = s.strategy.categories;
    if (!s.virtual) entry.storageVersionHash = storageVersionHash(s);
    resources.push(entry);
    for (const sub of subresourcesOf(s, version)) {
      const subEntry: Record<string, unknown> = {
        name: `${s.resource}/${sub.name}`,
        singularName: '',
        namespaced: s.namespaced,
        kind: sub.kind.kind,
        verbs: sub.verbs,
      };
      if (sub.kind.group !== s.group) subEntry.group = sub.kind.group;
      if (sub.kind.group !== s.group || sub.kind.version !== version) subEntry.version = sub.kind.version;
      resources.push(subEntry);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion(group, version), resources };
}

/** apidiscovery.k8s.io/v2 APIGroupDiscoveryList for the core group (`legacy`) or all named groups. */
export function aggregatedDiscovery(table: ResourceTable, legacy: boolean): unknown {
  const items = table
    .groups()
    .filter((g) => (g.group === '') === legacy)
    .map((g) => ({
      metadata: { name: g.group, creationTimestamp: null },
      versions: g.versions.map((version) => ({
        version,
        resources: table
          .resourcesAt(g.group, version)
          .sort((a, b) => (a.resource < b.resource ? -1 : 1))
          .map((s) => {
            const entry: Record<string, unknown> = {
              resource: s.resource,
              responseKind: { group: s.group, version, kind: s.kind },
              scope: s.namespaced ? 'Namespaced' : 'Cluster',
              singularResource: s.strategy.singular,
              verbs: [...verbsOf(s)],
            };
            if (s.strategy.shortNames?.length) entry.shortNames = s.strategy.shortNames;
            if (s.strategy.categories?.length) entry.categories = s.strategy.categories;
            const subs = subresourcesOf(s, version);
            if (subs.length) {
              entry.subresources = subs.map((sub) => ({
                subresource: sub.name,
                responseKind: sub.kind,
                verbs: sub.verbs,
              }));
            }
            return entry;
          }),
        freshness: 'Current',
      })),
    }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}

/** Whether the Accept header asks for aggregated discovery (v2). */
export function wantsAggregated(accept: string | null): boolean {
  if (!accept) return false;
  return accept.split(',').some((part) => {
    const p = part.replace(/\s+/g, '');
    return (
      p.includes('g=apidiscovery.k8s.io') &&
      p.includes('v=v2;') &&
      p.includes('as=APIGroupDiscoveryList') &&
      !p.includes('v=v2beta1')
    );
  });
}
