// A manifest file's pod as the kubelet runs it (upstream's file source + applyDefaults): named
// `<name>-<node>`, in `default` unless it says otherwise, bound to this node, tolerating every
// NoExecute taint, with the API's defaults applied and a UID that is a hash of the node, the
// file and the pod — so an unchanged file keeps its pod across kubelet restarts. Its mirror
// pod is the copy the API shows. Pure.
import { createHash } from 'node:crypto';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { defaultPod } from '../../api/core/pod-spec/defaults.ts';
import { canonicalJson } from '../internal/canonical-json.ts';

export const CONFIG_HASH_ANNOTATION = 'kubernetes.io/config.hash';
export const CONFIG_MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';
export const CONFIG_SOURCE_ANNOTATION = 'kubernetes.io/config.source';
export const CONFIG_SEEN_ANNOTATION = 'kubernetes.io/config.seen';

export function isMirrorPod(pod: Pod): boolean {
  return pod.metadata?.annotations?.[CONFIG_MIRROR_ANNOTATION] !== undefined;
}

export function isStaticPod(pod: Pod): boolean {
  const source = pod.metadata?.annotations?.[CONFIG_SOURCE_ANNOTATION];
  return source !== undefined && source !== 'api';
}

/** Turns a decoded manifest into the static pod; throws on what cannot be a pod. */
export function staticPodFromManifest(manifest: unknown, nodeName: string, file: string, seen: Date): Pod {
  const obj = manifest as Pod;
  if (!obj || typeof obj !== 'object' || obj.kind !== 'Pod' || (obj.apiVersion ?? 'v1') !== 'v1')
    throw new Error(`${file}: not a v1 Pod (kind ${JSON.stringify(obj?.kind)})`);
  const name = obj.metadata?.name;
  if (!name) throw new Error(`${file}: metadata.name is required`);
  if (!obj.spec?.containers?.length) throw new Error(`${file}: spec.containers is required`);
  const pod = structuredClone(obj) as { -readonly [K in keyof Pod]: Pod[K] };
  const hash = createHash('md5')
    .update(`host:${nodeName}`)
    .update(`file:${file}`)
    .update(canonicalJson(obj))
    .digest('hex');
  const { resourceVersion: _rv, generateName: _gn, ...meta } = pod.metadata ?? {};
  pod.metadata = {
    ...meta,
    name: `${name}-${nodeName}`,
    namespace: pod.metadata?.namespace || 'default',
    uid: hash,
    annotations: {
      ...pod.metadata?.annotations,
      [CONFIG_HASH_ANNOTATION]: hash,
      [CONFIG_SEEN_ANNOTATION]: seen.toISOString(),
      [CONFIG_SOURCE_ANNOTATION]: 'file',
    },
  };
  pod.spec = { ...pod.spec!, nodeName };
  const tolerations = pod.spec.tolerations ?? [];
  if (!tolerations.some((t) => t.operator === 'Exists' && !t.key && t.effect === 'NoExecute'))
    pod.spec.tolerations = [...tolerations, { operator: 'Exists', effect: 'NoExecute' }];
  defaultPod(pod);
  pod.status = { phase: 'Pending' };
  return pod;
}

/** The mirror pod the API shows for a static pod: same spec, owned by the node. */
export function mirrorPodFor(pod: Pod, node: Node | undefined): Pod {
  const mirror: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: pod.metadata?.name,
      namespace: pod.metadata?.namespace,
      labels: pod.metadata?.labels,
      annotations: {
        ...pod.metadata?.annotations,
        [CONFIG_MIRROR_ANNOTATION]: pod.metadata?.annotations?.[CONFIG_HASH_ANNOTATION] ?? '',
      },
    },
    spec: structuredClone(pod.spec),
  };
  if (node?.metadata?.uid) {
    mirror.metadata!.ownerReferences = [
      {
        apiVersion: 'v1',
        kind: 'Node',
        name: node.metadata.name ?? '',
        uid: node.metadata.uid,
        controller: true,
      },
    ];
  }
  return mirror;
}
