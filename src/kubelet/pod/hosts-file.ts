// The /etc/hosts the kubelet writes for each pod and mounts into its containers (upstream's
// managedHostsFileContent): localhost entries, the pod's own name on its IPs, and hostAliases.
import type { HostAlias } from 'kubernetes-types/core/v1.js';

function aliasLines(aliases: HostAlias[] | undefined): string {
  if (!aliases?.length) return '';
  let out = '\n# Entries added by HostAliases.\n';
  for (const alias of aliases) out += `${alias.ip}\t${(alias.hostnames ?? []).join('\t')}\n`;
  return out;
}

/** Content for a pod on the pod network. */
export function managedHostsFile(
  podIPs: readonly string[],
  hostname: string,
  domain: string,
  aliases?: HostAlias[],
): string {
  let out = '# Kubernetes-managed hosts file.\n';
  out += '127.0.0.1\tlocalhost\n';
  out += '::1\tlocalhost ip6-localhost ip6-loopback\n';
  out += 'fe00::0\tip6-localnet\n';
  out += 'fe00::0\tip6-mcastprefix\n';
  out += 'fe00::1\tip6-allnodes\n';
  out += 'fe00::2\tip6-allrouters\n';
  for (const ip of podIPs)
    out += domain ? `${ip}\t${hostname}.${domain}\t${hostname}\n` : `${ip}\t${hostname}\n`;
  return out + aliasLines(aliases);
}

/** Content for a host-network pod: the node's own hosts file plus the pod's aliases. */
export function hostNetworkHostsFile(nodeHostsFile: string, aliases?: HostAlias[]): string {
  return `# Kubernetes-managed hosts file (host network).\n${nodeHostsFile}${aliasLines(aliases)}`;
}
