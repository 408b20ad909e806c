// EnsureImageExists with its events: use the image when present ("already present on
// machine"), refuse (ErrImageNeverPull), wait (ImagePullBackOff) or pull with the pod's pull
// secrets (Pulling / Pulled / Failed). The decisions are the pure ones in pod/image-pull.ts.
import type { Container, Pod, Secret } from 'kubernetes-types/core/v1.js';
import type { AuthConfig, Image } from '../cri/types.ts';
import { errorText } from '../internal/log.ts';
import { imageDecision, pullFailure } from '../pod/image-pull.ts';
import { type PodContext, recordPodEvent, type WaitingReason } from './pod-context.ts';

export type EnsureImageResult =
  | { ok: true; imageRef: string; image: Image | null }
  | { ok: false; waiting: WaitingReason };

/** The registry host of an image reference (`docker.io` when it names none). */
export function registryOf(image: string): string {
  const first = image.split('/')[0]!;
  if (image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost'))
    return first;
  return 'docker.io';
}

/** Credentials for `image` from dockerconfigjson / dockercfg secrets (first match wins). */
export function pullAuth(image: string, secrets: Secret[]): AuthConfig | undefined {
  const registry = registryOf(image);
  const aliases =
    registry === 'docker.io' ? ['docker.io', 'index.docker.io', 'registry-1.docker.io'] : [registry];
  for (const secret of secrets) {
    const encoded = secret.data?.['.dockerconfigjson'] ?? secret.data?.['.dockercfg'];
    if (!encoded) continue;
    let parsed: { auths?: Record<string, Record<string, string>> } & Record<string, unknown>;
    try {
      parsed = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
    } catch {
      continue;
    }
    const auths = (parsed.auths ?? parsed) as Record<string, Record<string, string>>;
    for (const [server, entry] of Object.entries(auths)) {
      const host = server.replace(/^https?:\/\//, '').split('/')[0]!;
      if (!aliases.includes(host)) continue;
      // No server_address, as upstream's kubelet: containerd parses it as a URL and only uses
      // the credentials when its host matches, so a bare `host:port` fails every pull.
      const auth: AuthConfig = {};
      if (entry.username) auth.username = entry.username;
      if (entry.password) auth.password = entry.password;
      if (entry.auth) auth.auth = entry.auth;
      if (entry.identitytoken) auth.identityToken = entry.identitytoken;
      return auth;
    }
  }
  return undefined;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(3).replace(/\.?0+$/, '')}s`;

export async function ensureImage(
  ctx: PodContext,
  pod: Pod,
  container: Container,
): Promise<EnsureImageResult> {
  const image = container.image ?? '';
  let present: Image | null = null;
  try {
    present = await ctx.cri.imageStatus({ image });
  } catch (err) {
    const message = `Failed to inspect image "${image}": ${errorText(err)}`;
    recordPodEvent(ctx, pod, 'Warning', 'InspectFailed', message, container);
    return { ok: false, waiting: { reason: 'ImageInspectError', message } };
  }
  const decision = imageDecision(pod, container, present?.id, ctx.imageBackoff, Date.now());
  if (decision.action === 'use') {
    recordPodEvent(
      ctx,
      pod,
      'Normal',
      'Pulled',
      `Container image "${image}" already present on machine`,
      container,
    );
    return { ok: true, imageRef: decision.imageRef, image: present };
  }
  if (decision.action === 'fail') {
    if (decision.reason === 'ErrImageNeverPull')
      recordPodEvent(ctx, pod, 'Warning', 'ErrImageNeverPull', decision.message, container);
    else if (decision.reason === 'ImagePullBackOff')
      recordPodEvent(ctx, pod, 'Normal', 'BackOff', decision.message, container);
    else recordPodEvent(ctx, pod, 'Warning', 'InspectFailed', decision.message, container);
    return { ok: false, waiting: { reason: decision.reason, message: decision.message } };
  }
  recordPodEvent(ctx, pod, 'Normal', 'Pulling', `Pulling image "${image}"`, container);
  const secrets: Secret[] = [];
  for (const ref of pod.spec?.imagePullSecrets ?? []) {
    const s = ref.name ? await ctx.objects.secret(pod.metadata?.namespace ?? '', ref.name) : undefined;
    if (s) secrets.push(s);
  }
  const started = Date.now();
  try {
    const imageRef = await ctx.cri.pullImage({ image }, pullAuth(image, secrets));
    const pulled = await ctx.cri.imageStatus({ image: imageRef }).catch(() => null);
    const took = seconds(Date.now() - started);
    recordPodEvent(
      ctx,
      pod,
      'Normal',
      'Pulled',
      `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${pulled?.size ?? 0} bytes.`,
      container,
    );
    return { ok: true, imageRef, image: pulled };
  } catch (err) {
    const failure = pullFailure(pod, container, err, ctx.imageBackoff, Date.now());
    recordPodEvent(ctx, pod, 'Warning', 'Failed', failure.event, container);
    return { ok: false, waiting: { reason: failure.reason, message: failure.message } };
  }
}
