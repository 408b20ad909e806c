// `ValidatePodSpec`: the whole of a pod's spec, for pods and for the templates of workloads. The
// per-container, per-volume and security-context rules live in their own files; this one holds the
// pod-wide rules and the scheduling ones (affinity, tolerations, spread constraints, DNS).
import type { PodSpec } from 'kubernetes-types/core/v1.js';
import { isValidIP } from '../../../machinery/validation/ip.ts';
import { inclusiveRangeError } from '../../../machinery/validation/names.ts';
import {
  duplicate,
  type FieldError,
  forbidden,
  invalid,
  notSupported,
  required,
} from '../../internal/field-errors.ts';
import { child, index } from '../../internal/field-paths.ts';
import { asObj, isObj, type JsonObject, list, str } from '../../internal/loose-json.ts';
import {
  validateDNS1123Label,
  validateDNS1123Subdomain,
  validateLabels,
  validateQualifiedName,
} from '../../internal/meta.ts';
import {
  type ContainerContext,
  validateContainers,
  validateEphemeralContainers,
  validateInitContainers,
} from './validate-containers.ts';
import { validateResourceRequirements } from './validate-resources.ts';
import {
  validateAffinity,
  validateTolerations,
  validateTopologySpreadConstraints,
} from './validate-scheduling.ts';
import {
  validateLinuxPod,
  validatePodSecurityContext,
  validateWindowsPod,
} from './validate-security-context.ts';
import { validateVolumes } from './validate-volumes.ts';

export { validateNodeSelector, validateTolerations } from './validate-scheduling.ts';

export interface PodSpecValidationOptions {
  /** The pod's metadata, when validating a pod (generic ephemeral volumes derive claim names from it). */
  podMeta?: { name?: string };
  /** The spec belongs to a Pod, not to a template embedded in another resource. */
  resourceIsPod?: boolean;
  /** Keep accepting invalid label values in selectors that an existing object already has. */
  allowInvalidLabelValueInSelector?: boolean;
}

const MAX_INT32 = 2147483647;

