// The table of everything the API server serves: built-in strategies, custom resources
// (added and removed at runtime as CRDs come and go) and virtual create-only resources
// (access reviews). Routing, discovery and OpenAPI read it.
import { groupVersion, type ResourceStrategy, type TableDefinition } from '../../api/strategy.ts';
import type { Schema } from '../../machinery/schema.ts';

/** One resource, with what the server derives from its strategy. */
export interface ServedResource {
  strategy: ResourceStrategy;
  group: string;
  kind: string;
  resource: string;
  namespaced: boolean;
  /** The version objects are stored in (the strategy's first version). */
  storageVersion: string;
  /** Storage prefix, e.g. `/registry/pods/`. */
  prefix: string;
  /** True for custom resources served from a CRD. */
  custom: boolean;
  /** Virtual resources are not stored (reviews, Scale, Eviction bodies). */
  virtual: boolean;
  /** Custom resources: the CRD's structural schema per served version. */
  customSchemas?: Record<string, Schema>;
  /** Custom resources: the printer columns of each served version. */
  customTables?: Record<string, TableDefinition>;
  /** Custom resources: warnings sent with every request to a version (deprecated versions). */
  customWarnings?: Record<string, string[]>;
}

export function storagePrefix(strategy: ResourceStrategy, custom: boolean): string {
  const name = strategy.storageResource ?? strategy.resource;
  return custom ? `/registry/${strategy.group}/${name}/` : `/registry/${name}/`;
}

export function toServed(strategy: ResourceStrategy, custom = false, virtual = false): ServedResource {
  return {
    strategy,
    group: strategy.group,
    kind: strategy.kind,
    resource: strategy.resource,
    namespaced: strategy.namespaced,
    storageVersion: strategy.versions[0]!,
    prefix: storagePrefix(strategy, custom),
    custom,
    virtual,
  };
}

/** Upstream's order of built-in groups in discovery (kubectl prints api-resources in this order). */
const GROUP_ORDER = [
  '',
  'apiregistration.k8s.io',
  'apps',
  'events.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'networking.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'node.k8s.io',
  'discovery.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'metrics.k8s.io',
];

/** Versions in preference order as Kubernetes sorts them: GA > beta > alpha, higher first. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [0, 0, 0, v] as const;
    const stage = m[2] === 'alpha' ? 1 : m[2] === 'beta' ? 2 : 3;
    return [1, stage, Number(m[1]), Number(m[3] ?? 0)] as const;
  };
  const [ka, sa, ma, na] = parse(a);
  const [kb, sb, mb, nb] = parse(b);
  if (ka !== kb) return kb - (ka as number);
  if (ka === 0) return String(a) < String(b) ? -1 : 1;
  if (sa !== sb) return (sb as number) - (sa as number);
  if (ma !== mb) return (mb as number) - (ma as number);
  return (nb as number) - (na as number);
}

export interface GroupInfo {
  group: string;
  /** Served versions, preferred first. */
  versions: string[];
}

export class ResourceTable {
  private readonly byGvr = new Map<string, ServedResource>();
  private readonly all = new Set<ServedResource>();
  /** Increments on every change, so that discovery and OpenAPI documents can be cached. */
  generation = 0;
  private listeners: (() => void)[] = [];

  add(served: ServedResource): void {
    for (const v of served.strategy.versions)
      this.byGvr.set(`${served.group}/${v}/${served.resource}`, served);
    this.all.add(served);
    this.changed();
  }

  remove(served: ServedResource): void {
    for (const v of served.strategy.versions) {
      const key = `${served.group}/${v}/${served.resource}`;
      if (this.byGvr.get(key) === served) this.byGvr.delete(key);
    }
    this.all.delete(served);
    this.changed();
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private changed(): void {
    this.generation++;
    for (const l of this.listeners) l();
  }

  lookup(group: string, version: string, resource: string): ServedResource | undefined {
    return this.byGvr.get(`${group}/${version}/${resource}`);
  }

  /** The resource serving `kind` in `group` (any version). */
  byKind(group: string, kind: string): ServedResource | undefined {
    for (const s of this.all) if (s.group === group && s.kind === kind) return s;
    return undefined;
  }

  resources(): ServedResource[] {
    return [...this.all];
  }

  /** Resources served at one group/version, in the order they were added. */
  resourcesAt(group: string, version: string): ServedResource[] {
    return [...this.all].filter((s) => s.group === group && s.strategy.versions.includes(version));
  }

  /** Groups with their versions, in discovery order (built-ins first, then custom groups by name). */
  groups(): GroupInfo[] {
    const versions = new Map<string, Set<string>>();
    for (const s of this.all) {
      let set = versions.get(s.group);
      if (!set) versions.set(s.group, (set = new Set()));
      for (const v of s.strategy.versions) set.add(v);
    }
    const rank = (g: string) => {
      const i = GROUP_ORDER.indexOf(g);
      return i < 0 ? GROUP_ORDER.length : i;
    };
    return [...versions.entries()]
      .sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
      .map(([group, set]) => ({ group, versions: [...set].sort(compareVersions) }));
  }

  /** apiVersion strings served (`v1`, `apps/v1`, …). */
  groupVersions(): string[] {
    return this.groups().flatMap((g) => g.versions.map((v) => groupVersion(g.group, v)));
  }
}
