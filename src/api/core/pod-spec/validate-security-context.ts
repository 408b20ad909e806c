// Pod and container security contexts (upstream validatePodSpecSecurityContext and
// ValidateSecurityContext): user/group IDs, sysctls, seccomp and AppArmor profiles, proc mounts.

import { isValidGroupID, isValidUserID } from '../../../machinery/validation/names.ts';
import { SECURITY_PROFILE_TYPES } from '../../internal/enum-values.ts';
import {
  duplicate,
  type FieldError,
  forbidden,
  invalid,
  notSupported,
  required,
  sorted,
  tooLong,
} from '../../internal/field-errors.ts';
import { child, index } from '../../internal/field-paths.ts';
import { isObj, type JsonObject } from '../../internal/loose-json.ts';
import { validateLocalDescendingPath } from './file-paths.ts';

export function validateContainerSecurityContext(
  sc: unknown,
  hostUsers: boolean,
  path: string,
): FieldError[] {
  if (!isObj(sc)) return [];
  const errs: FieldError[] = [];
  if (typeof sc.runAsUser === 'number')
    errs.push(...isValidUserID(sc.runAsUser).map((m) => invalid(child(path, 'runAsUser'), sc.runAsUser, m)));
  if (typeof sc.runAsGroup === 'number') {
    errs.push(
      ...isValidGroupID(sc.runAsGroup).map((m) => invalid(child(path, 'runAsGroup'), sc.runAsGroup, m)),
    );
  }
  if (sc.procMount != null) {
    if (sc.procMount !== 'Default' && sc.procMount !== 'Unmasked') {
      errs.push(notSupported(child(path, 'procMount'), sc.procMount, ['Default', 'Unmasked']));
    }
    if (hostUsers && sc.procMount === 'Unmasked') {
      errs.push(
        invalid(child(path, 'procMount'), sc.procMount, '`hostUsers` must be false to use `Unmasked`'),
      );
    }
  }
  errs.push(...validateSeccompProfile(sc.seccompProfile, child(path, 'seccompProfile')));
  if (sc.allowPrivilegeEscalation === false) {
    if (sc.privileged === true) {
      errs.push(invalid(path, sc, 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true'));
    }
    const added: unknown[] =
      isObj(sc.capabilities) && Array.isArray(sc.capabilities.add) ? sc.capabilities.add : [];
    for (const cap of added) {
      if (cap === 'CAP_SYS_ADMIN') {
        errs.push(
          invalid(
            path,
            sc,
            'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN',
          ),
        );
      }
    }
  }
  errs.push(...validateAppArmorProfile(sc.appArmorProfile, child(path, 'appArmorProfile')));
  return errs;
}

const SYSCTL_SEGMENT = '[a-z0-9]([-_a-z0-9]*[a-z0-9])?';
const SYSCTL_FMT = `(${SYSCTL_SEGMENT}[\\./])*${SYSCTL_SEGMENT}`;
const SYSCTL = new RegExp(`^${SYSCTL_FMT}$`);
// Namespaced sysctls (kernel namespaces they belong to), as in component-helpers' sysctl lists.
const NET_SYSCTL_PREFIXES = ['net.'];
const IPC_SYSCTLS = ['kernel.sem'];
const IPC_SYSCTL_PREFIXES = ['kernel.shm', 'kernel.msg', 'fs.mqueue.'];

export function validatePodSecurityContext(sc: unknown, spec: JsonObject, path: string): FieldError[] {
  if (!isObj(sc)) return [];
  const errs: FieldError[] = [];
  for (const field of ['fsGroup', 'runAsGroup'] as const) {
    if (typeof sc[field] === 'number')
      errs.push(...isValidGroupID(sc[field]).map((m) => invalid(child(path, field), sc[field], m)));
  }
  if (typeof sc.runAsUser === 'number')
    errs.push(...isValidUserID(sc.runAsUser).map((m) => invalid(child(path, 'runAsUser'), sc.runAsUser, m)));
  (Array.isArray(sc.supplementalGroups) ? sc.supplementalGroups : []).forEach((gid: unknown, i: number) => {
    if (typeof gid === 'number')
      errs.push(
        ...isValidGroupID(gid).map((m) => invalid(index(child(path, 'supplementalGroups'), i), gid, m)),
      );
  });
  if (spec.shareProcessNamespace === true && spec.hostPID === true) {
    errs.push(
      invalid(
        child(path, 'shareProcessNamespace'),
        true,
        'ShareProcessNamespace and HostPID cannot both be enabled',
      ),
    );
  }
  if (Array.isArray(sc.sysctls) && sc.sysctls.length > 0)
    errs.push(...validateSysctls(sc.sysctls, spec, child(path, 'sysctls')));
  if (
    sc.fsGroupChangePolicy != null &&
    sc.fsGroupChangePolicy !== 'OnRootMismatch' &&
    sc.fsGroupChangePolicy !== 'Always'
  ) {
    errs.push(
      notSupported(child(path, 'fsGroupChangePolicy'), sc.fsGroupChangePolicy, ['Always', 'OnRootMismatch']),
    );
  }
  errs.push(...validateSeccompProfile(sc.seccompProfile, child(path, 'seccompProfile')));
  errs.push(...validateAppArmorProfile(sc.appArmorProfile, child(path, 'appArmorProfile')));
  if (
    sc.supplementalGroupsPolicy != null &&
    sc.supplementalGroupsPolicy !== 'Merge' &&
    sc.supplementalGroupsPolicy !== 'Strict'
  ) {
    errs.push(
      notSupported(child(path, 'supplementalGroupsPolicy'), sc.supplementalGroupsPolicy, ['Merge', 'Strict']),
    );
  }
  if (
    sc.seLinuxChangePolicy != null &&
    sc.seLinuxChangePolicy !== 'Recursive' &&
    sc.seLinuxChangePolicy !== 'MountOption'
  ) {
    errs.push(
      notSupported(
        child(path, 'seLinuxChangePolicy'),
        sc.seLinuxChangePolicy,
        sorted(['Recursive', 'MountOption']),
      ),
    );
  }
  return errs;
}

function validateSysctls(sysctls: unknown[], spec: JsonObject, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  sysctls.forEach((raw, i) => {
    const s: JsonObject = isObj(raw) ? raw : {};
    const name = typeof s.name === 'string' ? s.name : '';
    const namePath = child(index(path, i), 'name');
    if (name === '') errs.push(required(namePath));
    else if (name.length > 253 || !SYSCTL.test(name)) {
      errs.push(invalid(namePath, name, `must have at most 253 characters and match regex ^${SYSCTL_FMT}$`));
    } else if (names.has(name)) errs.push(duplicate(namePath, name));
    const normalized = name.replaceAll('/', '.');
    if (spec.hostNetwork === true && NET_SYSCTL_PREFIXES.some((p) => normalized.startsWith(p))) {
      errs.push(invalid(namePath, name, "may not be specified when 'hostNetwork' is true"));
    } else if (
      spec.hostIPC === true &&
      (IPC_SYSCTLS.includes(normalized) || IPC_SYSCTL_PREFIXES.some((p) => normalized.startsWith(p)))
    ) {
      errs.push(invalid(namePath, name, "may not be specified when 'hostIPC' is true"));
    }
    names.add(name);
  });
  return errs;
}

function validateSeccompProfile(profile: unknown, path: string): FieldError[] {
  if (!isObj(profile)) return [];
  const errs: FieldError[] = [];
  const type = profile.type ?? '';
  if (type === '') errs.push(required(child(path, 'type'), 'type is required when seccompProfile is set'));
  else if (!SECURITY_PROFILE_TYPES.includes(type))
    errs.push(notSupported(child(path, 'type'), type, SECURITY_PROFILE_TYPES));
  if (type === 'Localhost') {
    if (profile.localhostProfile == null) {
      errs.push(required(child(path, 'localhostProfile'), 'must be set when seccomp type is Localhost'));
    } else {
      errs.push(
        ...validateLocalDescendingPath(String(profile.localhostProfile), child(path, 'localhostProfile')),
      );
    }
  } else if (profile.localhostProfile != null) {
    errs.push(
      invalid(child(path, 'localhostProfile'), profile, 'can only be set when seccomp type is Localhost'),
    );
  }
  return errs;
}

function validateAppArmorProfile(profile: unknown, path: string): FieldError[] {
  if (!isObj(profile)) return [];
  const errs: FieldError[] = [];
  switch (profile.type ?? '') {
    case 'Localhost': {
      const localhost = profile.localhostProfile;
      if (localhost == null) {
        errs.push(required(child(path, 'localhostProfile'), 'must be set when AppArmor type is Localhost'));
      } else {
        const text = String(localhost);
        if (text.trim() !== text)
          errs.push(invalid(child(path, 'localhostProfile'), text, 'must not be padded with whitespace'));
        else if (text === '')
          errs.push(required(child(path, 'localhostProfile'), 'must be set when AppArmor type is Localhost'));
        if (text.length > 4095) errs.push(tooLong(child(path, 'localhostProfile'), 4095));
      }
      break;
    }
    case 'RuntimeDefault':
    case 'Unconfined':
      if (profile.localhostProfile != null) {
        errs.push(
          invalid(
            child(path, 'localhostProfile'),
            profile.localhostProfile,
            'can only be set when AppArmor type is Localhost',
          ),
        );
      }
      break;
    case '':
      errs.push(required(child(path, 'type'), 'type is required when appArmorProfile is set'));
      break;
    default:
      errs.push(notSupported(child(path, 'type'), profile.type, SECURITY_PROFILE_TYPES));
  }
  return errs;
}

/** Forbidden options of a pod whose `spec.os.name` is windows (upstream validateWindows, abridged). */
export function validateWindowsPod(spec: JsonObject, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const sc: JsonObject = isObj(spec.securityContext) ? spec.securityContext : {};
  const podFields = [
    'appArmorProfile',
    'seLinuxOptions',
    'seccompProfile',
    'fsGroup',
    'fsGroupChangePolicy',
    'runAsUser',
    'runAsGroup',
    'supplementalGroups',
    'supplementalGroupsPolicy',
    'seLinuxChangePolicy',
  ];
  for (const f of podFields)
    if (sc[f] != null)
      errs.push(forbidden(child(path, 'securityContext', f), 'cannot be set for a windows pod'));
  if (Array.isArray(sc.sysctls) && sc.sysctls.length > 0)
    errs.push(forbidden(child(path, 'securityContext', 'sysctls'), 'cannot be set for a windows pod'));
  if (spec.hostUsers != null)
    errs.push(forbidden(child(path, 'hostUsers'), 'cannot be set for a windows pod'));
  if (spec.hostPID === true) errs.push(forbidden(child(path, 'hostPID'), 'cannot be set for a windows pod'));
  if (spec.hostIPC === true) errs.push(forbidden(child(path, 'hostIPC'), 'cannot be set for a windows pod'));
  if (spec.shareProcessNamespace != null)
    errs.push(forbidden(child(path, 'shareProcessNamespace'), 'cannot be set for a windows pod'));
  const containerFields = [
    'appArmorProfile',
    'seLinuxOptions',
    'seccompProfile',
    'capabilities',
    'readOnlyRootFilesystem',
    'privileged',
    'allowPrivilegeEscalation',
    'procMount',
    'runAsUser',
    'runAsGroup',
  ];
  forEachContainer(spec, path, (c, cPath) => {
    if (!isObj(c.securityContext)) return;
    for (const f of containerFields) {
      if (c.securityContext[f] != null)
        errs.push(forbidden(child(cPath, 'securityContext', f), 'cannot be set for a windows pod'));
    }
  });
  return errs;
}

/** Forbidden options of a pod whose `spec.os.name` is linux. */
export function validateLinuxPod(spec: JsonObject, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (isObj(spec.securityContext) && spec.securityContext.windowsOptions != null) {
    errs.push(
      forbidden(
        child(path, 'securityContext', 'windowsOptions'),
        'windows options cannot be set for a linux pod',
      ),
    );
  }
  forEachContainer(spec, path, (c, cPath) => {
    if (isObj(c.securityContext) && c.securityContext.windowsOptions != null) {
      errs.push(
        forbidden(
          child(cPath, 'securityContext', 'windowsOptions'),
          'windows options cannot be set for a linux pod',
        ),
      );
    }
  });
  return errs;
}

/** `podshelper.VisitContainersWithPath`: init, regular, then ephemeral containers. */
export function forEachContainer(
  spec: JsonObject,
  path: string,
  visit: (c: JsonObject, cPath: string) => void,
): void {
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
    (Array.isArray(spec[field]) ? spec[field] : []).forEach((c: unknown, i: number) => {
      if (isObj(c)) visit(c, index(child(path, field), i));
    });
  }
}
