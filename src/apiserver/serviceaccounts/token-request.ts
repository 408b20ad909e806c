// serviceaccounts/token (TokenRequest): issues a token for a ServiceAccount, optionally bound
// to a Pod, Secret or Node that must exist with the given uid. Defaults and limits as
// upstream: 1 h by default, at least 10 min; the kubelet's 3607 s projected tokens are extended
// to a year with a `warnafter` claim (upstream's --service-account-extend-token-expiration).
import type { KubeObject } from '../../api/strategy.ts';
import { badRequest, conflict, invalid, notFound } from '../../machinery/status.ts';
import { formatTime } from '../../machinery/time.ts';
import { fromClient } from '../handlers/codec.ts';
import { jsonResponse, withWarnings } from '../handlers/response.ts';
import type { ServedResource } from '../registry/resource-table.ts';
import type { SubresourceRequest } from '../subresources/index.ts';
import type { BoundObject, TokenIssuer } from './token-issuer.ts';

const MIN_SECONDS = 600;
const DEFAULT_SECONDS = 3600;
const KUBELET_PROJECTED_SECONDS = 3607;
const EXTENDED_SECONDS = 365 * 24 * 3600;

export const TOKEN_REQUEST: ServedResource = {
  strategy: {
    group: 'authentication.k8s.io',
    kind: 'TokenRequest',
    resource: 'tokenrequests',
    singular: 'tokenrequest',
    namespaced: true,
    versions: ['v1'],
  },
  group: 'authentication.k8s.io',
  kind: 'TokenRequest',
  resource: 'tokenrequests',
  namespaced: true,
  storageVersion: 'v1',
  prefix: '',
  custom: false,
  virtual: true,
};

interface TokenRequestSpec {
  audiences?: string[];
  expirationSeconds?: number;
  boundObjectRef?: { kind?: string; apiVersion?: string; name?: string; uid?: string };
}

export interface TokenRequestServer {
  issuer: TokenIssuer;
  /** The API audiences (tokens without explicit audiences get these). */
  apiAudiences: string[];
}

export function tokenRequestHandler(tokens: TokenRequestServer) {
  return async (r: SubresourceRequest): Promise<Response> => {
    const { server, served, info, ctx, request } = r;
    if (info.verb !== 'create') throw badRequest('token supports only create');
    const body = fromClient(await server.decodeBody(request, TOKEN_REQUEST, 'v1', ctx), TOKEN_REQUEST, 'v1');
    const spec = { ...((body.spec ?? {}) as TokenRequestSpec) };
    spec.audiences = spec.audiences?.length ? spec.audiences : tokens.apiAudiences;
    spec.expirationSeconds ??= DEFAULT_SECONDS;
    if (spec.expirationSeconds < MIN_SECONDS) {
      throw invalid('TokenRequest', 'authentication.k8s.io', info.name, [
        {
          type: 'FieldValueInvalid',
          field: 'spec.expirationSeconds',
          value: spec.expirationSeconds,
          detail: 'may not specify a duration less than 10 minutes',
        },
      ]);
    }
    const sa = await server.registry(served).get(info.namespace, info.name);
    let bound: BoundObject | undefined;
    let node: { name: string; uid: string } | undefined;
    const ref = spec.boundObjectRef;
    if (ref) {
      const kinds: Record<string, string> = { Pod: 'pods', Secret: 'secrets', Node: 'nodes' };
      const resource = ref.kind ? kinds[ref.kind] : undefined;
      if (!resource) {
        throw badRequest(
          `cannot bind token for serviceaccount "${info.name}" to object of type ${ref.apiVersion ?? ''}, Kind=${ref.kind ?? ''}`,
        );
      }
      const target = server.table.lookup('', 'v1', resource)!;
      let obj: KubeObject;
      try {
        obj = await server.registry(target).get(resource === 'nodes' ? '' : info.namespace, ref.name ?? '');
      } catch {
        throw notFound({ group: '', resource }, ref.name ?? '');
      }
      if (ref.uid && ref.uid !== obj.metadata?.uid) {
        throw conflict(
          { group: '', resource },
          ref.name ?? '',
          `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`,
        );
      }
      bound = { kind: ref.kind as BoundObject['kind'], name: obj.metadata!.name!, uid: obj.metadata!.uid! };
      const nodeName = (obj.spec as { nodeName?: string } | undefined)?.nodeName;
      if (ref.kind === 'Pod' && nodeName) {
        try {
          const n = await server.registry(server.table.lookup('', 'v1', 'nodes')!).get('', nodeName);
          node = { name: nodeName, uid: n.metadata!.uid! };
        } catch {
          // the node is gone: the token is still bound to the pod
        }
      }
    }
    const extend = spec.expirationSeconds === KUBELET_PROJECTED_SECONDS && bound?.kind === 'Pod';
    const { token, expiresAt } = await tokens.issuer.issue({
      namespace: info.namespace,
      serviceAccount: { name: sa.metadata!.name!, uid: sa.metadata!.uid! },
      audiences: spec.audiences,
      expirationSeconds: extend ? EXTENDED_SECONDS : spec.expirationSeconds,
      ...(bound ? { bound } : {}),
      ...(node ? { node } : {}),
      ...(extend ? { warnAfterSeconds: KUBELET_PROJECTED_SECONDS } : {}),
      now: ctx.now,
    });
    const out = {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { name: info.name, namespace: info.namespace, creationTimestamp: null },
      spec,
      status: {
        token,
        expirationTimestamp: formatTime(
          extend ? new Date(ctx.now.getTime() + KUBELET_PROJECTED_SECONDS * 1000) : expiresAt,
        ),
      },
    };
    return withWarnings(jsonResponse(out, 201), ctx.warnings);
  };
}
