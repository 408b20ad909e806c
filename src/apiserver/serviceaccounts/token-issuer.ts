// Service account tokens: JWTs signed with the cluster's service-account key, with upstream's
// claims (iss, sub system:serviceaccount:<ns>:<name>, aud, exp/iat/nbf, jti and the
// `kubernetes.io` claim naming the namespace, service account and the bound pod/secret/node),
// and their verification for TokenReview and bearer-token authentication.
import { createHash, generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import { exportJWK, type JWTPayload, jwtVerify, SignJWT } from 'jose';

export const DEFAULT_ISSUER = 'https://kubernetes.default.svc.cluster.local';

export interface ServiceAccountKeys {
  privateKey: KeyObject;
  /** Keys accepted when verifying (the signing key's public half first). */
  publicKeys: KeyObject[];
}

export interface BoundObject {
  kind: 'Pod' | 'Secret' | 'Node';
  name: string;
  uid: string;
}

export interface TokenClaims {
  namespace: string;
  serviceAccount: { name: string; uid: string };
  audiences: string[];
  expirationSeconds: number;
  bound?: BoundObject;
  /** The pod's node, for tokens bound to a scheduled pod (upstream's ServiceAccountTokenPodNodeInfo). */
  node?: { name: string; uid: string };
  /** Kubelet-requested projected tokens live a year but warn after their requested lifetime. */
  warnAfterSeconds?: number;
  now: Date;
}

export interface KubernetesClaim {
  namespace: string;
  serviceaccount: { name: string; uid: string };
  pod?: { name: string; uid: string };
  secret?: { name: string; uid: string };
  node?: { name: string; uid: string };
  warnafter?: number;
}

export function generateServiceAccountKeys(): ServiceAccountKeys {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, publicKeys: [publicKey] };
}

/** The key id upstream derives: a hash of the public key's DER form, base64url. */
export function keyId(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64url');
}

export class TokenIssuer {
  readonly issuer: string;
  readonly keys: ServiceAccountKeys;
  private readonly kid: string;

  constructor(keys: ServiceAccountKeys, issuer = DEFAULT_ISSUER) {
    this.keys = keys;
    this.issuer = issuer;
    this.kid = keyId(keys.publicKeys[0]!);
  }

  /** Signs a token; returns it with its expiry. */
  async issue(c: TokenClaims): Promise<{ token: string; expiresAt: Date }> {
    const iat = Math.floor(c.now.getTime() / 1000);
    const exp = iat + c.expirationSeconds;
    const k8s: KubernetesClaim = {
      namespace: c.namespace,
      serviceaccount: { name: c.serviceAccount.name, uid: c.serviceAccount.uid },
    };
    if (c.bound?.kind === 'Pod') k8s.pod = { name: c.bound.name, uid: c.bound.uid };
    if (c.bound?.kind === 'Secret') k8s.secret = { name: c.bound.name, uid: c.bound.uid };
    if (c.node) k8s.node = { name: c.node.name, uid: c.node.uid };
    else if (c.bound?.kind === 'Node') k8s.node = { name: c.bound.name, uid: c.bound.uid };
    if (c.warnAfterSeconds !== undefined) k8s.warnafter = iat + c.warnAfterSeconds;
    const token = await new SignJWT({ 'kubernetes.io': k8s } as unknown as JWTPayload)
      .setProtectedHeader({ alg: 'RS256', kid: this.kid })
      .setIssuer(this.issuer)
      .setSubject(`system:serviceaccount:${c.namespace}:${c.serviceAccount.name}`)
      .setAudience(c.audiences)
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(exp)
      .setJti(randomUUID())
      .sign(this.keys.privateKey);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /**
   * Verifies signature, issuer, time and (when given) audience; returns the claims or undefined.
   * The caller still checks that the service account (and bound object) exist with those uids.
   */
  async verify(
    token: string,
    audiences?: string[],
    now = new Date(),
  ): Promise<{ payload: JWTPayload; k8s: KubernetesClaim } | undefined> {
    for (const key of this.keys.publicKeys) {
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer: this.issuer,
          ...(audiences?.length ? { audience: audiences } : {}),
          currentDate: now,
        });
        const k8s = payload['kubernetes.io'] as KubernetesClaim | undefined;
        if (!k8s?.serviceaccount?.name || !k8s.namespace) return undefined;
        return { payload, k8s };
      } catch {
        // try the next key
      }
    }
    return undefined;
  }

  /** The JSON Web Key Set of the verification keys (served at /openid/v1/jwks). */
  async jwks(): Promise<{ keys: unknown[] }> {
    const keys = [];
    for (const k of this.keys.publicKeys)
      keys.push({ ...(await exportJWK(k)), kid: keyId(k), use: 'sig', alg: 'RS256' });
    return { keys };
  }
}
