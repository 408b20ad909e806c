// A pod's DNS settings (resolv.conf via the CRI's DNSConfig) and hostname, as upstream's kubelet
// derives them from dnsPolicy, dnsConfig, hostname, subdomain and setHostnameAsFQDN.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { DNSConfig } from '../cri/types.ts';

export interface ClusterDNS {
  /** Cluster DNS server IPs (kubelet --cluster-dns); empty when the cluster has none. */
  servers: readonly string[];
  /** kubelet --cluster-domain, default `cluster.local`. */
  domain: string;
  /** The node's resolv.conf as parsed (kubelet --resolv-conf); undefined when it is "". */
  host?: ResolvConf;
}

export interface ResolvConf {
  nameservers: string[];
  searches: string[];
  options: string[];
}

const MAX_NAMESERVERS = 3;
const MAX_SEARCHES = 32;
const MAX_SEARCH_CHARS = 2048;

/** Parses resolv.conf text: nameserver, search (last one wins, trailing dots dropped), options. */
export function parseResolvConf(text: string): ResolvConf {
  const conf: ResolvConf = { nameservers: [], searches: [], options: [] };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const fields = line.split(/\s+/).filter(Boolean);
    if (fields.length === 0) continue;
    if (fields[0] === 'nameserver' && fields[1]) conf.nameservers.push(fields[1]);
    if (fields[0] === 'search')
      conf.searches = fields
        .slice(1)
        .filter((s) => s !== '.')
        .map((s) => s.replace(/\.$/, ''));
    if (fields[0] === 'options') conf.options = mergeOptions(conf.options, fields.slice(1));
  }
  return conf;
}

const unique = (list: string[]) => [...new Set(list)];

function mergeOptions(existing: string[], added: string[]): string[] {
  const map = new Map<string, string>();
  for (const o of [...existing, ...added]) {
    const i = o.indexOf(':');
    map.set(i === -1 ? o : o.slice(0, i), i === -1 ? '' : o.slice(i + 1));
  }
  return [...map].map(([k, v]) => (v ? `${k}:${v}` : k));
}

type DnsType = 'None' | 'Cluster' | 'Host';

function podDnsType(pod: Pod): DnsType {
  switch (pod.spec?.dnsPolicy ?? 'ClusterFirst') {
    case 'None':
      return 'None';
    case 'ClusterFirstWithHostNet':
      return 'Cluster';
    case 'Default':
      return 'Host';
    default:
      // ClusterFirst, which falls back to the host's settings for host-network pods.
      return pod.spec?.hostNetwork ? 'Host' : 'Cluster';
  }
}

export interface PodDnsResult {
  config: DNSConfig;
  /** Events upstream records (MissingClusterDNS, DNSConfigForming). */
  warnings: { reason: string; message: string }[];
}

/** GetPodDNS. */
export function podDnsConfig(pod: Pod, cluster: ClusterDNS): PodDnsResult {
  const warnings: PodDnsResult['warnings'] = [];
  const host = cluster.host;
  let servers = [...(host?.nameservers ?? [])];
  let searches = [...(host?.searches ?? [])];
  let options = [...(host?.options ?? [])];
  let type = podDnsType(pod);
  if (type === 'None') {
    servers = [];
    searches = [];
    options = [];
  } else if (type === 'Cluster' && cluster.servers.length > 0) {
    servers = [...cluster.servers];
    if (cluster.domain) {
      const ns = pod.metadata?.namespace ?? '';
      searches = unique([
        `${ns}.svc.${cluster.domain}`,
        `svc.${cluster.domain}`,
        cluster.domain,
        ...searches,
      ]);
    }
    options = ['ndots:5'];
  } else if (type === 'Cluster') {
    warnings.push({
      reason: 'MissingClusterDNS',
      message: `pod: "${pod.metadata?.name}_${pod.metadata?.namespace}(${pod.metadata?.uid})". kubelet does not have ClusterDNS IP configured and cannot create Pod using "ClusterFirst" policy. Falling back to "Default" policy.`,
    });
    type = 'Host';
  }
  if (type === 'Host' && !host) {
    servers = ['127.0.0.1'];
    searches = ['.'];
  }
  const podConfig = pod.spec?.dnsConfig;
  if (podConfig) {
    servers = unique([...servers, ...(podConfig.nameservers ?? [])]);
    searches = unique([...searches, ...(podConfig.searches ?? [])]);
    options = mergeOptions(
      options,
      (podConfig.options ?? []).map((o) => (o.value ? `${o.name}:${o.value}` : (o.name ?? ''))),
    );
  }
  // formDNSConfigFitsLimits
  if (servers.length > MAX_NAMESERVERS) {
    servers = servers.slice(0, MAX_NAMESERVERS);
    warnings.push({
      reason: 'DNSConfigForming',
      message: `Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: ${servers.join(' ')}`,
    });
  }
  let limited = searches.slice(0, MAX_SEARCHES);
  while (limited.join(' ').length > MAX_SEARCH_CHARS) limited = limited.slice(0, -1);
  if (limited.length < searches.length) {
    warnings.push({
      reason: 'DNSConfigForming',
      message: `Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ${limited.join(' ')}`,
    });
    searches = limited;
  }
  return { config: { servers, searches, options }, warnings };
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * GeneratePodHostNameAndDomain + GetNodenameForKernel: the hostname the pod's kernel gets, or
 * an error message as upstream words it.
 */
export function podHostname(pod: Pod, clusterDomain: string): { hostname: string; domain: string } {
  const name = pod.metadata?.name ?? '';
  let hostname = name;
  const spec = pod.spec ?? { containers: [] };
  if (spec.hostname) {
    if (!DNS1123_LABEL.test(spec.hostname) || spec.hostname.length > 63) {
      throw new Error(`pod Hostname "${spec.hostname}" is not a valid DNS label`);
    }
    hostname = spec.hostname;
  }
  if (hostname.length > 63) {
    hostname = hostname.slice(0, 63).replace(/[-.]+$/, '');
    if (!hostname) throw new Error(`hostname for pod "${name}" was invalid: "${spec.hostname ?? name}"`);
  }
  let domain = '';
  if (spec.subdomain) {
    if (!DNS1123_LABEL.test(spec.subdomain) || spec.subdomain.length > 63) {
      throw new Error(`pod Subdomain "${spec.subdomain}" is not a valid DNS label`);
    }
    domain = `${spec.subdomain}.${pod.metadata?.namespace}.svc.${clusterDomain}`;
  }
  if (domain && spec.setHostnameAsFQDN) {
    const fqdn = `${hostname}.${domain}`;
    if (fqdn.length > 64) {
      throw new Error(
        `failed to construct FQDN from pod hostname and cluster domain, FQDN ${fqdn} is too long (64 characters is the max, ${fqdn.length} characters requested)`,
      );
    }
    return { hostname: fqdn, domain };
  }
  return { hostname, domain };
}
