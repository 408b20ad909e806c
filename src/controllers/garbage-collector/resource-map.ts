// Kind → resource for owner references (upstream's RESTMapper over discovery): an ownerReference
// names `apiVersion` + `kind`, a request needs the plural resource and its scope.
import type { DiscoveredResource } from '../internal/discovery.ts';

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export class ResourceMap {
  readonly #byGroupKind = new Map<string, DiscoveredResource>();

  constructor(resources: readonly DiscoveredResource[] = []) {
    this.replace(resources);
  }

  replace(resources: readonly DiscoveredResource[]): void {
    this.#byGroupKind.clear();
    for (const r of resources) {
      const key = `${r.group}/${r.kind}`;
      // Several resources may share a kind (a resource and its alias): keep the first listed.
      if (!this.#byGroupKind.has(key)) this.#byGroupKind.set(key, r);
    }
  }

  /** The resource serving `kind` in the group of `apiVersion`, if the server has one. */
  resolve(apiVersion: string, kind: string): DiscoveredResource | undefined {
    return this.#byGroupKind.get(`${groupOf(apiVersion)}/${kind}`);
  }
}
