// The rules of each volume source (upstream validateHostPathVolumeSource, validateSecretVolumeSource,
// validateProjectedVolumeSource…), keyed by the source's field name.

import { inclusiveRangeError, isDNS1123Subdomain } from '../../../machinery/validation/names.ts';
import { HOST_PATH_TYPES, PULL_POLICIES } from '../../internal/enum-values.ts';
import {
  type FieldError,
  forbidden,
  invalid,
  notSupported,
  required,
  tooLong,
} from '../../internal/field-errors.ts';
import { child, index, key } from '../../internal/field-paths.ts';
import { parseJsonQuantity } from '../../internal/json-quantities.ts';
import { isObj, type JsonObject, list, str } from '../../internal/loose-json.ts';
import { validateDNS1123Label, validateLabelSelector } from '../../internal/meta.ts';
import {
  validateLocalDescendingPath,
  validateLocalNonReservedPath,
  validatePathNoBacksteps,
} from './file-paths.ts';
import { validatePersistentVolumeClaimTemplate } from './validate-claim-template.ts';
import {
  validateContainerResourceFieldSelector,
  validateObjectFieldSelector,
} from './validate-downward-api.ts';

export const FILE_MODE_ERROR = 'must be a number between 0 and 0777 (octal), both inclusive';

export interface PodMetaForVolumes {
  name?: string;
}

export const SOURCE_VALIDATORS: Record<
  string,
  (source: JsonObject, path: string, volName: string, podMeta?: PodMetaForVolumes) => FieldError[]
