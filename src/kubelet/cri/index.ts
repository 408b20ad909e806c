// The CRI v1 client: what the kubelet uses to talk to containerd.
export { CriClient, type CriClientOptions, criTarget, DEFAULT_CRI_TIMEOUT_MS } from './cri-client.ts';
export { CriError, isDeadlineExceeded, isNotFound, isUnavailable } from './cri-error.ts';
export type * from './types.ts';