/** Validates a PodSpec at `path` (e.g. `spec` or `spec.template.spec`). */
export function validatePodSpec(
  spec: PodSpec,
  path: string,
  opts: PodSpecValidationOptions = {},
): FieldError[] {
  const s = asObj(spec);
  const errs: FieldError[] = [];
  if (s.terminationGracePeriodSeconds == null)
    errs.push(required(child(path, 'terminationGracePeriodSeconds')));
  const gracePeriod =
    typeof s.terminationGracePeriodSeconds === 'number' ? s.terminationGracePeriodSeconds : undefined;
  const hostUsers = s.hostUsers !== false;
  const { volumes, errors: volumeErrors } = validateVolumes(s.volumes, opts.podMeta, child(path, 'volumes'));
  errs.push(...volumeErrors);
  const podClaimNames = new Set(
    list(s.resourceClaims)
      .map((c) => str(asObj(c).name))
      .filter((n) => n !== ''),
  );
  errs.push(...validatePodResourceClaims(s.resourceClaims, child(path, 'resourceClaims')));
  const ctx: ContainerContext = {
    volumes,
    podClaimNames,
    gracePeriod,
    restartPolicy: str(s.restartPolicy),
    hostUsers,
  };
  errs.push(...validateContainers(s.containers, ctx, child(path, 'containers')));
  errs.push(...validateInitContainers(s.initContainers, s.containers, ctx, child(path, 'initContainers')));
  errs.push(
    ...validateEphemeralContainers(
      s.ephemeralContainers,
      s.containers,
      s.initContainers,
      ctx,
      child(path, 'ephemeralContainers'),
    ),
  );
  errs.push(...validateHostNetworkDeps(s, path, opts.resourceIsPod === true));
  errs.push(...validateEnum(s.restartPolicy, ['Always', 'OnFailure', 'Never'], child(path, 'restartPolicy')));
  errs.push(
    ...validateEnum(
      s.dnsPolicy,
      ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'],
      child(path, 'dnsPolicy'),
    ),
  );
  errs.push(...validateLabels(s.nodeSelector, child(path, 'nodeSelector')));
  errs.push(...validatePodSecurityContext(s.securityContext, s, child(path, 'securityContext')));
  list(s.imagePullSecrets).forEach((secret, i) => {
    if (!isObj(secret) || Object.keys(secret).some((k) => k !== 'name')) {
      errs.push(invalid(index(child(path, 'imagePullSecrets'), i), secret, 'only name may be set'));
    }
  });
  errs.push(
    ...validateAffinity(s.affinity, opts.allowInvalidLabelValueInSelector === true, child(path, 'affinity')),
  );
  errs.push(...validateDNSConfig(s.dnsConfig, s.dnsPolicy, child(path, 'dnsConfig')));
  list(s.readinessGates).forEach((gate, i) => {
    errs.push(
      ...validateQualifiedName(
        str(asObj(gate).conditionType),
        child(index(child(path, 'readinessGates'), i), 'conditionType'),
      ),
    );
  });
  const gates = new Set<string>();
  list(s.schedulingGates).forEach((gate, i) => {
    const name = str(asObj(gate).name);
    const gPath = index(child(path, 'schedulingGates'), i);
    errs.push(...validateQualifiedName(name, gPath));
    if (gates.has(name)) errs.push(duplicate(gPath, name));
    gates.add(name);
  });
  errs.push(
    ...validateTopologySpreadConstraints(
      s.topologySpreadConstraints,
      child(path, 'topologySpreadConstraints'),
    ),
  );
  if (s.hostUsers === false) {
    if (s.hostNetwork === true)
      errs.push(forbidden(child(path, 'hostNetwork'), 'when `pod.Spec.HostUsers` is false'));
    if (s.hostPID === true)
      errs.push(forbidden(child(path, 'HostPID'), 'when `pod.Spec.HostUsers` is false'));
    if (s.hostIPC === true)
      errs.push(forbidden(child(path, 'HostIPC'), 'when `pod.Spec.HostUsers` is false'));
  }
  if (str(s.serviceAccountName))
    errs.push(...validateDNS1123Subdomain(s.serviceAccountName, child(path, 'serviceAccountName')));
  if (str(s.nodeName)) errs.push(...validateDNS1123Subdomain(s.nodeName, child(path, 'nodeName')));
  if (
    typeof s.activeDeadlineSeconds === 'number' &&
    (s.activeDeadlineSeconds < 1 || s.activeDeadlineSeconds > MAX_INT32)
  ) {
    errs.push(
      invalid(
        child(path, 'activeDeadlineSeconds'),
        s.activeDeadlineSeconds,
        inclusiveRangeError(1, MAX_INT32),
      ),
    );
  }
  if (str(s.hostname)) errs.push(...validateDNS1123Label(s.hostname, child(path, 'hostname')));
  if (str(s.subdomain)) errs.push(...validateDNS1123Label(s.subdomain, child(path, 'subdomain')));
  if (list(s.tolerations).length > 0)
    errs.push(...validateTolerations(s.tolerations, child(path, 'tolerations')));
  list(s.hostAliases).forEach((alias, i) => {
    const aPath = index(child(path, 'hostAliases'), i);
    const ip = str(asObj(alias).ip);
    errs.push(...isValidIP(child(aPath, 'ip'), ip));
    list(asObj(alias).hostnames).forEach((h, j) => {
      errs.push(...validateDNS1123Subdomain(str(h), index(child(aPath, 'hostnames'), j)));
    });
  });
  if (str(s.priorityClassName))
    errs.push(...validateDNS1123Subdomain(s.priorityClassName, child(path, 'priorityClassName')));
  if (s.runtimeClassName != null)
    errs.push(...validateDNS1123Subdomain(str(s.runtimeClassName), child(path, 'runtimeClassName')));
  if (s.preemptionPolicy != null) {
    errs.push(
      ...validateEnum(s.preemptionPolicy, ['PreemptLowerPriority', 'Never'], child(path, 'preemptionPolicy')),
    );
  }
  if (isObj(s.overhead))
    errs.push(...validateResourceRequirements({ limits: s.overhead }, new Set(), child(path, 'overhead')));
  if (isObj(s.os)) {
    const name = str(s.os.name);
    const osPath = child(path, 'os', 'name');
    if (name === '') errs.push(required(osPath));
    else if (name !== 'linux' && name !== 'windows')
      errs.push(notSupported(osPath, name, ['linux', 'windows']));
    else if (name === 'linux') errs.push(...validateLinuxPod(s, path));
    else errs.push(...validateWindowsPod(s, path));
  }
  return errs;
}

