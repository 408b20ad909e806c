// Pods for the pod logic's unit tests.
import type { Container, Pod, PodSpec } from 'kubernetes-types/core/v1.js';

export function container(name: string, extra: Partial<Container> = {}): Container {
  return { name, image: 'kts.local/busybox:1', ...extra };
}

export function pod(spec: Partial<PodSpec> = {}, meta: Partial<NonNullable<Pod['metadata']>> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', uid: '1111-2222', ...meta },
    spec: { containers: [container('app')], restartPolicy: 'Always', nodeName: 'node-1', ...spec },
  };
}
