// One call from connection settings to a ready client, for commands that run a component
// against a remote API server (`kts scheduler --kubeconfig ...`, `kts agent`, hollow nodes).
import { Client, type ClientOptions } from './client.ts';
import { fetchFromKubeconfig, type HttpTransportOptions } from './http-transport.ts';
import type { ConnectionConfig } from './kubeconfig.ts';

export interface Connection {
  client: Client;
  /** The kubeconfig context's namespace. */
  namespace: string;
  /** Releases the connection pools. */
  close(): Promise<void>;
}

/**
 * A client over HTTP(S) for a connection config.
 * Usage: `const { client, close } = connect(loadKubeconfig(path), { fieldManager: 'kube-scheduler' })`.
 */
export function connect(
  cfg: ConnectionConfig,
  o: Omit<ClientOptions, 'fetch' | 'server'> & HttpTransportOptions = {},
): Connection {
  const { connections, tokenFileRefreshSeconds, ...clientOptions } = o;
  const transport: HttpTransportOptions = {};
  if (connections !== undefined) transport.connections = connections;
  if (tokenFileRefreshSeconds !== undefined) transport.tokenFileRefreshSeconds = tokenFileRefreshSeconds;
  const fetch = fetchFromKubeconfig(cfg, transport);
  return {
    client: new Client({ ...clientOptions, fetch, server: cfg.server }),
    namespace: cfg.namespace,
    close: () => fetch.close(),
  };
}
