// Service validation as upstream's ValidateService / ValidateServiceUpdate /
// ValidateServiceStatusUpdate (pkg/apis/core/validation), field paths and messages included.
import type { LoadBalancerStatus, ServicePort } from 'kubernetes-types/core/v1.d.ts';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidPortName,
  isValidPortNum,
  nameIsDNS1035Label,
} from '../../../machinery/validation/names.ts';
import { PROTOCOLS } from '../../internal/enum-values.ts';
import {
  duplicate,
  type FieldError,
  forbidden,
  invalid,
  invalidEach,
  notSupported,
  required,
} from '../../internal/field-errors.ts';
import { child, index, key } from '../../internal/field-paths.ts';
import {
  isDualStackIPs,
  isIPv6String,
  isValidCIDR,
  isValidIP,
  parseIP,
  validateNonSpecialIP,
} from '../../internal/ip.ts';
import { validateLabels, validateObjectName } from '../../internal/meta.ts';
import { externallyAccessible, isHeadless, needsHealthCheck, type Svc } from './defaults.ts';

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const SESSION_AFFINITIES = ['ClientIP', 'None'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
const IP_FAMILIES = ['IPv4', 'IPv6'];
const IP_FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
const LB_IP_MODES = ['Proxy', 'VIP'];
const MAX_CLIENT_IP_AFFINITY_SECONDS = 86400;
const TOPOLOGY_AWARE_HINTS = 'service.kubernetes.io/topology-aware-hints';
const TOPOLOGY_MODE = 'service.kubernetes.io/topology-mode';
const LB_SOURCE_RANGES = 'service.beta.kubernetes.io/load-balancer-source-ranges';

/** `ValidatePortNumOrName` for an int-or-string port. */
export function validatePortNumOrName(port: number | string | undefined, field: string): FieldError[] {
  if (typeof port === 'string') return invalidEach(field, port, isValidPortName(port));
  return invalidEach(field, port ?? 0, isValidPortNum(port ?? 0));
}

/** How Go prints the `core.ServicePort{Protocol, Port}` key of a duplicate port. */
function servicePortKeyText(protocol: string, port: number): string {
  return `core.ServicePort{Name:"", Protocol:"${protocol}", AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`;
}

function validateServicePort(
  sp: ServicePort,
  requireName: boolean,
  names: Set<string>,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const name = sp.name ?? '';
  if (requireName && !name) errs.push(required(child(path, 'name')));
  else if (name) {
    errs.push(...invalidEach(child(path, 'name'), name, isDNS1123Label(name)));
    if (names.has(name)) errs.push(duplicate(child(path, 'name'), name));
    else names.add(name);
  }
  errs.push(...invalidEach(child(path, 'port'), sp.port ?? 0, isValidPortNum(sp.port ?? 0)));
  if (!sp.protocol) errs.push(required(child(path, 'protocol')));
  else if (!PROTOCOLS.includes(sp.protocol))
    errs.push(notSupported(child(path, 'protocol'), sp.protocol, PROTOCOLS));
  errs.push(...validatePortNumOrName(sp.targetPort, child(path, 'targetPort')));
  if (sp.appProtocol !== undefined)
    errs.push(...invalidEach(child(path, 'appProtocol'), sp.appProtocol, isQualifiedName(sp.appProtocol)));
  return errs;
}

/** `ValidateServiceClusterIPsRelatedFields`. */
function validateClusterIPs(svc: Svc): FieldError[] {
  const spec = svc.spec ?? {};
  if (spec.type === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const ipsPath = 'spec.clusterIPs';
  const ips = spec.clusterIPs ?? [];
  if (spec.clusterIP) {
    if (ips.length === 0) errs.push(required(ipsPath));
    else if (ips[0] !== spec.clusterIP)
      errs.push(invalid(ipsPath, ips, 'first value must match `clusterIP`'));
  } else if (ips.length) {
    errs.push(invalid(ipsPath, ips, 'must be empty when `clusterIP` is not specified'));
  }
  const seen = new Set<string>();
  (spec.ipFamilies ?? []).forEach((f, i) => {
    if (!IP_FAMILIES.includes(f)) errs.push(notSupported(index('spec.ipFamilies', i), f, IP_FAMILIES));
    if (seen.has(f)) errs.push(duplicate(index('spec.ipFamilies', i), f));
    seen.add(f);
  });
  if (spec.ipFamilyPolicy !== undefined && !IP_FAMILY_POLICIES.includes(spec.ipFamilyPolicy)) {
    errs.push(notSupported('spec.ipFamilyPolicy', spec.ipFamilyPolicy, IP_FAMILY_POLICIES));
  }
  let badIPs = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) {
        badIPs = true;
        errs.push(invalid(ipsPath, ips, "'None' must be the first and only value"));
      }
      return;
    }
    const e = isValidIP(index(ipsPath, i), ip);
    if (e.length) badIPs = true;
    errs.push(...e);
  });
  if (ips.length > 2) errs.push(invalid(ipsPath, ips, 'may only hold up to 2 values'));
  if (badIPs) return errs;
  if (ips.length > 1 && !isDualStackIPs(ips))
    errs.push(invalid(ipsPath, ips, 'may specify no more than one IP for each IP family'));
  const families = spec.ipFamilies ?? [];
  if (!isHeadless(svc) && ips.length && families.length) {
    ips.forEach((ip, i) => {
      if (i >= families.length) return;
      if (families[i] === 'IPv4' && isIPv6String(ip)) {
        errs.push(
          invalid(index(ipsPath, i), ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``),
        );
      }
      if (families[i] === 'IPv6' && !isIPv6String(ip)) {
        errs.push(
          invalid(index(ipsPath, i), ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``),
        );
      }
    });
  }
  return errs;
}

