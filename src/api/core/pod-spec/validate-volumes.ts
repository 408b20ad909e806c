// Validation of a pod's volumes (upstream ValidateVolumes / validateVolumeSource): unique DNS-label
// names, exactly one source per volume, and each source's own required fields and paths.
import { duplicate, type FieldError, forbidden, invalid, required } from '../../internal/field-errors.ts';
import { child, index } from '../../internal/field-paths.ts';
import { isObj, type JsonObject, list, str } from '../../internal/loose-json.ts';
import { validateDNS1123Label } from '../../internal/meta.ts';
import { type PodMetaForVolumes, SOURCE_VALIDATORS } from './volume-sources.ts';

export type { PodMetaForVolumes } from './volume-sources.ts';

/** What containers may reference: the valid volumes by name. */
export type VolumeIndex = Map<string, JsonObject>;

/** Validates `volumes`; returns the valid ones by name (for volumeMounts) and the errors. */
export function validateVolumes(
  volumes: unknown,
  podMeta: PodMetaForVolumes | undefined,
  path: string,
): { volumes: VolumeIndex; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const valid: VolumeIndex = new Map();
  const createdClaims = new Set<string>();
  if (podMeta?.name) {
    for (const v of list(volumes)) {
      if (isObj(v) && v.ephemeral != null) createdClaims.add(`${podMeta.name}-${str(v.name)}`);
    }
  }
  list(volumes).forEach((raw, i) => {
    const vol: JsonObject = isObj(raw) ? raw : {};
    const idxPath = index(path, i);
    const namePath = child(idxPath, 'name');
    const name = str(vol.name);
    const errs = validateVolumeSource(vol, idxPath, name, podMeta);
    if (name === '') errs.push(required(namePath));
    else errs.push(...validateDNS1123Label(name, namePath));
    // Only valid volumes claim their name, so a duplicate of an invalid volume is not reported.
    if (valid.has(name)) errs.push(duplicate(namePath, name));
    if (errs.length === 0) valid.set(name, vol);
    else errors.push(...errs);
    const claimName = isObj(vol.persistentVolumeClaim) ? str(vol.persistentVolumeClaim.claimName) : '';
    if (claimName && createdClaims.has(claimName)) {
      errors.push(
        invalid(
          child(idxPath, 'persistentVolumeClaim', 'claimName'),
          claimName,
          'must not reference a PVC that gets created for an ephemeral volume',
        ),
      );
    }
  });
  return { volumes: valid, errors };
}

// Upstream names a few sources differently in the path it reports (its own historical typos).
const PATH_NAME: Record<string, string> = {
  gcePersistentDisk: 'persistentDisk',
};
const FORBIDDEN_PATH_NAME: Record<string, string> = {
  cephfs: 'cephFS',
  downwardAPI: 'downwarAPI',
};

// Upstream's order of checks: the first source found counts, later ones are "more than 1".
const VALIDATION_ORDER = [
  'emptyDir',
  'hostPath',
  'gitRepo',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'flocker',
  'persistentVolumeClaim',
  'rbd',
  'cinder',
  'cephfs',
  'quobyte',
  'downwardAPI',
  'fc',
  'flexVolume',
  'configMap',
  'azureFile',
  'vsphereVolume',
  'photonPersistentDisk',
  'portworxVolume',
  'azureDisk',
  'storageos',
  'projected',
  'scaleIO',
  'csi',
  'ephemeral',
  'image',
];

function validateVolumeSource(
  vol: JsonObject,
  path: string,
  volName: string,
  podMeta?: PodMetaForVolumes,
): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const source of VALIDATION_ORDER) {
    if (vol[source] === undefined || vol[source] === null) continue;
    if (count > 0) {
      errs.push(
        forbidden(
          child(path, FORBIDDEN_PATH_NAME[source] ?? source),
          'may not specify more than 1 volume type',
        ),
      );
      continue;
    }
    count++;
    const value = isObj(vol[source]) ? vol[source] : {};
    errs.push(
      ...SOURCE_VALIDATORS[source]!(value, child(path, PATH_NAME[source] ?? source), volName, podMeta),
    );
    if (
      source === 'iscsi' &&
      value.initiatorName != null &&
      `${volName}:${str(value.targetPortal)}`.length > 64
    ) {
      errs.push(
        invalid(
          child(path, 'name'),
          volName,
          'Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.',
        ),
      );
    }
  }
  if (count === 0) errs.push(required(path, 'must specify a volume type'));
  return errs;
}
