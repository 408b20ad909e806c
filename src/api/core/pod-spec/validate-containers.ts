// Validation of a pod's containers, init containers and ephemeral containers (upstream
// validateContainers / validateInitContainers / validateEphemeralContainers and the common
// per-container checks): names, images, ports, env, mounts, probes, lifecycle, resources.

import { isValidPortName, isValidPortNum } from '../../../machinery/validation/names.ts';
import { PROTOCOLS, PULL_POLICIES } from '../../internal/enum-values.ts';
import {
  duplicate,
  type FieldError,
  forbidden,
  invalid,
  nonNegative,
  notFound,
  notSupported,
  required,
  sorted,
} from '../../internal/field-errors.ts';
import { child, index } from '../../internal/field-paths.ts';
import { asObj, isObj, type JsonObject, list, str } from '../../internal/loose-json.ts';
import { validateDNS1123Label } from '../../internal/meta.ts';
import { validateEnv, validateEnvFrom } from './validate-env.ts';
import { validateLifecycle, validateProbeHandler } from './validate-handlers.ts';
import { validateVolumeDevices, validateVolumeMounts } from './validate-mounts.ts';
import { validateResourceRequirements } from './validate-resources.ts';
import { validateContainerSecurityContext } from './validate-security-context.ts';
import type { VolumeIndex } from './validate-volumes.ts';

/** What container validation needs to know about the pod around it. */
export interface ContainerContext {
  volumes: VolumeIndex;
  podClaimNames: Set<string>;
  gracePeriod: number | undefined;
  restartPolicy: string;
  hostUsers: boolean;
}

export function validateContainers(containers: unknown, ctx: ContainerContext, path: string): FieldError[] {
  const items = list(containers);
  if (items.length === 0) return [required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  items.forEach((raw, i) => {
    const c = asObj(raw);
    const cPath = index(path, i);
    errs.push(...validateContainerCommon(c, ctx, cPath));
    if (names.has(str(c.name))) errs.push(duplicate(child(cPath, 'name'), str(c.name)));
    else names.add(str(c.name));
    if (isObj(c.lifecycle))
      errs.push(...validateLifecycle(c.lifecycle, ctx.gracePeriod, child(cPath, 'lifecycle')));
    errs.push(...validateProbes(c, ctx.gracePeriod, cPath));
    if (c.restartPolicy != null)
      errs.push(forbidden(child(cPath, 'restartPolicy'), 'may not be set for non-init containers'));
  });
  errs.push(...checkHostPortConflicts(items, path));
  return errs;
}

export function validateInitContainers(
  initContainers: unknown,
  regularContainers: unknown,
  ctx: ContainerContext,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(list(regularContainers).map((c) => str(asObj(c).name)));
  list(initContainers).forEach((raw, i) => {
    const c = asObj(raw);
    const cPath = index(path, i);
    errs.push(...validateContainerCommon(c, ctx, cPath));
    let restartAlways = false;
    if (c.restartPolicy != null) {
      if (c.restartPolicy !== 'Always')
        errs.push(notSupported(child(cPath, 'restartPolicy'), c.restartPolicy, ['Always']));
      restartAlways = c.restartPolicy === 'Always';
    }
    const name = str(c.name);
    if (names.has(name)) errs.push(duplicate(child(cPath, 'name'), name));
    else if (name) names.add(name);
    // Upstream checks each init container alone (they run one by one), reporting it at index 0.
    errs.push(...checkHostPortConflicts([c], path));
    if (restartAlways) {
      if (isObj(c.lifecycle))
        errs.push(...validateLifecycle(c.lifecycle, ctx.gracePeriod, child(cPath, 'lifecycle')));
      errs.push(...validateProbes(c, ctx.gracePeriod, cPath));
    } else {
      for (const field of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (c[field] != null) {
          errs.push(
            forbidden(child(cPath, field), 'may not be set for init containers without restartPolicy=Always'),
          );
        }
      }
    }
    if (list(c.resizePolicy).length > 0) {
      errs.push(invalid(child(cPath, 'resizePolicy'), c.resizePolicy, 'must not be set for init containers'));
    }
  });
  return errs;
}

/** Fields an ephemeral container may set: the rest would make it part of the workload. */
const EPHEMERAL_ALLOWED = new Set([
  'name',
  'image',
  'command',
  'args',
  'workingDir',
  'envFrom',
  'env',
  'volumeMounts',
  'volumeDevices',
  'terminationMessagePath',
  'terminationMessagePolicy',
  'imagePullPolicy',
  'securityContext',
  'stdin',
  'stdinOnce',
  'tty',
  'targetContainerName',
]);

export function validateEphemeralContainers(
  ephemeral: unknown,
  containers: unknown,
  initContainers: unknown,
  ctx: ContainerContext,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const others = new Set([...list(containers), ...list(initContainers)].map((c) => str(asObj(c).name)));
  const all = new Set(others);
  list(ephemeral).forEach((raw, i) => {
    const c = asObj(raw);
    const cPath = index(path, i);
    errs.push(...validateContainerCommon(c, ctx, cPath));
    errs.push(...validateContainerOnlyForPod(c, cPath));
    const name = str(c.name);
    if (all.has(name)) errs.push(duplicate(child(cPath, 'name'), name));
    else all.add(name);
    if (str(c.targetContainerName) && !others.has(c.targetContainerName)) {
      errs.push(notFound(child(cPath, 'targetContainerName'), c.targetContainerName));
    }
    for (const [field, value] of Object.entries(c)) {
      if (EPHEMERAL_ALLOWED.has(field) || isUnset(value)) continue;
      errs.push(forbidden(child(cPath, field), 'cannot be set for an Ephemeral Container'));
    }
    list(c.volumeMounts).forEach((m, j) => {
      const mount = asObj(m);
      const mPath = index(child(cPath, 'volumeMounts'), j);
      if (str(mount.subPath))
        errs.push(forbidden(child(mPath, 'subPath'), 'cannot be set for an Ephemeral Container'));
      if (str(mount.subPathExpr))
        errs.push(forbidden(child(mPath, 'subPathExpr'), 'cannot be set for an Ephemeral Container'));
    });
  });
  return errs;
}

function isUnset(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === false ||
    value === '' ||
    value === 0 ||
    (Array.isArray(value) && value.length === 0) ||
    (isObj(value) && Object.keys(value).length === 0)
  );
}

