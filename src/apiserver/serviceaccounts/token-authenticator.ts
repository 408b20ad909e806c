// Who a service account token speaks for: the JWT must verify, and the service account (and
// the object it is bound to) must still exist with the uids the token names — a deleted and
// recreated account's old tokens stop working, as upstream's validator requires.
import type { KubeObject } from '../../api/strategy.ts';
import type { UserInfo } from '../registry/context.ts';
import type { TokenIssuer } from './token-issuer.ts';

/** Reads an object from the cache after it is fresh: (resource, namespace, name) → object. */
export type ObjectLookup = (
  resource: 'serviceaccounts' | 'pods' | 'secrets' | 'nodes',
  namespace: string,
  name: string,
) => Promise<KubeObject | undefined>;

export interface AuthenticatedToken {
  user: UserInfo;
  audiences: string[];
}

export async function authenticateServiceAccountToken(
  issuer: TokenIssuer,
  token: string,
  lookup: ObjectLookup,
  audiences?: string[],
): Promise<AuthenticatedToken | undefined> {
  const verified = await issuer.verify(token, audiences);
  if (!verified) return undefined;
  const { k8s, payload } = verified;
  const sa = await lookup('serviceaccounts', k8s.namespace, k8s.serviceaccount.name);
  if (!sa || sa.metadata?.uid !== k8s.serviceaccount.uid) return undefined;
  const extra: Record<string, string[]> = {};
  if (k8s.pod) {
    const pod = await lookup('pods', k8s.namespace, k8s.pod.name);
    if (!pod || pod.metadata?.uid !== k8s.pod.uid || pod.metadata?.deletionTimestamp) return undefined;
    extra['authentication.kubernetes.io/pod-name'] = [k8s.pod.name];
    extra['authentication.kubernetes.io/pod-uid'] = [k8s.pod.uid];
  }
  if (k8s.secret) {
    const secret = await lookup('secrets', k8s.namespace, k8s.secret.name);
    if (!secret || secret.metadata?.uid !== k8s.secret.uid) return undefined;
  }
  if (k8s.node) {
    extra['authentication.kubernetes.io/node-name'] = [k8s.node.name];
    extra['authentication.kubernetes.io/node-uid'] = [k8s.node.uid];
  }
  if (payload.jti) extra['authentication.kubernetes.io/credential-id'] = [`JTI=${payload.jti}`];
  const aud = Array.isArray(payload.aud) ? payload.aud : payload.aud ? [payload.aud] : [];
  return {
    user: {
      username: `system:serviceaccount:${k8s.namespace}:${k8s.serviceaccount.name}`,
      uid: k8s.serviceaccount.uid,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${k8s.namespace}`, 'system:authenticated'],
      ...(Object.keys(extra).length ? { extra } : {}),
    },
    audiences: audiences?.length ? aud.filter((a) => audiences.includes(a)) : aud,
  };
}
