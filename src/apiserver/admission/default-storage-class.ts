// DefaultStorageClass: a PVC that names no class gets the cluster's default StorageClass
// (annotation storageclass.kubernetes.io/is-default-class=true; the newest wins on ties).
import type { AdmissionPlugin } from '../registry/context.ts';
import type { AdmissionServer } from './server.ts';

const DEFAULT_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

export function defaultStorageClass(server: AdmissionServer): AdmissionPlugin {
  return {
    name: 'DefaultStorageClass',
    admit(attrs) {
      if (
        attrs.operation !== 'CREATE' ||
        attrs.resource.group !== '' ||
        attrs.resource.resource !== 'persistentvolumeclaims'
      )
        return;
      const spec = (attrs.object!.spec ??= {}) as { storageClassName?: string | null };
      if (spec.storageClassName !== undefined && spec.storageClassName !== null) return;
      const classes = server.dispatcher.cacheFor('/registry/storageclasses/').list({}).items;
      const defaults = classes
        .filter((c) => c.metadata?.annotations?.[DEFAULT_ANNOTATION] === 'true')
        .sort(
          (a, b) =>
            (b.metadata?.creationTimestamp ?? '').localeCompare(a.metadata?.creationTimestamp ?? '') ||
            (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
        );
      if (defaults[0]?.metadata?.name) spec.storageClassName = defaults[0].metadata.name;
    },
  };
}