/** Checks that upstream applies to pods but not to templates (kept lax there for compatibility). */
export function validateContainerOnlyForPod(c: JsonObject, path: string): FieldError[] {
  const image = str(c.image);
  return image.length !== image.trim().length
    ? [invalid(child(path, 'image'), image, 'must not have leading or trailing whitespace')]
    : [];
}

function validateProbes(c: JsonObject, gracePeriod: number | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const field of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
    const probe = c[field];
    if (!isObj(probe)) continue;
    const pPath = child(path, field);
    errs.push(...validateProbeHandler(probe, gracePeriod, pPath));
    for (const n of [
      'initialDelaySeconds',
      'timeoutSeconds',
      'periodSeconds',
      'successThreshold',
      'failureThreshold',
    ]) {
      errs.push(...nonNegative(probe[n], child(pPath, n)));
    }
    if (typeof probe.terminationGracePeriodSeconds === 'number' && probe.terminationGracePeriodSeconds <= 0) {
      errs.push(
        invalid(
          child(pPath, 'terminationGracePeriodSeconds'),
          probe.terminationGracePeriodSeconds,
          'must be greater than 0',
        ),
      );
    }
    if (field === 'readinessProbe') {
      if (probe.terminationGracePeriodSeconds != null) {
        errs.push(
          invalid(
            child(pPath, 'terminationGracePeriodSeconds'),
            probe.terminationGracePeriodSeconds,
            'must not be set for readinessProbes',
          ),
        );
      }
    } else if ((probe.successThreshold ?? 0) !== 1) {
      errs.push(invalid(child(pPath, 'successThreshold'), probe.successThreshold ?? 0, 'must be 1'));
    }
  }
  return errs;
}

const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];

