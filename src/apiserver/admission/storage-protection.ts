// StorageObjectInUseProtection: PVCs and PVs get protection finalizers on create so that a
// volume in use is not deleted under a pod (the protection controllers remove them).
import type { AdmissionPlugin } from '../registry/context.ts';

const FINALIZERS: Record<string, string> = {
  persistentvolumeclaims: 'kubernetes.io/pvc-protection',
  persistentvolumes: 'kubernetes.io/pv-protection',
};

export const storageObjectInUseProtection: AdmissionPlugin = {
  name: 'StorageObjectInUseProtection',
  admit(attrs) {
    const finalizer = FINALIZERS[attrs.resource.resource];
    if (attrs.operation !== 'CREATE' || attrs.resource.group !== '' || !finalizer) return;
    const meta = (attrs.object!.metadata ??= {});
    const list = (meta.finalizers ??= []);
    if (!list.includes(finalizer)) list.push(finalizer);
  },
};
