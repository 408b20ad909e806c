// Create-only "review" resources, answered at once and never stored: access reviews
// (kubectl auth can-i) and self/token reviews (kubectl auth whoami). Each is a strategy for
// discovery plus a function computing the answer.
import type { KubeObject, ResourceStrategy } from '../../api/strategy.ts';
import type { Authorizer } from '../auth/authorizer.ts';
import type { RequestContext, UserInfo } from '../registry/context.ts';
import type { RequestInfo } from '../request-info.ts';

export interface ReviewServer {
  authorizer?: Authorizer;
  /** Verifies a bearer token for TokenReview (service account tokens). */
  authenticateToken?(
    token: string,
    audiences?: string[],
  ): Promise<{ user: UserInfo; audiences: string[] } | undefined>;
}

export interface ReviewResource {
  strategy: ResourceStrategy;
  review(obj: KubeObject, ctx: RequestContext, server: ReviewServer): Promise<KubeObject>;
}

function createOnly(group: string, kind: string, resource: string, namespaced = false): ResourceStrategy {
  return {
    group,
    kind,
    resource,
    singular: resource.replace(/s$/, ''),
    namespaced,
    versions: ['v1'],
    verbs: ['create'],
  };
}

interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

interface NonResourceAttributes {
  path?: string;
  verb?: string;
}

interface ReviewSpec {
  resourceAttributes?: ResourceAttributes;
  nonResourceAttributes?: NonResourceAttributes;
  user?: string;
  groups?: string[];
  uid?: string;
  extra?: Record<string, string[]>;
}

async function decide(
  server: ReviewServer,
  user: UserInfo,
  spec: ReviewSpec,
): Promise<{ allowed: boolean; reason?: string }> {
  if (!server.authorizer)
    return {
      allowed: true,
      reason: 'no authorization is configured: every authenticated request is allowed',
    };
  let info: RequestInfo;
  const r = spec.resourceAttributes;
  if (r) {
    info = {
      isResourceRequest: true,
      prefix: r.group ? 'apis' : 'api',
      group: r.group ?? '',
      version: r.version ?? '',
      namespace: r.namespace ?? '',
      resource: r.resource ?? '',
      subresource: r.subresource ?? '',
      name: r.name ?? '',
      verb: (r.verb ?? '') as never,
      rest: [],
    };
  } else {
    info = {
      isResourceRequest: false,
      path: spec.nonResourceAttributes?.path ?? '',
      verb: spec.nonResourceAttributes?.verb ?? '',
    };
  }
  return server.authorizer.authorize(user, info);
}

function withStatus(obj: KubeObject, status: Record<string, unknown>): KubeObject {
  const meta = { ...(obj.metadata ?? {}) };
  delete meta.resourceVersion;
  return { ...obj, metadata: { ...meta, creationTimestamp: null as unknown as undefined }, status };
}

export const reviewResources: ReviewResource[] = [
  {
    strategy: createOnly('authorization.k8s.io', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews'),
    async review(obj, ctx, server) {
      const spec = (obj.spec ?? {}) as ReviewSpec;
      const d = await decide(server, ctx.user, spec);
      return withStatus(
        { ...obj, spec: { ...spec } },
        d.allowed
          ? { allowed: true, ...(d.reason ? { reason: d.reason } : {}) }
          : { allowed: false, ...(d.reason ? { reason: d.reason } : {}) },
      );
    },
  },
  {
    strategy: createOnly('authorization.k8s.io', 'SubjectAccessReview', 'subjectaccessreviews'),
    async review(obj, _ctx, server) {
      const spec = (obj.spec ?? {}) as ReviewSpec;
      const user: UserInfo = {
        username: spec.user ?? '',
        groups: spec.groups ?? [],
        ...(spec.uid ? { uid: spec.uid } : {}),
      };
      const d = await decide(server, user, spec);
      return withStatus(obj, { allowed: d.allowed, ...(d.reason ? { reason: d.reason } : {}) });
    },
  },
  {
    strategy: createOnly(
      'authorization.k8s.io',
      'LocalSubjectAccessReview',
      'localsubjectaccessreviews',
      true,
    ),
    async review(obj, _ctx, server) {
      const spec = (obj.spec ?? {}) as ReviewSpec;
      const user: UserInfo = { username: spec.user ?? '', groups: spec.groups ?? [] };
      const d = await decide(server, user, spec);
      return withStatus(obj, { allowed: d.allowed, ...(d.reason ? { reason: d.reason } : {}) });
    },
  },
  {
    strategy: createOnly('authorization.k8s.io', 'SelfSubjectRulesReview', 'selfsubjectrulesreviews'),
    async review(obj, _ctx, server) {
      // Without an authorizer every request is allowed: one rule that says so.
      const everything = server.authorizer
        ? {
            resourceRules: [],
            nonResourceRules: [],
            incomplete: true,
            evaluationError: 'rules are evaluated per request by the authorizer',
          }
        : {
            resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
            nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
            incomplete: false,
          };
      return withStatus(obj, everything);
    },
  },
  {
    strategy: createOnly('authentication.k8s.io', 'TokenReview', 'tokenreviews'),
    async review(obj, _ctx, server) {
      const spec = (obj.spec ?? {}) as { token?: string; audiences?: string[] };
      const result =
        spec.token && server.authenticateToken
          ? await server.authenticateToken(spec.token, spec.audiences)
          : undefined;
      if (!result) return withStatus(obj, { authenticated: false, user: {}, error: 'invalid bearer token' });
      const user: Record<string, unknown> = { username: result.user.username, groups: result.user.groups };
      if (result.user.uid) user.uid = result.user.uid;
      if (result.user.extra) user.extra = result.user.extra;
      return withStatus(obj, { authenticated: true, user, audiences: result.audiences });
    },
  },
  {
    strategy: createOnly('authentication.k8s.io', 'SelfSubjectReview', 'selfsubjectreviews'),
    async review(obj, ctx) {
      const userInfo: Record<string, unknown> = { username: ctx.user.username, groups: ctx.user.groups };
      if (ctx.user.uid) userInfo.uid = ctx.user.uid;
      if (ctx.user.extra) userInfo.extra = ctx.user.extra;
      return withStatus(obj, { userInfo });
    },
  },
];