function validateContainerCommon(c: JsonObject, ctx: ContainerContext, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(c.name);
  if (name === '') errs.push(required(child(path, 'name')));
  else errs.push(...validateDNS1123Label(name, child(path, 'name')));
  if (str(c.image) === '') errs.push(required(child(path, 'image')));
  const tmp = c.terminationMessagePolicy ?? '';
  if (tmp === '') errs.push(required(child(path, 'terminationMessagePolicy')));
  else if (!TERMINATION_MESSAGE_POLICIES.includes(tmp)) {
    errs.push(notSupported(child(path, 'terminationMessagePolicy'), tmp, TERMINATION_MESSAGE_POLICIES));
  }
  const mounts = new Map(
    list(c.volumeMounts).map((m) => [str(asObj(m).name), str(asObj(m).mountPath)] as const),
  );
  const devices = new Map(
    list(c.volumeDevices).map((d) => [str(asObj(d).name), str(asObj(d).devicePath)] as const),
  );
  errs.push(...validateContainerPorts(c.ports, child(path, 'ports')));
  errs.push(...validateEnv(c.env, child(path, 'env')));
  errs.push(...validateEnvFrom(c.envFrom, child(path, 'envFrom')));
  errs.push(...validateVolumeMounts(c.volumeMounts, devices, ctx.volumes, c, child(path, 'volumeMounts')));
  errs.push(...validateVolumeDevices(c.volumeDevices, mounts, ctx.volumes, child(path, 'volumeDevices')));
  const pull = c.imagePullPolicy ?? '';
  if (pull === '') errs.push(required(child(path, 'imagePullPolicy')));
  else if (!PULL_POLICIES.includes(pull))
    errs.push(notSupported(child(path, 'imagePullPolicy'), pull, PULL_POLICIES));
  errs.push(...validateResourceRequirements(c.resources, ctx.podClaimNames, child(path, 'resources')));
  errs.push(...validateResizePolicy(c.resizePolicy, ctx.restartPolicy, child(path, 'resizePolicy')));
  errs.push(
    ...validateContainerSecurityContext(c.securityContext, ctx.hostUsers, child(path, 'securityContext')),
  );
  return errs;
}

function validateContainerPorts(ports: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list(ports).forEach((raw, i) => {
    const port = asObj(raw);
    const pPath = index(path, i);
    const name = str(port.name);
    if (name) {
      const msgs = isValidPortName(name);
      if (msgs.length) errs.push(...msgs.map((m) => invalid(child(pPath, 'name'), name, m)));
      else if (names.has(name)) errs.push(duplicate(child(pPath, 'name'), name));
      else names.add(name);
    }
    if (!port.containerPort) errs.push(required(child(pPath, 'containerPort')));
    else
      errs.push(
        ...isValidPortNum(port.containerPort).map((m) =>
          invalid(child(pPath, 'containerPort'), port.containerPort, m),
        ),
      );
    if (port.hostPort)
      errs.push(
        ...isValidPortNum(port.hostPort).map((m) => invalid(child(pPath, 'hostPort'), port.hostPort, m)),
      );
    if (!str(port.protocol)) errs.push(required(child(pPath, 'protocol')));
    else if (!PROTOCOLS.includes(port.protocol))
      errs.push(notSupported(child(pPath, 'protocol'), port.protocol, PROTOCOLS));
  });
  return errs;
}

/** `AccumulateUniqueHostPorts` over `containers`: the same protocol/hostIP/hostPort twice. */
export function checkHostPortConflicts(
  containers: unknown[],
  path: string,
  seen = new Set<string>(),
): FieldError[] {
  const errs: FieldError[] = [];
  containers.forEach((raw, ci) => {
    list(asObj(raw).ports).forEach((p, pi) => {
      const port = asObj(p);
      if (!port.hostPort) return;
      const keyText = `${str(port.protocol)}/${str(port.hostIP)}/${port.hostPort}`;
      if (seen.has(keyText))
        errs.push(duplicate(child(index(child(index(path, ci), 'ports'), pi), 'hostPort'), keyText));
      else seen.add(keyText);
    });
  });
  return errs;
}

const RESIZE_RESOURCES = ['cpu', 'memory'];
const RESIZE_POLICIES = ['NotRequired', 'RestartContainer'];

function validateResizePolicy(policies: unknown, podRestartPolicy: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  list(policies).forEach((raw, i) => {
    const p = asObj(raw);
    const name = str(p.resourceName);
    if (seen.has(name)) errs.push(duplicate(index(path, i), name));
    seen.add(name);
    if (name === '') errs.push(required(path));
    else if (!RESIZE_RESOURCES.includes(name)) errs.push(notSupported(path, name, sorted(RESIZE_RESOURCES)));
    const policy = str(p.restartPolicy);
    if (policy === '') errs.push(required(path));
    else if (!RESIZE_POLICIES.includes(policy))
      errs.push(notSupported(path, policy, sorted(RESIZE_POLICIES)));
    if (podRestartPolicy === 'Never' && policy !== 'NotRequired') {
      errs.push(invalid(path, policy, "must be 'NotRequired' when `restartPolicy` is 'Never'"));
    }
  });
  return errs;
}
