// The root CA ConfigMap every namespace gets (upstream's root-ca-cert-publisher): `kube-root-ca.crt`
// holding the cluster CA under `ca.crt`, so pods can verify the API server.
import type { ConfigMap } from 'kubernetes-types/core/v1.d.ts';

export const ROOT_CA_CONFIG_MAP = 'kube-root-ca.crt';
export const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
export const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. ' +
  'No other usage is guaranteed across distributions of Kubernetes clusters.';

export type RootCAAction =
  | { action: 'none' }
  | { action: 'create'; configMap: ConfigMap }
  | { action: 'update'; configMap: ConfigMap };

/** What to do about the ConfigMap of `namespace` given its current state (undefined: absent). */
export function rootCAAction(
  namespace: string,
  caCert: string,
  current: ConfigMap | undefined,
): RootCAAction {
  const data = { 'ca.crt': caCert };
  if (!current) {
    return {
      action: 'create',
      configMap: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: ROOT_CA_CONFIG_MAP,
          namespace,
          annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION },
        },
        data,
      },
    };
  }
  const sameData =
    Object.keys(current.data ?? {}).length === 1 &&
    current.data?.['ca.crt'] === caCert &&
    current.binaryData === undefined;
  if (sameData && current.metadata?.annotations?.[DESCRIPTION_ANNOTATION]) return { action: 'none' };
  const configMap: ConfigMap = structuredClone(current);
  configMap.data = data;
  delete configMap.binaryData;
  configMap.metadata = {
    ...configMap.metadata,
    annotations: { ...configMap.metadata?.annotations, [DESCRIPTION_ANNOTATION]: DESCRIPTION },
  };
  return { action: 'update', configMap };
}