/** Upstream's enum checks: empty is Required, an unknown value NotSupported (in upstream's order). */
function validateEnum(value: unknown, supported: string[], path: string): FieldError[] {
  if (value === undefined || value === null || value === '') return [required(path)];
  return supported.includes(value as string) ? [] : [notSupported(path, value, supported)];
}

function validateHostNetworkDeps(spec: JsonObject, path: string, resourceIsPod: boolean): FieldError[] {
  if (spec.hostNetwork !== true) return [];
  const errs: FieldError[] = [];
  list(spec.containers).forEach((c, i) => {
    list(asObj(c).ports).forEach((p, j) => {
      const port = asObj(p);
      const hostPort = port.hostPort ?? 0;
      if ((resourceIsPod || hostPort !== 0) && hostPort !== port.containerPort) {
        errs.push(
          invalid(
            child(index(child(index(child(path, 'containers'), i), 'ports'), j), 'hostPort'),
            hostPort,
            'must match `containerPort` when `hostNetwork` is true',
          ),
        );
      }
    });
  });
  return errs;
}

function validatePodResourceClaims(claims: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list(claims).forEach((raw, i) => {
    const claim = asObj(raw);
    const cPath = index(path, i);
    const name = str(claim.name);
    if (name === '') errs.push(required(child(cPath, 'name')));
    else if (names.has(name)) errs.push(duplicate(child(cPath, 'name'), name));
    else {
      errs.push(...validateDNS1123Label(name, child(cPath, 'name')));
      names.add(name);
    }
    const hasName = claim.resourceClaimName != null;
    const hasTemplate = claim.resourceClaimTemplateName != null;
    if (hasName && hasTemplate) {
      errs.push(
        invalid(
          cPath,
          claim,
          'at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified',
        ),
      );
    }
    if (!hasName && !hasTemplate) {
      errs.push(
        invalid(cPath, claim, 'must specify one of: `resourceClaimName`, `resourceClaimTemplateName`'),
      );
    }
    if (hasName)
      errs.push(...validateDNS1123Subdomain(str(claim.resourceClaimName), child(cPath, 'resourceClaimName')));
    if (hasTemplate) {
      errs.push(
        ...validateDNS1123Subdomain(
          str(claim.resourceClaimTemplateName),
          child(cPath, 'resourceClaimTemplateName'),
        ),
      );
    }
  });
  return errs;
}

const MAX_DNS_NAMESERVERS = 3;
const MAX_DNS_SEARCH_PATHS = 32;
const MAX_DNS_SEARCH_LIST_CHARS = 2048;

function validateDNSConfig(config: unknown, dnsPolicy: unknown, path: string): FieldError[] {
  if (dnsPolicy === 'None') {
    if (!isObj(config)) return [required(path, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if (list(config.nameservers).length === 0) {
      return [
        required(
          child(path, 'nameservers'),
          'must provide at least one DNS nameserver when `dnsPolicy` is None',
        ),
      ];
    }
  }
  if (!isObj(config)) return [];
  const errs: FieldError[] = [];
  const nameservers = list(config.nameservers);
  if (nameservers.length > MAX_DNS_NAMESERVERS) {
    errs.push(
      invalid(
        child(path, 'nameservers'),
        nameservers,
        `must not have more than ${MAX_DNS_NAMESERVERS} nameservers`,
      ),
    );
  }
  nameservers.forEach((ns, i) => {
    errs.push(...isValidIP(index(child(path, 'nameservers'), i), str(ns)));
  });
  const searches = list(config.searches).map(str);
  if (searches.length > MAX_DNS_SEARCH_PATHS) {
    errs.push(
      invalid(
        child(path, 'searches'),
        searches,
        `must not have more than ${MAX_DNS_SEARCH_PATHS} search paths`,
      ),
    );
  }
  if (searches.join(' ').length > MAX_DNS_SEARCH_LIST_CHARS) {
    errs.push(
      invalid(
        child(path, 'searches'),
        searches,
        `must not have more than ${MAX_DNS_SEARCH_LIST_CHARS} characters (including spaces) in the search list`,
      ),
    );
  }
  searches.forEach((search, i) => {
    const trimmed = search.endsWith('.') ? search.slice(0, -1) : search;
    errs.push(...validateDNS1123Subdomain(trimmed, index(child(path, 'searches'), i)));
  });
  list(config.options).forEach((option, i) => {
    if (!str(asObj(option).name)) errs.push(required(index(child(path, 'options'), i), 'must not be empty'));
  });
  return errs;
}
