// Writes the admin kubeconfig that `kts server` hands out (kubectl reads it with KUBECONFIG=…).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { stringify } from 'yaml';

export interface KubeconfigOptions {
  server: string;
  clusterName?: string;
  user?: string;
  caData?: string;
  clientCertData?: string;
  clientKeyData?: string;
  token?: string;
}

export function kubeconfigYaml(o: KubeconfigOptions): string {
  const cluster = o.clusterName ?? 'default';
  const user = o.user ?? 'default';
  const clusterEntry: Record<string, string> = { server: o.server };
  if (o.caData) clusterEntry['certificate-authority-data'] = Buffer.from(o.caData).toString('base64');
  const userEntry: Record<string, string> = {};
  if (o.clientCertData)
    userEntry['client-certificate-data'] = Buffer.from(o.clientCertData).toString('base64');
  if (o.clientKeyData) userEntry['client-key-data'] = Buffer.from(o.clientKeyData).toString('base64');
  if (o.token) userEntry.token = o.token;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster, cluster: clusterEntry }],
    contexts: [{ name: cluster, context: { cluster, user } }],
    'current-context': cluster,
    preferences: {},
    users: [{ name: user, user: userEntry }],
  });
}

/** Written whole or not at all (temp file + rename): scripts wait for the file to appear, then read it. */
export function writeKubeconfig(path: string, o: KubeconfigOptions): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, kubeconfigYaml(o), { mode: 0o600 });
  renameSync(temporary, path);
}