> = {
  emptyDir: (s, p) => {
    if (s.sizeLimit === undefined || s.sizeLimit === null) return [];
    const q = parseJsonQuantity(s.sizeLimit);
    return q && q.sign() < 0
      ? [forbidden(child(p, 'sizeLimit'), 'SizeLimit field must be a valid resource quantity')]
      : [];
  },
  hostPath: (s, p) => {
    if (!str(s.path)) return [required(child(p, 'path'))];
    return [
      ...validatePathNoBacksteps(str(s.path), child(p, 'path')),
      ...validateHostPathType(s.type, child(p, 'type')),
    ];
  },
  gitRepo: (s, p) => [
    ...(str(s.repository) ? [] : [required(child(p, 'repository'))]),
    ...validateLocalDescendingPath(str(s.directory), child(p, 'directory')),
  ],
  gcePersistentDisk: (s, p) => [
    ...(str(s.pdName) ? [] : [required(child(p, 'pdName'))]),
    ...partitionErrors(s.partition, child(p, 'partition')),
  ],
  awsElasticBlockStore: (s, p) => [
    ...(str(s.volumeID) ? [] : [required(child(p, 'volumeID'))]),
    ...partitionErrors(s.partition, child(p, 'partition')),
  ],
  secret: (s, p) => [
    ...(str(s.secretName) ? [] : [required(child(p, 'secretName'))]),
    ...fileModeErrors(s.defaultMode, child(p, 'defaultMode')),
    ...list(s.items).flatMap((kp, i) => validateKeyToPath(kp, index(child(p, 'items'), i))),
  ],
  configMap: (s, p) => [
    ...(str(s.name) ? [] : [required(child(p, 'name'))]),
    ...fileModeErrors(s.defaultMode, child(p, 'defaultMode')),
    ...list(s.items).flatMap((kp, i) => validateKeyToPath(kp, index(child(p, 'items'), i))),
  ],
  nfs: (s, p) => [
    ...(str(s.server) ? [] : [required(child(p, 'server'))]),
    ...(str(s.path) ? [] : [required(child(p, 'path'))]),
    ...(str(s.path).startsWith('/')
      ? []
      : [invalid(child(p, 'path'), str(s.path), 'must be an absolute path')]),
  ],
  iscsi: (s, p) => {
    const errs: FieldError[] = [];
    if (!str(s.targetPortal)) errs.push(required(child(p, 'targetPortal')));
    if (!str(s.iqn)) errs.push(required(child(p, 'iqn')));
    else if (!/^(iqn|eui|naa)/.test(str(s.iqn))) {
      errs.push(invalid(child(p, 'iqn'), s.iqn, 'must be valid format starting with iqn, eui, or naa'));
    }
    if (typeof s.lun === 'number' && (s.lun < 0 || s.lun > 255)) {
      errs.push(invalid(child(p, 'lun'), s.lun, inclusiveRangeError(0, 255)));
    }
    if ((s.chapAuthDiscovery || s.chapAuthSession) && !s.secretRef)
      errs.push(required(child(p, 'secretRef')));
    return errs;
  },
  glusterfs: (s, p) => [
    ...(str(s.endpoints) ? [] : [required(child(p, 'endpoints'))]),
    ...(str(s.path) ? [] : [required(child(p, 'path'))]),
  ],
  flocker: (s, p) => {
    const errs: FieldError[] = [];
    const name = str(s.datasetName);
    const uuid = str(s.datasetUUID);
    if (!name && !uuid) errs.push(required(p, 'one of datasetName and datasetUUID is required'));
    if (name && uuid)
      errs.push(invalid(p, 'resource', 'datasetName and datasetUUID can not be specified simultaneously'));
    if (name.includes('/')) errs.push(invalid(child(p, 'datasetName'), name, "must not contain '/'"));
    return errs;
  },
  persistentVolumeClaim: (s, p) => (str(s.claimName) ? [] : [required(child(p, 'claimName'))]),
  rbd: (s, p) => [
    ...(list(s.monitors).length ? [] : [required(child(p, 'monitors'))]),
    ...(str(s.image) ? [] : [required(child(p, 'image'))]),
  ],
  cinder: (s, p) => [
    ...(str(s.volumeID) ? [] : [required(child(p, 'volumeID'))]),
    ...(isObj(s.secretRef) && !str(s.secretRef.name) ? [required(child(p, 'secretRef', 'name'))] : []),
  ],
  cephfs: (s, p) => (list(s.monitors).length ? [] : [required(child(p, 'monitors'))]),
  quobyte: (s, p) => {
    const errs: FieldError[] = [];
    const registry = str(s.registry);
    const hostPort = 'must be a host:port pair or multiple pairs separated by commas';
    if (!registry) errs.push(required(child(p, 'registry'), hostPort));
    else if (str(s.tenant).length >= 65) {
      errs.push(required(child(p, 'tenant'), 'must be a UUID and may not exceed a length of 64 characters'));
    } else {
      for (const pair of registry.split(',')) {
        if (!/^(\[[^\]]*\]|[^:]*):[^:]*$/.test(pair))
          errs.push(invalid(child(p, 'registry'), registry, hostPort));
      }
    }
    if (!str(s.volume)) errs.push(required(child(p, 'volume')));
    return errs;
  },
  downwardAPI: (s, p) => [
    ...fileModeErrors(s.defaultMode, child(p, 'defaultMode')),
    ...list(s.items).flatMap((f) => validateDownwardAPIVolumeFile(f, p)),
  ],
  fc: (s, p) => {
    const errs: FieldError[] = [];
    const wwns = list(s.targetWWNs);
    const wwids = list(s.wwids);
    if (wwns.length < 1 && wwids.length < 1) {
      errs.push(required(child(p, 'targetWWNs'), 'must specify either targetWWNs or wwids, but not both'));
    }
    if (wwns.length && wwids.length) {
      errs.push(
        invalid(child(p, 'targetWWNs'), wwns, 'targetWWNs and wwids can not be specified simultaneously'),
      );
    }
    if (wwns.length) {
      if (s.lun === undefined || s.lun === null) {
        errs.push(required(child(p, 'lun'), 'lun is required if targetWWNs is specified'));
      } else if (s.lun < 0 || s.lun > 255)
        errs.push(invalid(child(p, 'lun'), s.lun, inclusiveRangeError(0, 255)));
    }
    return errs;
  },
  flexVolume: (s, p) => {
    const errs: FieldError[] = str(s.driver) ? [] : [required(child(p, 'driver'))];
    for (const k of Object.keys(isObj(s.options) ? s.options : {})) {
      const ns = k.includes('/') ? k.slice(0, k.indexOf('/')) : k;
      const normalized = `.${ns.toLowerCase()}`;
      if (normalized.endsWith('.kubernetes.io') || normalized.endsWith('.k8s.io')) {
        errs.push(
          invalid(key(child(p, 'options'), k), k, 'kubernetes.io and k8s.io namespaces are reserved'),
        );
      }
    }
    return errs;
  },
  azureFile: (s, p) => [
    ...(str(s.secretName) ? [] : [required(child(p, 'secretName'))]),
    ...(str(s.shareName) ? [] : [required(child(p, 'shareName'))]),
  ],
  vsphereVolume: (s, p) => (str(s.volumePath) ? [] : [required(child(p, 'volumePath'))]),
  photonPersistentDisk: (s, p) => (str(s.pdID) ? [] : [required(child(p, 'pdID'))]),
  portworxVolume: (s, p) => (str(s.volumeID) ? [] : [required(child(p, 'volumeID'))]),
  azureDisk: (s, p) => {
    const errs: FieldError[] = [];
    if (!str(s.diskName)) errs.push(required(child(p, 'diskName')));
    if (!str(s.diskURI)) errs.push(required(child(p, 'diskURI')));
    const modes = ['None', 'ReadOnly', 'ReadWrite'];
    if (s.cachingMode != null && !modes.includes(s.cachingMode)) {
      errs.push(notSupported(child(p, 'cachingMode'), s.cachingMode, modes));
    }
    const kinds = ['Dedicated', 'Managed', 'Shared'];
    if (s.kind != null && !kinds.includes(s.kind)) errs.push(notSupported(child(p, 'kind'), s.kind, kinds));
    if (s.kind === 'Managed' && !str(s.diskURI).startsWith('/subscriptions/')) {
      errs.push(
        notSupported(child(p, 'diskURI'), str(s.diskURI), [
          '/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}',
        ]),
      );
    }
    if (s.kind != null && s.kind !== 'Managed' && !str(s.diskURI).startsWith('https://')) {
      errs.push(
        notSupported(child(p, 'diskURI'), str(s.diskURI), [
          'https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd',
        ]),
      );
    }
    return errs;
  },
  storageos: (s, p) => {
    const errs: FieldError[] = [];
    if (!str(s.volumeName)) errs.push(required(child(p, 'volumeName')));
    else errs.push(...validateDNS1123Label(str(s.volumeName), child(p, 'volumeName')));
    if (str(s.volumeNamespace))
      errs.push(...validateDNS1123Label(str(s.volumeNamespace), child(p, 'volumeNamespace')));
    if (isObj(s.secretRef) && !str(s.secretRef.name)) errs.push(required(child(p, 'secretRef', 'name')));
    return errs;
  },
  projected: (s, p) => [
    ...fileModeErrors(s.defaultMode, child(p, 'defaultMode')),
    ...validateProjectionSources(s, p),
  ],
  scaleIO: (s, p) => [
    ...(str(s.gateway) ? [] : [required(child(p, 'gateway'))]),
    ...(str(s.system) ? [] : [required(child(p, 'system'))]),
    ...(str(s.volumeName) ? [] : [required(child(p, 'volumeName'))]),
  ],
  csi: (s, p) => {
    const errs = validateCSIDriverName(str(s.driver), child(p, 'driver'));
    if (isObj(s.nodePublishSecretRef)) {
      const name = str(s.nodePublishSecretRef.name);
      if (!name) errs.push(required(child(p, 'nodePublishSecretRef', 'name')));
      else errs.push(...isDNS1123Subdomain(name).map((m) => invalid(child(p, 'name'), name, m)));
    }
    return errs;
  },
  ephemeral: (s, p, volName, podMeta) => {
    if (!isObj(s.volumeClaimTemplate)) return [required(child(p, 'volumeClaimTemplate'))];
    const errs = validatePersistentVolumeClaimTemplate(
      s.volumeClaimTemplate,
      child(p, 'volumeClaimTemplate'),
    );
    if (podMeta?.name && volName) {
      const pvcName = `${podMeta.name}-${volName}`;
      for (const m of isDNS1123Subdomain(pvcName)) {
        errs.push(invalid(child(p, 'name'), volName, `PVC name "${pvcName}": ${m}`));
      }
    }
    return errs;
  },
  image: (s, p) => {
    const errs: FieldError[] = [];
    if (!str(s.reference)) errs.push(required(child(p, 'reference')));
    if (s.pullPolicy != null && s.pullPolicy !== '' && !PULL_POLICIES.includes(s.pullPolicy)) {
      errs.push(notSupported(child(p, 'pullPolicy'), s.pullPolicy, PULL_POLICIES));
    }
    return errs;
  },
};

