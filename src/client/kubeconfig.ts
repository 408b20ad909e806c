// Where the API server is and how to prove who we are: a kubeconfig file (as kubectl reads it:
// $KUBECONFIG, a colon-separated list merged first-wins, or ~/.kube/config) or the in-cluster
// service account. Both resolve to one ConnectionConfig; `https-transport.ts` turns that
// into a Fetch.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parse } from 'yaml';

/** Everything needed to open connections to one API server as one user. */
export interface ConnectionConfig {
  /** e.g. `https://127.0.0.1:6443` (may carry a path prefix). */
  server: string;
  /** PEM of the CA(s) that sign the server's certificate; absent: the system roots. */
  ca?: string;
  /** Client certificate and key (PEM) for x509 authentication. */
  cert?: string;
  key?: string;
  /** Bearer token, or a file that holds one (re-read as it rotates, like bound service account tokens). */
  token?: string;
  tokenFile?: string;
  username?: string;
  password?: string;
  insecureSkipTLSVerify?: boolean;
  /** SNI / verification name when it differs from the URL's host. */
  tlsServerName?: string;
  /** The context's namespace ('default' when unset). */
  namespace: string;
}

interface NamedEntry<T> {
  name: string;
  [k: string]: unknown;
  value?: T;
}

type Raw = Record<string, unknown>;

/** The kubeconfig paths kubectl would read: $KUBECONFIG (colon-separated) or ~/.kube/config. */
export function defaultKubeconfigPaths(env: NodeJS.ProcessEnv = process.env): string[] {
  const list = env.KUBECONFIG?.split(':').filter(Boolean);
  return list?.length ? list : [join(homedir(), '.kube', 'config')];
}

/**
 * Reads one or more kubeconfig files and resolves a context (default: `current-context`).
 * Usage: `const cfg = loadKubeconfig('/etc/kts/admin.kubeconfig')`.
 */
export function loadKubeconfig(
  paths: string | string[] = defaultKubeconfigPaths(),
  context?: string,
): ConnectionConfig {
  const files = (Array.isArray(paths) ? paths : [paths]).map((p) => ({
    path: resolve(p),
    text: readFileSync(p, 'utf8'),
  }));
  return resolveKubeconfig(files, context);
}

/** Resolves kubeconfig documents (already read) into a ConnectionConfig; relative file paths are relative to each file. */
export function resolveKubeconfig(
  files: { path: string; text: string }[],
  context?: string,
): ConnectionConfig {
  // Merge first-wins, as kubectl does with several files in $KUBECONFIG; remember each entry's file.
  const clusters = new Map<string, { entry: Raw; dir: string }>();
  const users = new Map<string, { entry: Raw; dir: string }>();
  const contexts = new Map<string, Raw>();
  let current: string | undefined;
  for (const f of files) {
    const doc = (parse(f.text) ?? {}) as Raw;
    const dir = dirname(f.path);
    for (const c of (doc.clusters ?? []) as NamedEntry<Raw>[])
      if (!clusters.has(c.name)) clusters.set(c.name, { entry: (c.cluster ?? {}) as Raw, dir });
    for (const u of (doc.users ?? []) as NamedEntry<Raw>[])
      if (!users.has(u.name)) users.set(u.name, { entry: (u.user ?? {}) as Raw, dir });
    for (const c of (doc.contexts ?? []) as NamedEntry<Raw>[])
      if (!contexts.has(c.name)) contexts.set(c.name, (c.context ?? {}) as Raw);
    current ??= (doc['current-context'] as string | undefined) || undefined;
  }
  const contextName = context ?? current;
  if (!contextName) throw new Error('kubeconfig: no context chosen and no current-context set');
  const ctx = contexts.get(contextName);
  if (!ctx) throw new Error(`kubeconfig: context "${contextName}" not found`);
  const cluster = clusters.get(String(ctx.cluster ?? ''));
  if (!cluster)
    throw new Error(`kubeconfig: cluster "${String(ctx.cluster)}" of context "${contextName}" not found`);
  const server = cluster.entry.server as string | undefined;
  if (!server) throw new Error(`kubeconfig: cluster "${String(ctx.cluster)}" has no server`);

  const cfg: ConnectionConfig = { server, namespace: (ctx.namespace as string | undefined) || 'default' };
  const ca = pem(cluster.entry, 'certificate-authority', cluster.dir);
  if (ca) cfg.ca = ca;
  if (cluster.entry['insecure-skip-tls-verify'] === true) cfg.insecureSkipTLSVerify = true;
  if (typeof cluster.entry['tls-server-name'] === 'string')
    cfg.tlsServerName = cluster.entry['tls-server-name'];

  const user = users.get(String(ctx.user ?? ''));
  if (ctx.user && !user)
    throw new Error(`kubeconfig: user "${String(ctx.user)}" of context "${contextName}" not found`);
  if (user) {
    const u = user.entry;
    const cert = pem(u, 'client-certificate', user.dir);
    const key = pem(u, 'client-key', user.dir);
    if (cert) cfg.cert = cert;
    if (key) cfg.key = key;
    if (typeof u.token === 'string' && u.token) cfg.token = u.token;
    if (typeof u.tokenFile === 'string' && u.tokenFile) cfg.tokenFile = relativeTo(user.dir, u.tokenFile);
    if (typeof u.username === 'string') cfg.username = u.username;
    if (typeof u.password === 'string') cfg.password = u.password;
    if (u.exec || u['auth-provider'])
      throw new Error(
        `kubeconfig: user "${String(ctx.user)}" uses an exec/auth-provider plugin, which kts does not run`,
      );
  }
  return cfg;
}

/** `<field>-data` (base64 PEM) wins over `<field>` (a file path), as in client-go. */
function pem(entry: Raw, field: string, dir: string): string | undefined {
  const data = entry[`${field}-data`];
  if (typeof data === 'string' && data) return Buffer.from(data, 'base64').toString('utf8');
  const file = entry[field];
  if (typeof file === 'string' && file) return readFileSync(relativeTo(dir, file), 'utf8');
  return undefined;
}

function relativeTo(dir: string, p: string): string {
  const expanded = p.startsWith('~/') ? join(homedir(), p.slice(2)) : p;
  return isAbsolute(expanded) ? expanded : join(dir, expanded);
}

/** Where a pod's service account credentials are mounted. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * The in-cluster configuration of a pod: KUBERNETES_SERVICE_HOST/PORT and the mounted service
 * account (token, ca.crt, namespace). Usage: `const cfg = inClusterConfig()`; throws outside a pod.
 */
export function inClusterConfig(
  env: NodeJS.ProcessEnv = process.env,
  dir = SERVICE_ACCOUNT_DIR,
): ConnectionConfig {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port)
    throw new Error(
      'unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined',
    );
  const tokenFile = join(dir, 'token');
  readFileSync(tokenFile); // fail now, not on the first request, when the token is not mounted
  const cfg: ConnectionConfig = {
    server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    tokenFile,
    ca: readFileSync(join(dir, 'ca.crt'), 'utf8'),
    namespace: 'default',
  };
  try {
    cfg.namespace = readFileSync(join(dir, 'namespace'), 'utf8').trim() || 'default';
  } catch {
    // No namespace file: stay in 'default', as client-go does.
  }
  return cfg;
}
export { fetchFromKubeconfig } from './http-transport.ts';
