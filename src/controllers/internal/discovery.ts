// What the API server serves, read from its discovery documents (client-go's
// ServerPreferredResources): every resource of every group, in the group's preferred version,
// with its kind, scope and verbs. The namespace controller and the garbage collector work on
// "every resource that supports X", custom resources included, so they ask the server instead
// of a built-in table.
import type { Client, ResourceDescriptor } from '../../client/index.ts';

export interface DiscoveredResource extends ResourceDescriptor {
  kind: string;
  verbs: string[];
}

export interface DiscoveryResult {
  resources: DiscoveredResource[];
  /** Group versions whose document could not be read (`apps/v1`: why). */
  failed: Map<string, string>;
}

interface ApiResource {
  name: string;
  namespaced: boolean;
  kind: string;
  verbs?: string[];
}

interface ApiGroup {
  name: string;
  versions: { groupVersion: string; version: string }[];
  preferredVersion?: { groupVersion: string; version: string };
}

/** Reads /api, /apis and each group version's resource list. Usage: `const { resources } = await discoverResources(client)`. */
export async function discoverResources(client: Client, signal?: AbortSignal): Promise<DiscoveryResult> {
  const opts = signal ? { signal } : {};
  const resources: DiscoveredResource[] = [];
  const failed = new Map<string, string>();
  const groups: { group: string; versions: string[] }[] = [];
  const core = await client.requestJson<{ versions?: string[] }>('GET', '/api', opts);
  groups.push({ group: '', versions: core.versions ?? ['v1'] });
  const list = await client.requestJson<{ groups?: ApiGroup[] }>('GET', '/apis', opts);
  for (const g of list.groups ?? []) {
    const preferred = g.preferredVersion?.version;
    const versions = g.versions.map((v) => v.version);
    if (preferred) versions.sort((a, b) => (a === preferred ? -1 : b === preferred ? 1 : 0));
    groups.push({ group: g.name, versions });
  }
  await Promise.all(
    groups.map(async ({ group, versions }) => {
      const seen = new Set<string>();
      for (const version of versions) {
        const gv = group ? `${group}/${version}` : version;
        const path = group ? `/apis/${gv}` : `/api/${version}`;
        let doc: { resources?: ApiResource[] };
        try {
          doc = await client.requestJson('GET', path, opts);
        } catch (e) {
          failed.set(gv, e instanceof Error ? e.message : String(e));
          continue;
        }
        for (const r of doc.resources ?? []) {
          if (r.name.includes('/') || seen.has(r.name)) continue;
          seen.add(r.name);
          resources.push({
            group,
            version,
            resource: r.name,
            namespaced: r.namespaced,
            kind: r.kind,
            verbs: r.verbs ?? [],
          });
        }
      }
    }),
  );
  resources.sort((a, b) => a.group.localeCompare(b.group) || a.resource.localeCompare(b.resource));
  return { resources, failed };
}

/** Resources that support every verb given. Usage: `supporting(resources, 'list', 'delete')`. */
export function supporting(
  resources: readonly DiscoveredResource[],
  ...verbs: string[]
): DiscoveredResource[] {
  return resources.filter((r) => verbs.every((v) => r.verbs.includes(v)));
}

/** `pods`, `deployments.apps`: how upstream names a group resource in messages. */
export function groupResourceString(r: Pick<ResourceDescriptor, 'group' | 'resource'>): string {
  return `${r.resource}.${r.group}`;
}
