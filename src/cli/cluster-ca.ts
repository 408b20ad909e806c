// The cluster's root CA, kept in the data dir (server/tls/server-ca.crt and .key, as k3s names
// them) and made on first start. Pods trust it through the kube-root-ca.crt ConfigMap that the
// root-ca-cert-publisher puts in every namespace; every service account token volume projects
// that ConfigMap, so without a CA no pod could start. Made with the openssl command line, as
// Node's crypto can make keys but not certificates.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ClusterCA {
  /** PEM certificate. */
  cert: string;
  certPath: string;
  keyPath: string;
}

export function loadOrCreateClusterCA(tlsDir: string): ClusterCA {
  const certPath = join(tlsDir, 'server-ca.crt');
  const keyPath = join(tlsDir, 'server-ca.key');
  if (!existsSync(certPath) || !existsSync(keyPath)) {
    mkdirSync(tlsDir, { recursive: true, mode: 0o700 });
    const openssl = (...args: string[]) =>
      execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', keyPath);
    openssl(
      'req',
      '-x509',
      '-new',
      '-key',
      keyPath,
      '-subj',
      `/CN=kts-server-ca@${Math.floor(Date.now() / 1000)}`,
      '-days',
      '3650',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign',
      '-out',
      certPath,
    );
  }
  return { cert: readFileSync(certPath, 'utf8'), certPath, keyPath };
}
