// The pure logic of running pods (no I/O): Pod → CRI configs, CRI state → PodStatus, and the
// rules in between (back-off, image decisions, env, DNS, logs). The pod worker calls these.
export {
  ContainerConfigError,
  type ContainerInputs,
  type ContainerSettings,
  containerConfig,
  containerMounts,
} from './container-config.ts';
export {
  apiTime,
  applyProbeResults,
  convertContainerStatuses,
  type ProbeResults,
  type WaitingReasons,
} from './container-statuses.ts';
export {
  CriLogFormatter,
  type CriLogLine,
  formatCriLog,
  type LogOptions,
  parseCriLogLine,
  parseTimeNs,
  tailStart,
} from './cri-log.ts';
export { type ClusterDNS, parseResolvConf, podDnsConfig, podHostname, type ResolvConf } from './dns.ts';
export {
  containerResourceValue,
  extractFieldPathAsString,
  type NodeAllocatable,
  podFieldValue,
} from './downward-api.ts';
export { EnvConfigError, type EnvInputs, type EnvVar, makeEnvironmentVariables } from './env.ts';
export { expand, expandCommandAndArgs, mappingFor } from './expansion.ts';
export { hostNetworkHostsFile, managedHostsFile } from './hosts-file.ts';
export {
  defaultPullPolicy,
  ImagePullBackoff,
  imageDecision,
  pullFailure,
  shouldPullImage,
} from './image-pull.ts';
export * from './labels.ts';
export { podReadyCondition } from './pod-conditions.ts';
export { podPhase } from './pod-phase.ts';
export { generatePodStatus, type PodStatusInputs } from './pod-status.ts';
export {
  computePodQOS,
  containerOOMScoreAdjust,
  DEFAULT_PODS_CGROUP,
  podCgroupParent,
  podQOSClass,
  type QOSClass,
} from './qos.ts';
export { quantityMilliValue, quantityValue } from './quantity.ts';
export {
  calculateLinuxResources,
  containerLinuxResources,
  milliCpuToQuota,
  milliCpuToShares,
  sandboxLinuxResources,
} from './resources.ts';
export { backoffKey, formatDuration, RestartBackoff } from './restart-backoff.ts';
export {
  latestContainer,
  podSandboxChanged,
  type RuntimeContainer,
  type RuntimePodStatus,
  type RuntimeSandbox,
  runtimeContainerFromCri,
  runtimePodStatus,
  runtimeSandboxFromCri,
  shouldContainerBeRestarted,
} from './runtime-status.ts';
export { podPortMappings, podSandboxConfig, type SandboxSettings } from './sandbox-config.ts';
export {
  containerSecurityContext,
  podRef,
  runAsNonRootViolation,
  sandboxSecurityContext,
} from './security-context.ts';