function partitionErrors(partition: unknown, path: string): FieldError[] {
  return typeof partition === 'number' && (partition < 0 || partition > 255)
    ? [invalid(path, partition, inclusiveRangeError(1, 255))]
    : [];
}

export function fileModeErrors(mode: unknown, path: string): FieldError[] {
  return typeof mode === 'number' && (mode > 0o777 || mode < 0) ? [invalid(path, mode, FILE_MODE_ERROR)] : [];
}

function validateHostPathType(type: unknown, path: string): FieldError[] {
  if (type === undefined || type === null || HOST_PATH_TYPES.includes(type as string)) return [];
  return [notSupported(path, type, HOST_PATH_TYPES)];
}

function validateKeyToPath(kp: unknown, path: string): FieldError[] {
  const k: JsonObject = isObj(kp) ? kp : {};
  const errs: FieldError[] = [];
  if (!str(k.key)) errs.push(required(child(path, 'key')));
  if (!str(k.path)) errs.push(required(child(path, 'path')));
  errs.push(...validateLocalNonReservedPath(str(k.path), child(path, 'path')));
  errs.push(...fileModeErrors(k.mode, child(path, 'mode')));
  return errs;
}

const VOLUME_DOWNWARD_API_FIELDS = [
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
];

function validateDownwardAPIVolumeFile(file: unknown, path: string): FieldError[] {
  const f: JsonObject = isObj(file) ? file : {};
  const errs: FieldError[] = [];
  if (!str(f.path)) errs.push(required(child(path, 'path')));
  errs.push(...validateLocalNonReservedPath(str(f.path), child(path, 'path')));
  if (isObj(f.fieldRef)) {
    errs.push(
      ...validateObjectFieldSelector(f.fieldRef, VOLUME_DOWNWARD_API_FIELDS, child(path, 'fieldRef')),
    );
    if (isObj(f.resourceFieldRef)) {
      errs.push(
        invalid(path, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'),
      );
    }
  } else if (isObj(f.resourceFieldRef)) {
    errs.push(
      ...validateContainerResourceFieldSelector(f.resourceFieldRef, child(path, 'resourceFieldRef'), true),
    );
  } else {
    errs.push(required(path, 'one of fieldRef and resourceFieldRef is required'));
  }
  errs.push(...fileModeErrors(f.mode, child(path, 'mode')));
  return errs;
}

function validateProjectionSources(projection: JsonObject, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const allPaths = new Set<string>();
  const claimPath = (p: string, conflictValue: unknown) => {
    if (!p) return;
    if (allPaths.has(p)) errs.push(invalid(path, conflictValue, 'conflicting duplicate paths'));
    else allPaths.add(p);
  };
  list(projection.sources).forEach((raw, i) => {
    const source: JsonObject = isObj(raw) ? raw : {};
    const srcPath = index(child(path, 'sources'), i);
    let count = 0;
    for (const kind of ['secret', 'configMap'] as const) {
      if (!isObj(source[kind])) continue;
      count++;
      const s = source[kind];
      const projPath = child(srcPath, kind);
      if (!str(s.name)) errs.push(required(child(projPath, 'name')));
      list(s.items).forEach((kp, j) => {
        errs.push(...validateKeyToPath(kp, index(child(projPath, 'items'), j)));
        claimPath(isObj(kp) ? str(kp.path) : '', s.name ?? '');
      });
    }
    if (isObj(source.downwardAPI)) {
      count++;
      for (const file of list(source.downwardAPI.items)) {
        errs.push(...validateDownwardAPIVolumeFile(file, child(srcPath, 'downwardAPI')));
        const p = isObj(file) ? str(file.path) : '';
        claimPath(p, p);
      }
    }
    if (isObj(source.serviceAccountToken)) {
      count++;
      const token = source.serviceAccountToken;
      const projPath = child(srcPath, 'serviceAccountToken');
      const expiration = typeof token.expirationSeconds === 'number' ? token.expirationSeconds : 0;
      if (expiration < 10 * 60) {
        errs.push(
          invalid(
            child(projPath, 'expirationSeconds'),
            expiration,
            'may not specify a duration less than 10 minutes',
          ),
        );
      }
      if (expiration > 2 ** 32) {
        errs.push(
          invalid(
            child(projPath, 'expirationSeconds'),
            expiration,
            'may not specify a duration larger than 2^32 seconds',
          ),
        );
      }
      if (!str(token.path)) errs.push(required(child(path, 'path')));
      else errs.push(...validateLocalNonReservedPath(str(token.path), child(path, 'path')));
    }
    if (isObj(source.clusterTrustBundle)) {
      count++;
      errs.push(
        ...validateClusterTrustBundleProjection(
          source.clusterTrustBundle,
          child(srcPath, 'clusterTrustBundle'),
          path,
          claimPath,
        ),
      );
    }
    if (count > 1) errs.push(forbidden(srcPath, 'may not specify more than 1 volume type per source'));
  });
  return errs;
}

function validateClusterTrustBundleProjection(
  ctb: JsonObject,
  projPath: string,
  _volumePath: string,
  claimPath: (p: string, v: unknown) => void,
): FieldError[] {
  const errs: FieldError[] = [];
  const usingName = ctb.name !== undefined && ctb.name !== null;
  const usingSigner = ctb.signerName !== undefined && ctb.signerName !== null;
  if (usingName && usingSigner) {
    errs.push(invalid(projPath, ctb, 'only one of name and signerName may be used'));
  } else if (usingName) {
    if (str(ctb.name) === '') errs.push(required(child(projPath, 'name'), 'must be a valid object name'));
    if (ctb.labelSelector != null) {
      errs.push(
        invalid(
          child(projPath, 'labelSelector'),
          ctb.labelSelector,
          'labelSelector must be unset if name is specified',
        ),
      );
    }
  } else if (usingSigner) {
    if (str(ctb.signerName) === '')
      errs.push(required(child(projPath, 'signerName'), 'must be a valid signer name'));
    errs.push(...validateLabelSelector(ctb.labelSelector, child(projPath, 'labelSelector')));
  } else {
    errs.push(required(projPath, 'either name or signerName must be specified'));
  }
  if (!str(ctb.path)) errs.push(required(child(projPath, 'path')));
  errs.push(...validateLocalNonReservedPath(str(ctb.path), child(projPath, 'path')));
  claimPath(str(ctb.path), str(ctb.path));
  return errs;
}

/** `ValidateCSIDriverName`. */
export function validateCSIDriverName(driver: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (driver.length === 0) errs.push(required(path));
  if (driver.length > 63) errs.push(tooLong(path, 63));
  errs.push(...isDNS1123Subdomain(driver.toLowerCase()).map((m) => invalid(path, driver, m)));
  return errs;
}
