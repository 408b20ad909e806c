// What the kubelet does about a container's image before creating it (upstream's image manager,
// EnsureImageExists): use it when present, refuse with ErrImageNeverPull, wait with
// ImagePullBackOff after a failed pull, or pull — and how a failed pull is reported
// (ErrImagePull). Pure: whether the image is present, the pull's error and the clock are inputs.
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { CriError } from '../cri/cri-error.ts';
import { RestartBackoff } from './restart-backoff.ts';

export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';

// name components, optional :tag, optional @digest (docker reference grammar, simplified).
const REFERENCE =
  /^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$/;

function tagOf(image: string): string | undefined {
  const noDigest = image.split('@')[0]!;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(colon + 1) : undefined;
}

/** API defaulting: Always for `:latest` or untagged images, else IfNotPresent. */
export function defaultPullPolicy(image: string): PullPolicy {
  if (image.includes('@')) return 'IfNotPresent';
  const tag = tagOf(image);
  return tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

export function shouldPullImage(container: Container, present: boolean): boolean {
  const policy =
    (container.imagePullPolicy as PullPolicy | undefined) ?? defaultPullPolicy(container.image ?? '');
  if (policy === 'Never') return false;
  return policy === 'Always' || !present;
}

export type ImageDecision =
  | { action: 'use'; imageRef: string }
  | { action: 'pull' }
  | {
      action: 'fail';
      reason: 'InvalidImageName' | 'ErrImageNeverPull' | 'ImagePullBackOff';
      message: string;
    };

/** One back-off per pod and image, 10 s doubling to 5 min, as upstream's image manager keeps. */
export class ImagePullBackoff {
  private readonly backoff = new RestartBackoff();

  private key(pod: Pod, image: string): string {
    return `${pod.metadata?.uid}_${image}`;
  }

  inBackoff(pod: Pod, image: string, nowMs: number): boolean {
    return this.backoff.isInBackOffSinceUpdate(this.key(pod, image), nowMs);
  }

  failed(pod: Pod, image: string, nowMs: number): void {
    this.backoff.next(this.key(pod, image), nowMs, nowMs);
  }

  gc(nowMs: number): void {
    this.backoff.gc(nowMs);
  }
}

/**
 * EnsureImageExists up to the pull: `presentRef` is the image's id when the runtime has it
 * (ImageStatus), undefined otherwise.
 */
export function imageDecision(
  pod: Pod,
  container: Container,
  presentRef: string | undefined,
  backoff: ImagePullBackoff,
  nowMs: number,
): ImageDecision {
  const image = container.image ?? '';
  if (!REFERENCE.test(image)) {
    return {
      action: 'fail',
      reason: 'InvalidImageName',
      message: `Failed to apply default image tag "${image}": couldn't parse image name "${image}": invalid reference format`,
    };
  }
  if (!shouldPullImage(container, presentRef !== undefined)) {
    if (presentRef !== undefined) return { action: 'use', imageRef: presentRef };
    return {
      action: 'fail',
      reason: 'ErrImageNeverPull',
      message: `Container image "${image}" is not present with pull policy of Never`,
    };
  }
  if (backoff.inBackoff(pod, image, nowMs)) {
    return { action: 'fail', reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` };
  }
  return { action: 'pull' };
}

/** gRPC status names as Go's grpc prints them (`Unknown`, `NotFound`…). */
function goCodeName(codeName: string): string {
  return codeName
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** A failed pull: records the back-off and gives the Waiting reason and message (evalCRIPullErr). */
export function pullFailure(
  pod: Pod,
  container: Container,
  err: unknown,
  backoff: ImagePullBackoff,
  nowMs: number,
): { reason: 'ErrImagePull'; message: string; event: string } {
  backoff.failed(pod, container.image ?? '', nowMs);
  const text =
    err instanceof CriError
      ? `rpc error: code = ${goCodeName(err.codeName)} desc = ${err.details}`
      : String((err as Error)?.message ?? err);
  return {
    reason: 'ErrImagePull',
    message: text,
    event: `Failed to pull image "${container.image}": ${text}`,
  };
}
