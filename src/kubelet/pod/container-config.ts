// Container → the CRI ContainerConfig (generateContainerConfig): image, command and args with
// `$(VAR)` expansion, working dir, env, mounts, labels and annotations, log path, stdin/tty, and
// the Linux part (cgroup resources, security context).
import type { Container, Pod, VolumeMount } from 'kubernetes-types/core/v1.js';
import type { ContainerConfig, Mount, MountPropagation } from '../cri/types.ts';
import type { EnvVar } from './env.ts';
import { expand, expandCommandAndArgs, mappingFor } from './expansion.ts';
import { containerAnnotations, containerLabels, containerLogPath } from './labels.ts';
import { containerLinuxResources, type ResourceSettings } from './resources.ts';
import { containerSecurityContext } from './security-context.ts';

export interface ContainerInputs {
  /** The image to run, as the runtime names it (ImageStatus id / PullImage ref). */
  imageRef: string;
  /** How many times this container restarted: the new container's attempt and log file number. */
  restartCount: number;
  /** Its environment (makeEnvironmentVariables). */
  env: EnvVar[];
  /** Host paths of the pod's volumes by volume name (set up by the volume manager). */
  volumePaths?: ReadonlyMap<string, string>;
  /** The pod's managed /etc/hosts, mounted unless the container mounts its own /etc/hosts. */
  etcHostsPath?: string;
  /** The file created for this container instance's termination message. */
  terminationMessageHostPath?: string;
  /** The image's user, used when neither the pod nor the container sets runAsUser. */
  imageUser?: { uid?: number; username?: string };
}

export interface ContainerSettings extends ResourceSettings {
  /** Node memory capacity in bytes (for Burstable containers' OOM score). */
  memoryCapacity: number;
}

/** The container cannot be configured (upstream: CreateContainerConfigError). */
export class ContainerConfigError extends Error {
  readonly reason = 'CreateContainerConfigError';
}

function propagation(mount: VolumeMount): MountPropagation {
  switch (mount.mountPropagation) {
    case 'HostToContainer':
      return 'PROPAGATION_HOST_TO_CONTAINER';
    case 'Bidirectional':
      return 'PROPAGATION_BIDIRECTIONAL';
    default:
      return 'PROPAGATION_PRIVATE';
  }
}

/** makeMounts: volume mounts (with subPath / subPathExpr), /etc/hosts and the termination log. */
export function containerMounts(container: Container, inputs: ContainerInputs): Mount[] {
  const mounts: Mount[] = [];
  const envMapping = mappingFor(new Map(inputs.env.map((e) => [e.name, e.value])));
  for (const vm of container.volumeMounts ?? []) {
    const hostPath = inputs.volumePaths?.get(vm.name);
    if (hostPath === undefined) {
      throw new ContainerConfigError(
        `cannot find volume "${vm.name}" to mount into container "${container.name}"`,
      );
    }
    let subPath = vm.subPath ?? '';
    if (vm.subPathExpr) subPath = expand(vm.subPathExpr, envMapping);
    if (subPath.startsWith('/') || subPath.split('/').includes('..')) {
      throw new ContainerConfigError(`subPath "${subPath}" must be a relative path without '..'`);
    }
    mounts.push({
      containerPath: vm.mountPath,
      hostPath: subPath ? `${hostPath.replace(/\/$/, '')}/${subPath}` : hostPath,
      readonly: vm.readOnly === true,
      propagation: propagation(vm),
    });
  }
  const mountsEtcHosts = (container.volumeMounts ?? []).some((vm) => vm.mountPath === '/etc/hosts');
  if (inputs.etcHostsPath && !mountsEtcHosts) {
    mounts.push({ containerPath: '/etc/hosts', hostPath: inputs.etcHostsPath, readonly: false });
  }
  if (inputs.terminationMessageHostPath) {
    mounts.push({
      containerPath: container.terminationMessagePath || '/dev/termination-log',
      hostPath: inputs.terminationMessageHostPath,
    });
  }
  return mounts;
}

export function containerConfig(
  pod: Pod,
  container: Container,
  inputs: ContainerInputs,
  settings: ContainerSettings,
): ContainerConfig {
  const { command, args } = expandCommandAndArgs(container.command, container.args, inputs.env);
  const config: ContainerConfig = {
    metadata: { name: container.name, attempt: inputs.restartCount },
    image: { image: inputs.imageRef, userSpecifiedImage: container.image ?? '' },
    command,
    args,
    workingDir: container.workingDir ?? '',
    envs: inputs.env.map((e) => ({ key: e.name, value: e.value })),
    mounts: containerMounts(container, inputs),
    labels: containerLabels(pod, container),
    annotations: containerAnnotations(pod, container, inputs.restartCount),
    logPath: containerLogPath(container.name, inputs.restartCount),
    stdin: container.stdin === true,
    stdinOnce: container.stdinOnce === true,
    tty: container.tty === true,
    linux: {
      resources: containerLinuxResources(
        pod,
        container,
        { memoryCapacity: settings.memoryCapacity },
        settings,
      ),
      securityContext: containerSecurityContext(pod, container, inputs.imageUser),
    },
  };
  return config;
}
