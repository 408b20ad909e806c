// Volume mounts and block devices of a container (upstream ValidateVolumeMounts,
// ValidateVolumeDevices): each names a valid volume, paths are unique and stay inside.

import { MOUNT_PROPAGATIONS } from '../../internal/enum-values.ts';
import {
  type FieldError,
  forbidden,
  invalid,
  notFound,
  notSupported,
  required,
} from '../../internal/field-errors.ts';
import { child, index } from '../../internal/field-paths.ts';
import { asObj, isObj, type JsonObject, list, str } from '../../internal/loose-json.ts';
import { validateLocalDescendingPath, validatePathNoBacksteps } from './file-paths.ts';
import type { VolumeIndex } from './validate-volumes.ts';

const RECURSIVE_READ_ONLY = ['Disabled', 'Enabled', 'IfPossible'];

export function validateVolumeMounts(
  mounts: unknown,
  devices: Map<string, string>,
  volumes: VolumeIndex,
  container: JsonObject,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const mountPoints = new Set<string>();
  const devicePaths = new Set(devices.values());
  list(mounts).forEach((raw, i) => {
    const m = asObj(raw);
    const mPath = index(path, i);
    const name = str(m.name);
    const mountPath = str(m.mountPath);
    if (!name) errs.push(required(child(mPath, 'name')));
    if (!volumes.has(name)) errs.push(notFound(child(mPath, 'name'), name));
    if (!mountPath) errs.push(required(child(mPath, 'mountPath')));
    if (mountPoints.has(mountPath))
      errs.push(invalid(child(mPath, 'mountPath'), mountPath, 'must be unique'));
    mountPoints.add(mountPath);
    if (devices.has(name))
      errs.push(invalid(child(mPath, 'name'), name, 'must not already exist in volumeDevices'));
    if (devicePaths.has(mountPath)) {
      errs.push(
        invalid(child(mPath, 'mountPath'), mountPath, 'must not already exist as a path in volumeDevices'),
      );
    }
    if (isObj(volumes.get(name)?.image)) {
      if (str(m.subPath))
        errs.push(invalid(child(mPath, 'subPath'), m.subPath, 'not allowed in image volume sources'));
      if (str(m.subPathExpr))
        errs.push(invalid(child(mPath, 'subPathExpr'), m.subPathExpr, 'not allowed in image volume sources'));
    }
    // Upstream reports the next checks at the list's path, not the item's; kept for fidelity.
    if (str(m.subPath)) errs.push(...validateLocalDescendingPath(m.subPath, child(path, 'subPath')));
    if (str(m.subPathExpr)) {
      if (str(m.subPath)) {
        errs.push(
          invalid(
            child(mPath, 'subPathExpr'),
            m.subPathExpr,
            'subPathExpr and subPath are mutually exclusive',
          ),
        );
      }
      errs.push(...validateLocalDescendingPath(m.subPathExpr, child(path, 'subPathExpr')));
    }
    if (m.mountPropagation != null) {
      const propPath = child(path, 'mountPropagation');
      if (!MOUNT_PROPAGATIONS.includes(m.mountPropagation))
        errs.push(notSupported(propPath, m.mountPropagation, MOUNT_PROPAGATIONS));
      const privileged = isObj(container.securityContext) && container.securityContext.privileged === true;
      if (m.mountPropagation === 'Bidirectional' && !privileged) {
        errs.push(
          forbidden(propPath, 'Bidirectional mount propagation is available only to privileged containers'),
        );
      }
    }
    if (m.recursiveReadOnly != null && m.recursiveReadOnly !== 'Disabled') {
      const rroPath = child(path, 'recursiveReadOnly');
      if (m.recursiveReadOnly === 'Enabled' || m.recursiveReadOnly === 'IfPossible') {
        if (m.readOnly !== true) errs.push(forbidden(rroPath, 'may only be specified when readOnly is true'));
        if (m.mountPropagation != null && m.mountPropagation !== 'None') {
          errs.push(
            forbidden(rroPath, 'may only be specified when mountPropagation is None or not specified'),
          );
        }
      } else {
        errs.push(notSupported(rroPath, m.recursiveReadOnly, RECURSIVE_READ_ONLY));
      }
    }
  });
  return errs;
}

export function validateVolumeDevices(
  devices: unknown,
  mounts: Map<string, string>,
  volumes: VolumeIndex,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const devicePaths = new Set<string>();
  const deviceNames = new Set<string>();
  const mountPaths = new Set(mounts.values());
  list(devices).forEach((raw, i) => {
    const d = asObj(raw);
    const dPath = index(path, i);
    const name = str(d.name);
    const devicePath = str(d.devicePath);
    const volume = volumes.get(name);
    if (!name) errs.push(required(child(dPath, 'name')));
    if (deviceNames.has(name)) errs.push(invalid(child(dPath, 'name'), name, 'must be unique'));
    if (volume && volume.persistentVolumeClaim == null && volume.ephemeral == null) {
      errs.push(
        invalid(
          child(dPath, 'name'),
          name,
          'can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode',
        ),
      );
    }
    if (!volume) errs.push(notFound(child(dPath, 'name'), name));
    if (!devicePath) errs.push(required(child(dPath, 'devicePath')));
    if (devicePaths.has(devicePath))
      errs.push(invalid(child(dPath, 'devicePath'), devicePath, 'must be unique'));
    if (devicePath && validatePathNoBacksteps(devicePath, '').length > 0) {
      errs.push(invalid(child(dPath, 'devicePath'), devicePath, "can not contain backsteps ('..')"));
    } else {
      devicePaths.add(devicePath);
    }
    if (mounts.has(name))
      errs.push(invalid(child(dPath, 'name'), name, 'must not already exist in volumeMounts'));
    if (mountPaths.has(devicePath)) {
      errs.push(
        invalid(child(dPath, 'devicePath'), devicePath, 'must not already exist as a path in volumeMounts'),
      );
    }
    if (name) deviceNames.add(name);
  });
  return errs;
}