function validateTrafficPolicies(svc: Svc): FieldError[] {
  const spec = svc.spec ?? {};
  const errs: FieldError[] = [];
  if (!externallyAccessible(svc)) {
    if (spec.externalTrafficPolicy) {
      errs.push(
        invalid(
          'spec.externalTrafficPolicy',
          spec.externalTrafficPolicy,
          'may only be set for externally-accessible services',
        ),
      );
    }
  } else if (!spec.externalTrafficPolicy) {
    errs.push(required('spec.externalTrafficPolicy'));
  } else if (!TRAFFIC_POLICIES.includes(spec.externalTrafficPolicy)) {
    errs.push(notSupported('spec.externalTrafficPolicy', spec.externalTrafficPolicy, TRAFFIC_POLICIES));
  }
  const hc = spec.healthCheckNodePort ?? 0;
  if (!needsHealthCheck(svc)) {
    if (hc !== 0) {
      errs.push(
        invalid(
          'spec.healthCheckNodePort',
          hc,
          "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
        ),
      );
    }
  } else if (hc === 0) errs.push(required('spec.healthCheckNodePort'));
  else errs.push(...invalidEach('spec.healthCheckNodePort', hc, isValidPortNum(hc)));

  if (spec.internalTrafficPolicy === undefined) {
    if (['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type ?? ''))
      errs.push(required('spec.internalTrafficPolicy'));
  } else if (!TRAFFIC_POLICIES.includes(spec.internalTrafficPolicy)) {
    errs.push(notSupported('spec.internalTrafficPolicy', spec.internalTrafficPolicy, TRAFFIC_POLICIES));
  }
  if (spec.trafficDistribution !== undefined && spec.trafficDistribution !== 'PreferClose') {
    errs.push(notSupported('spec.trafficDistribution', spec.trafficDistribution, ['PreferClose']));
  }
  return errs;
}

function validateLoadBalancerClass(svc: Svc, old?: Svc): FieldError[] {
  const errs: FieldError[] = [];
  const cls = svc.spec?.loadBalancerClass;
  const isLB = svc.spec?.type === 'LoadBalancer';
  if (
    old &&
    old.spec?.type === 'LoadBalancer' &&
    isLB &&
    (old.spec?.loadBalancerClass ?? null) !== (cls ?? null)
  ) {
    errs.push(invalid('spec.loadBalancerClass', cls ?? null, 'may not change once set'));
  }
  if (isLB) {
    if (cls !== undefined) errs.push(...invalidEach('spec.loadBalancerClass', cls, isQualifiedName(cls)));
  } else if (cls !== undefined) {
    errs.push(forbidden('spec.loadBalancerClass', "may only be used when `type` is 'LoadBalancer'"));
  }
  return errs;
}

/** `ValidateService`. */
export function validateService(svc: Svc): FieldError[] {
  const errs = validateObjectName(svc, nameIsDNS1035Label);
  const annotations = svc.metadata?.annotations ?? {};
  const hints = annotations[TOPOLOGY_AWARE_HINTS];
  const mode = annotations[TOPOLOGY_MODE];
  if (hints !== undefined && mode !== undefined && hints !== mode) {
    errs.push(
      invalid(
        key('metadata.annotations', TOPOLOGY_MODE),
        mode,
        `must match annotations[${TOPOLOGY_AWARE_HINTS}] when both are specified`,
      ),
    );
  }
  const spec = svc.spec ?? {};
  const ports = spec.ports ?? [];
  if (ports.length === 0 && !isHeadless(svc) && spec.type !== 'ExternalName')
    errs.push(required('spec.ports'));
  switch (spec.type) {
    case 'LoadBalancer':
    case 'NodePort':
      if (isHeadless(svc)) {
        errs.push(
          invalid(
            'spec.clusterIPs[0]',
            spec.clusterIPs![0],
            `may not be set to 'None' for ${spec.type} services`,
          ),
        );
      }
      break;
    case 'ExternalName': {
      if ((spec.clusterIPs ?? []).length)
        errs.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
      if ((spec.ipFamilies ?? []).length)
        errs.push(forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
      if (spec.ipFamilyPolicy !== undefined)
        errs.push(forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
      const cname = (spec.externalName ?? '').replace(/\.$/, '');
      if (cname) errs.push(...invalidEach('spec.externalName', cname, isDNS1123Subdomain(cname)));
      else errs.push(required('spec.externalName'));
      break;
    }
  }
  const names = new Set<string>();
  ports.forEach((p, i) => {
    errs.push(...validateServicePort(p, ports.length > 1, names, index('spec.ports', i)));
  });
  if (spec.selector) errs.push(...validateLabels(spec.selector, 'spec.selector'));
  if (!spec.sessionAffinity) errs.push(required('spec.sessionAffinity'));
  else if (!SESSION_AFFINITIES.includes(spec.sessionAffinity)) {
    errs.push(notSupported('spec.sessionAffinity', spec.sessionAffinity, SESSION_AFFINITIES));
  }
  if (spec.sessionAffinity === 'ClientIP') errs.push(...validateClientIPAffinity(svc));
  else if (spec.sessionAffinity === 'None' && spec.sessionAffinityConfig) {
    errs.push(forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  }
  errs.push(...validateClusterIPs(svc));
  (spec.externalIPs ?? []).forEach((ip, i) => {
    const e = isValidIP(index('spec.externalIPs', i), ip);
    errs.push(...(e.length ? e : validateNonSpecialIP(index('spec.externalIPs', i), ip)));
  });
  if (!spec.type) errs.push(required('spec.type'));
  else if (!SERVICE_TYPES.includes(spec.type)) errs.push(notSupported('spec.type', spec.type, SERVICE_TYPES));
  if (spec.type === 'ClusterIP') {
    ports.forEach((p, i) => {
      if (p.nodePort)
        errs.push(
          forbidden(child(index('spec.ports', i), 'nodePort'), "may not be used when `type` is 'ClusterIP'"),
        );
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (!p.nodePort) return;
    const k = `${p.protocol}/${p.nodePort}`;
    if (nodePorts.has(k)) errs.push(duplicate(child(index('spec.ports', i), 'nodePort'), p.nodePort));
    nodePorts.add(k);
  });
  const portKeys = new Set<string>();
  ports.forEach((p, i) => {
    const k = `${p.protocol ?? ''}/${p.port ?? 0}`;
    if (portKeys.has(k)) {
      errs.push({
        ...duplicate(index('spec.ports', i), { protocol: p.protocol, port: p.port }),
        valueText: servicePortKeyText(p.protocol ?? '', p.port ?? 0),
      });
    }
    portKeys.add(k);
  });
  errs.push(...validateSourceRanges(svc));
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.type !== 'LoadBalancer') {
    errs.push(
      forbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'"),
    );
  }
  // Upstream's path lacks the `spec.` prefix here.
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined)
    errs.push(required('allocateLoadBalancerNodePorts'));
  errs.push(...validateLoadBalancerClass(svc));
  errs.push(...validateTrafficPolicies(svc));
  return errs;
}

function validateClientIPAffinity(svc: Svc): FieldError[] {
  const config = svc.spec?.sessionAffinityConfig;
  const path = 'spec.sessionAffinityConfig';
  const when = 'when session affinity type is ClientIP';
  if (!config) return [required(path, when)];
  if (!config.clientIP) return [required(child(path, 'clientIP'), when)];
  const timeout = config.clientIP.timeoutSeconds;
  const tPath = child(path, 'clientIP', 'timeoutSeconds');
  if (timeout === undefined) return [required(tPath, when)];
  if (timeout <= 0 || timeout > MAX_CLIENT_IP_AFFINITY_SECONDS) {
    return [
      invalid(tPath, timeout, `must be greater than 0 and less than ${MAX_CLIENT_IP_AFFINITY_SECONDS}`),
    ];
  }
  return [];
}

function validateSourceRanges(svc: Svc): FieldError[] {
  const spec = svc.spec ?? {};
  const errs: FieldError[] = [];
  const notLB = "may only be used when `type` is 'LoadBalancer'";
  if ((spec.loadBalancerSourceRanges ?? []).length) {
    // Upstream's path is capitalised here.
    const path = 'spec.LoadBalancerSourceRanges';
    if (spec.type !== 'LoadBalancer') errs.push(forbidden(path, notLB));
    spec.loadBalancerSourceRanges!.forEach((v, i) => {
      errs.push(...isValidCIDR(index(path, i), v.trim()));
    });
  } else if (svc.metadata?.annotations?.[LB_SOURCE_RANGES] !== undefined) {
    const path = key('metadata.annotations', LB_SOURCE_RANGES);
    if (spec.type !== 'LoadBalancer') errs.push(forbidden(path, notLB));
    const val = svc.metadata.annotations[LB_SOURCE_RANGES]!.trim();
    if (val) for (const cidr of val.split(',')) errs.push(...isValidCIDR(path, cidr.trim()));
  }
  return errs;
}

function validateUpgradeDowngradeClusterIPs(old: Svc, svc: Svc): FieldError[] {
  if (svc.spec?.type === 'ExternalName' || old.spec?.type === 'ExternalName') return [];
  if (isHeadless(old) && isHeadless(svc)) return [];
  const errs: FieldError[] = [];
  const oldIPs = old.spec?.clusterIPs ?? [];
  const ips = svc.spec?.clusterIPs ?? [];
  const changed = 'may not change once set';
  if (oldIPs.length === ips.length) {
    oldIPs.forEach((ip, i) => {
      if (ip !== ips[i]) errs.push(invalid(index('spec.clusterIPs', i), ips, changed));
    });
  } else if (oldIPs.length > ips.length) {
    if (ips.length === 0) errs.push(invalid('spec.clusterIPs[0]', ips, 'primary clusterIP can not be unset'));
    if (oldIPs.length && ips.length && ips[0] !== oldIPs[0])
      errs.push(invalid('spec.clusterIPs[0]', ips, changed));
    if (ips.length === 1 && svc.spec?.ipFamilyPolicy !== 'SingleStack') {
      errs.push(
        invalid(
          'spec.ipFamilyPolicy',
          svc.spec?.ipFamilyPolicy ?? null,
          "must be set to 'SingleStack' when releasing the secondary clusterIP",
        ),
      );
    }
  } else if (oldIPs.length && ips[0] !== oldIPs[0]) {
    errs.push(invalid('spec.clusterIPs[0]', ips, changed));
  }
  return errs;
}

function validateUpgradeDowngradeIPFamilies(old: Svc, svc: Svc): FieldError[] {
  if (svc.spec?.type === 'ExternalName' || old.spec?.type === 'ExternalName') return [];
  if (isHeadless(old) !== isHeadless(svc) || isHeadless(svc)) return [];
  const errs: FieldError[] = [];
  const oldF = old.spec?.ipFamilies ?? [];
  const f = svc.spec?.ipFamilies ?? [];
  const ips = svc.spec?.clusterIPs ?? [];
  const changed = 'may not change once set';
  if (oldF.length === f.length) {
    oldF.forEach((fam, i) => {
      if (fam !== f[i]) errs.push(invalid('spec.ipFamilies[0]', f, changed));
    });
  } else if (oldF.length > f.length) {
    if (ips.length === 0) errs.push(invalid('spec.ipFamilies[0]', f, 'primary ipFamily can not be unset'));
    if (f.length && f[0] !== oldF[0]) errs.push(invalid('spec.ipFamilies[0]', ips, changed));
    if (f.length === 1 && svc.spec?.ipFamilyPolicy !== 'SingleStack') {
      errs.push(
        invalid(
          'spec.ipFamilyPolicy',
          svc.spec?.ipFamilyPolicy ?? null,
          "must be set to 'SingleStack' when releasing the secondary ipFamily",
        ),
      );
    }
  } else if (oldF.length && f.length && f[0] !== oldF[0]) {
    errs.push(invalid('spec.ipFamilies[0]', ips, changed));
  }
  return errs;
}

/** `ValidateServiceUpdate`. */
export function validateServiceUpdate(svc: Svc, old: Svc): FieldError[] {
  const errs = [
    ...validateUpgradeDowngradeClusterIPs(old, svc),
    ...validateUpgradeDowngradeIPFamilies(old, svc),
  ];
  errs.push(...validateLoadBalancerClass(svc, old).filter((e) => e.detail === 'may not change once set'));
  if (
    needsHealthCheck(old) &&
    needsHealthCheck(svc) &&
    (svc.spec?.healthCheckNodePort ?? 0) !== (old.spec?.healthCheckNodePort ?? 0)
  ) {
    errs.push(forbidden('spec.healthCheckNodePort', 'field is immutable'));
  }
  return [...errs, ...validateService(svc)];
}

/** `ValidateLoadBalancerStatus` for a status update. */
export function validateServiceStatus(svc: Svc): FieldError[] {
  const status: LoadBalancerStatus = svc.status?.loadBalancer ?? {};
  const path = 'status.loadBalancer.ingress';
  const ingress = status.ingress ?? [];
  if (svc.spec?.type !== 'LoadBalancer' && ingress.length) {
    return [forbidden(path, "may only be used when `spec.type` is 'LoadBalancer'")];
  }
  const errs: FieldError[] = [];
  ingress.forEach((ing, i) => {
    const p = index(path, i);
    if (ing.ip) errs.push(...isValidIP(child(p, 'ip'), ing.ip));
    if (!ing.ipMode) {
      if (ing.ip) errs.push(required(child(p, 'ipMode'), 'must be specified when `ip` is set'));
    } else if (!ing.ip) errs.push(forbidden(child(p, 'ipMode'), 'may not be specified when `ip` is not set'));
    else if (!LB_IP_MODES.includes(ing.ipMode))
      errs.push(notSupported(child(p, 'ipMode'), ing.ipMode, LB_IP_MODES));
    if (ing.hostname) {
      errs.push(...invalidEach(child(p, 'hostname'), ing.hostname, isDNS1123Subdomain(ing.hostname)));
      if (parseIP(ing.hostname))
        errs.push(invalid(child(p, 'hostname'), ing.hostname, 'must be a DNS name, not an IP address'));
    }
  });
  return errs;
}
