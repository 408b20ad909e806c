// Pod and container security contexts → the CRI's Linux security contexts, as upstream's
// kubelet merges them (the container's settings win over the pod's).
import type { Container, Pod, SeccompProfile, SecurityContext } from 'kubernetes-types/core/v1.js';
import type {
  LinuxContainerSecurityContext,
  LinuxSandboxSecurityContext,
  NamespaceOption,
  SecurityProfile,
} from '../cri/types.ts';

/** Paths runc masks in /proc and /sys unless procMount is Unmasked. */
export const DEFAULT_MASKED_PATHS = [
  '/proc/asound',
  '/proc/acpi',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/sched_debug',
  '/proc/scsi',
  '/sys/firmware',
  '/sys/devices/virtual/powercap',
];

/** Paths mounted read-only unless procMount is Unmasked. */
export const DEFAULT_READONLY_PATHS = [
  '/proc/bus',
  '/proc/fs',
  '/proc/irq',
  '/proc/sys',
  '/proc/sysrq-trigger',
];

/** namespacesForPod: host namespaces when asked, a shared PID namespace with shareProcessNamespace. */
export function podNamespaces(pod: Pod): NamespaceOption {
  const spec = pod.spec;
  return {
    network: spec?.hostNetwork ? 'NODE' : 'POD',
    ipc: spec?.hostIPC ? 'NODE' : 'POD',
    pid: spec?.hostPID ? 'NODE' : spec?.shareProcessNamespace ? 'POD' : 'CONTAINER',
  };
}

export function hasPrivilegedContainer(pod: Pod): boolean {
  const all = [
    ...(pod.spec?.containers ?? []),
    ...(pod.spec?.initContainers ?? []),
    ...(pod.spec?.ephemeralContainers ?? []),
  ];
  return all.some((c) => c.securityContext?.privileged === true);
}

function podSupplementalGroups(pod: Pod): number[] {
  const sc = pod.spec?.securityContext;
  const groups: number[] = [];
  if (sc?.fsGroup != null) groups.push(sc.fsGroup);
  for (const g of sc?.supplementalGroups ?? []) groups.push(g);
  return groups;
}

/** The sandbox's security context (generatePodSandboxLinuxConfig). */
export function sandboxSecurityContext(pod: Pod): LinuxSandboxSecurityContext {
  const sc = pod.spec?.securityContext;
  const out: LinuxSandboxSecurityContext = {
    privileged: hasPrivilegedContainer(pod),
    // The sandbox always runs with the runtime's default seccomp profile (upstream #84623).
    seccomp: { profileType: 'RuntimeDefault' },
    namespaceOptions: podNamespaces(pod),
  };
  if (sc?.runAsUser != null) out.runAsUser = { value: sc.runAsUser };
  if (sc?.runAsGroup != null) out.runAsGroup = { value: sc.runAsGroup };
  const groups = podSupplementalGroups(pod);
  if (groups.length) out.supplementalGroups = groups;
  if (sc?.seLinuxOptions) out.selinuxOptions = { ...sc.seLinuxOptions };
  return out;
}

/** DetermineEffectiveSecurityContext: the container's context with the pod's where it is silent. */
export function effectiveSecurityContext(pod: Pod, container: Container): SecurityContext {
  const podSc = pod.spec?.securityContext ?? {};
  const sc: SecurityContext = { ...(container.securityContext ?? {}) };
  sc.seLinuxOptions ??= podSc.seLinuxOptions;
  sc.runAsUser ??= podSc.runAsUser;
  sc.runAsGroup ??= podSc.runAsGroup;
  sc.runAsNonRoot ??= podSc.runAsNonRoot;
  sc.seccompProfile ??= podSc.seccompProfile;
  sc.appArmorProfile ??= podSc.appArmorProfile;
  return sc;
}

/** A seccomp profile; without one the kubelet (SeccompDefault off) asks for Unconfined. */
export function seccompProfile(
  profile: SeccompProfile | undefined,
  profileRoot = '/var/lib/kubelet/seccomp',
): SecurityProfile {
  switch (profile?.type) {
    case 'RuntimeDefault':
      return { profileType: 'RuntimeDefault' };
    case 'Localhost':
      return { profileType: 'Localhost', localhostRef: `${profileRoot}/${profile.localhostProfile ?? ''}` };
    default:
      return { profileType: 'Unconfined' };
  }
}

/** The container's Linux security context (determineEffectiveSecurityContext). */
export function containerSecurityContext(
  pod: Pod,
  container: Container,
  image: { uid?: number; username?: string } = {},
): LinuxContainerSecurityContext {
  const sc = effectiveSecurityContext(pod, container);
  const out: LinuxContainerSecurityContext = {
    privileged: sc.privileged === true,
    readonlyRootfs: sc.readOnlyRootFilesystem === true,
    namespaceOptions: podNamespaces(pod),
    seccomp: seccompProfile(sc.seccompProfile),
    // AllowPrivilegeEscalation=false means no_new_privs.
    noNewPrivs: sc.allowPrivilegeEscalation === false,
  };
  if (sc.capabilities) {
    out.capabilities = {
      addCapabilities: [...(sc.capabilities.add ?? [])],
      dropCapabilities: [...(sc.capabilities.drop ?? [])],
    };
  }
  if (sc.runAsUser != null) out.runAsUser = { value: sc.runAsUser };
  else {
    if (image.uid !== undefined) out.runAsUser = { value: image.uid };
    if (image.username) out.runAsUsername = image.username;
  }
  if (sc.runAsGroup != null) out.runAsGroup = { value: sc.runAsGroup };
  if (sc.seLinuxOptions) out.selinuxOptions = { ...sc.seLinuxOptions };
  if (sc.appArmorProfile?.type === 'Localhost') {
    out.apparmor = { profileType: 'Localhost', localhostRef: sc.appArmorProfile.localhostProfile ?? '' };
  } else if (sc.appArmorProfile?.type === 'Unconfined') {
    out.apparmor = { profileType: 'Unconfined' };
  }
  const groups = podSupplementalGroups(pod);
  if (groups.length) out.supplementalGroups = groups;
  const unmasked = sc.procMount === 'Unmasked';
  out.maskedPaths = unmasked ? [] : [...DEFAULT_MASKED_PATHS];
  out.readonlyPaths = unmasked ? [] : [...DEFAULT_READONLY_PATHS];
  return out;
}

/**
 * verifyRunAsNonRoot: the message upstream reports (CreateContainerConfigError) when a container
 * that must not run as root would, or undefined when it may start.
 */
export function runAsNonRootViolation(
  pod: Pod,
  container: Container,
  image: { uid?: number; username?: string },
): string | undefined {
  const sc = effectiveSecurityContext(pod, container);
  if (!sc.runAsNonRoot) return undefined;
  if (sc.runAsUser != null) {
    return sc.runAsUser === 0
      ? `container's runAsUser breaks non-root policy (pod: "${podRef(pod)}", container: ${container.name})`
      : undefined;
  }
  if (image.uid === 0) {
    return `container has runAsNonRoot and image will run as root (pod: "${podRef(pod)}", container: ${container.name})`;
  }
  if (image.uid === undefined && image.username) {
    return `container has runAsNonRoot and image has non-numeric user (${image.username}), cannot verify user is non-root (pod: "${podRef(pod)}", container: ${container.name})`;
  }
  return undefined;
}

/** format.Pod: `name_namespace(uid)`. */
export function podRef(pod: Pod): string {
  return `${pod.metadata?.name}_${pod.metadata?.namespace}(${pod.metadata?.uid})`;
}
