// What the OpenAPI documents describe: one entry per resource and served version. Built-in
// resources come from the strategies table; custom resources are added at runtime with their
// CRD's schema.
import type { Schema } from '../../machinery/schema.ts';
import { ALL_VERBS, type ResourceStrategy, type Verb } from '../strategy.ts';

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** A subresource beyond status and scale, with the kind it reads or writes. */
export interface ExtraSubresource {
  name: string;
  kind: GroupVersionKind;
  /** REST verbs: create (POST), get, update (PUT), patch, or connect (every HTTP method, as upstream's connecters). */
  verbs: readonly ('create' | 'get' | 'update' | 'patch' | 'connect')[];
  /** Definition of the GET answer when it is not the kind (pods/log answers a string). */
  responseIsString?: boolean;
  /** Connect operations: the HTTP methods and whether a `{path}` suffix is routed too (proxy). */
  connectMethods?: readonly string[];
  connectWithPath?: boolean;
}

export interface ApiResourceDescription {
  group: string;
  version: string;
  kind: string;
  /** Plural, the URL segment. */
  resource: string;
  namespaced: boolean;
  verbs: readonly Verb[];
  subresources?: { status?: boolean; scale?: boolean; extra?: readonly ExtraSubresource[] };
  /**
   * Custom resources: the structural schema of this version (`openAPIV3Schema`). Built-in kinds
   * leave it out: their definitions come from src/api/schema by group/version/kind.
   */
  schema?: Schema;
}

const core = (kind: string): GroupVersionKind => ({ group: '', version: 'v1', kind });
const CONNECT_METHODS = ['GET', 'POST'];
const PROXY_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

/**
 * Upstream's subresources of core resources that the strategies do not model. Connect operations
 * carry their options kind (PodExecOptions, PodProxyOptions…), as upstream's do: kubectl looks up
 * the POST or PATCH of a kind's GVK (x-kubernetes-group-version-kind) to learn whether
 * fieldValidation is supported, and must not land on an exec or proxy route.
 */
export const BUILTIN_EXTRA_SUBRESOURCES: Readonly<Record<string, readonly ExtraSubresource[]>> = {
  '/pods': [
    { name: 'attach', kind: core('PodAttachOptions'), verbs: ['connect'], connectMethods: CONNECT_METHODS },
    { name: 'binding', kind: core('Binding'), verbs: ['create'] },
    { name: 'ephemeralcontainers', kind: core('Pod'), verbs: ['get', 'update', 'patch'] },
    { name: 'eviction', kind: { group: 'policy', version: 'v1', kind: 'Eviction' }, verbs: ['create'] },
    { name: 'exec', kind: core('PodExecOptions'), verbs: ['connect'], connectMethods: CONNECT_METHODS },
    { name: 'log', kind: core('Pod'), verbs: ['get'], responseIsString: true },
    {
      name: 'portforward',
      kind: core('PodPortForwardOptions'),
      verbs: ['connect'],
      connectMethods: CONNECT_METHODS,
    },
    {
      name: 'proxy',
      kind: core('PodProxyOptions'),
      verbs: ['connect'],
      connectMethods: PROXY_METHODS,
      connectWithPath: true,
    },
  ],
  '/serviceaccounts': [
    {
      name: 'token',
      kind: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' },
      verbs: ['create'],
    },
  ],
  '/namespaces': [{ name: 'finalize', kind: core('Namespace'), verbs: ['update'] }],
  '/nodes': [
    {
      name: 'proxy',
      kind: core('NodeProxyOptions'),
      verbs: ['connect'],
      connectMethods: PROXY_METHODS,
      connectWithPath: true,
    },
  ],
  '/services': [
    {
      name: 'proxy',
      kind: core('ServiceProxyOptions'),
      verbs: ['connect'],
      connectMethods: PROXY_METHODS,
      connectWithPath: true,
    },
  ],
};

/** One description per served version of each strategy, with upstream's extra subresources added. */
export function describeStrategies(strategies: readonly ResourceStrategy<any>[]): ApiResourceDescription[] {
  const out: ApiResourceDescription[] = [];
  for (const s of strategies) {
    for (const version of s.versions) {
      const extra = BUILTIN_EXTRA_SUBRESOURCES[`${s.group}/${s.resource}`];
      const subresources: ApiResourceDescription['subresources'] = {};
      if (s.subresources?.status) subresources.status = true;
      if (s.subresources?.scale) subresources.scale = true;
      if (extra && version === 'v1') subresources.extra = extra;
      out.push({
        group: s.group,
        version,
        kind: s.kind,
        resource: s.resource,
        namespaced: s.namespaced,
        verbs: s.verbs ?? ALL_VERBS,
        subresources,
      });
    }
  }
  return out;
}

/** `apps/v1`, or `v1` for the core group. */
export function groupVersionOf(r: { group: string; version: string }): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** The URL prefix of a group/version: `/api/v1` or `/apis/apps/v1`. */
export function groupVersionRoot(r: { group: string; version: string }): string {
  return r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
}
