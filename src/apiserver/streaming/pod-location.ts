// Where a pod's streams are served: its node's kubelet (the Node's InternalIP — or another
// address type — and daemonEndpoints.kubeletEndpoint.Port), after the checks upstream's pod
// registry makes: the pod is bound to a node, and the container named is one of the pod's (or
// the only one, when none is named).
import { badRequest, notFound } from '../../machinery/status.ts';

export interface PodLike {
  metadata?: { name?: string; namespace?: string; uid?: string };
  spec?: {
    nodeName?: string;
    containers?: { name: string }[];
    initContainers?: { name: string }[];
    ephemeralContainers?: { name: string }[];
  };
  status?: unknown;
}

export interface NodeLike {
  status?: {
    addresses?: { type: string; address: string }[];
    daemonEndpoints?: { kubeletEndpoint?: { Port?: number } };
  };
}

/** The registries the streaming handlers read. */
export interface StreamingServer {
  registryFor(group: string, resource: string): { get(namespace: string, name: string): Promise<unknown> };
}

export interface KubeletLocation {
  pod: PodLike;
  host: string;
  port: number;
}

/** Address types in the order upstream's apiserver prefers them (InternalIP first, as k3s sets). */
const PREFERRED_ADDRESS_TYPES = ['InternalIP', 'Hostname', 'InternalDNS', 'ExternalDNS', 'ExternalIP'];

/** ValidateContainer: the container named, or the pod's only one. */
export function resolveContainer(pod: PodLike, container: string | null | undefined): string {
  const spec = pod.spec ?? {};
  const all = [
    ...(spec.initContainers ?? []),
    ...(spec.containers ?? []),
    ...(spec.ephemeralContainers ?? []),
  ].map((c) => c.name);
  const name = pod.metadata?.name ?? '';
  if (!container) {
    const containers = spec.containers ?? [];
    if (containers.length === 1) return containers[0]!.name;
    if (containers.length === 0) throw badRequest(`a container name must be specified for pod ${name}`);
    throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${all.join(' ')}]`);
  }
  if (!all.includes(container)) throw badRequest(`container ${container} is not valid for pod ${name}`);
  return container;
}

export async function kubeletLocation(
  server: StreamingServer,
  namespace: string,
  name: string,
): Promise<KubeletLocation> {
  const pod = (await server.registryFor('', 'pods').get(namespace, name)) as PodLike;
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) throw badRequest(`pod ${name} does not have a host assigned`);
  let node: NodeLike;
  try {
    node = (await server.registryFor('', 'nodes').get('', nodeName)) as NodeLike;
  } catch {
    throw notFound({ group: '', resource: 'nodes' }, nodeName);
  }
  const addresses = node.status?.addresses ?? [];
  const address = PREFERRED_ADDRESS_TYPES.map((t) => addresses.find((a) => a.type === t)).find(
    (a) => a,
  )?.address;
  const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port;
  if (!address || !port) throw badRequest(`node ${nodeName} has no kubelet address`);
  return { pod, host: address, port };
}
