// ServiceAccount: a pod runs as its namespace's `default` ServiceAccount unless it names one;
// the account must exist; and unless automount is off, the pod gets the projected
// `kube-api-access-*` volume (token, cluster CA, namespace) mounted in every container at
// /var/run/secrets/kubernetes.io/serviceaccount; a pod that names no imagePullSecrets gets its
// account's, so a registry credential set once on the account serves every pod that runs as it.
// All as upstream's plugin does.
import { forbidden } from '../../machinery/status.ts';
import type { AdmissionPlugin } from '../registry/context.ts';
import { generateName } from '../registry/object-meta.ts';
import { type AdmissionServer, freshObject, isPodCreate } from './server.ts';

export const SERVICE_ACCOUNT_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

interface Container {
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}

interface PodSpec {
  serviceAccountName?: string;
  serviceAccount?: string;
  automountServiceAccountToken?: boolean;
  imagePullSecrets?: { name?: string }[];
  volumes?: { name: string; [k: string]: unknown }[];
  containers?: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
}

function tokenVolume(name: string) {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        {
          downwardAPI: {
            items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }],
          },
        },
      ],
    },
  };
}

export function serviceAccount(server: AdmissionServer): AdmissionPlugin {
  return {
    name: 'ServiceAccount',
    async admit(attrs) {
      if (!isPodCreate(attrs)) return;
      const pod = attrs.object!;
      if (pod.metadata?.annotations?.[MIRROR_ANNOTATION] !== undefined) return;
      const spec = (pod.spec ??= {}) as PodSpec;
      const name = spec.serviceAccountName || spec.serviceAccount || 'default';
      spec.serviceAccountName = name;
      spec.serviceAccount = name;
      const sa = await freshObject(server, '/registry/serviceaccounts/', attrs.namespace, name);
      if (!sa) {
        throw forbidden(
          { group: '', resource: 'pods' },
          pod.metadata?.name ?? '',
          `error looking up service account ${attrs.namespace}/${name}: serviceaccount "${name}" not found`,
        );
      }
      const accountPullSecrets = sa.imagePullSecrets as { name?: string }[] | undefined;
      if (!spec.imagePullSecrets?.length && accountPullSecrets?.length)
        spec.imagePullSecrets = accountPullSecrets.map((ref) => ({ name: ref.name }));
      const automount =
        spec.automountServiceAccountToken ?? (sa.automountServiceAccountToken as boolean | undefined) ?? true;
      if (!automount) return;
      const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
      if (containers.every((c) => c.volumeMounts?.some((m) => m.mountPath === SERVICE_ACCOUNT_MOUNT_PATH)))
        return;
      const volumes = (spec.volumes ??= []);
      let volumeName = volumes.find((v) => v.name.startsWith('kube-api-access-') && v.projected)?.name;
      if (!volumeName) {
        volumeName = generateName('kube-api-access-');
        volumes.push(tokenVolume(volumeName));
      }
      for (const c of containers) {
        const mounts = (c.volumeMounts ??= []);
        if (mounts.some((m) => m.mountPath === SERVICE_ACCOUNT_MOUNT_PATH)) continue;
        mounts.push({ name: volumeName, readOnly: true, mountPath: SERVICE_ACCOUNT_MOUNT_PATH });
      }
    },
  };
}
