// What a new cluster has from its first moment, and keeps (upstream's bootstrap controller
// and post-start hooks): the system namespaces, the `kubernetes` Service with its Endpoints
// and EndpointSlice pointing at this API server, and the system PriorityClasses. Checked again
// periodically, so deleting any of them only lasts until the next pass.
import type { KubeObject } from '../api/strategy.ts';
import { isStatusError } from '../machinery/status.ts';
import { firstServiceIp } from './admission/ip-range.ts';
import type { ServiceAllocators } from './admission/service-allocation.ts';
import type { RequestContext, UserInfo } from './registry/context.ts';
import type { GenericRegistry } from './registry/generic-registry.ts';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

const SYSTEM_PRIORITY_CLASSES = [
  {
    name: 'system-node-critical',
    value: 2000001000,
    description: 'Used for system critical pods that must not be moved from their current node.',
  },
  {
    name: 'system-cluster-critical',
    value: 2000000000,
    description:
      'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
  },
];

export interface BootstrapServer {
  registryFor(group: string, resource: string): GenericRegistry;
  serves(group: string, resource: string): boolean;
  allocators: ServiceAllocators;
  context(user: UserInfo): RequestContext;
}

export interface BootstrapOptions {
  /** The address and port other components use to reach this API server (Endpoints of `kubernetes`). */
  ip: string;
  port: number;
}

const SYSTEM_USER: UserInfo = { username: 'system:apiserver', groups: ['system:masters'] };

async function ensure(
  registry: GenericRegistry,
  server: BootstrapServer,
  namespace: string,
  obj: KubeObject,
): Promise<void> {
  try {
    await registry.get(namespace, obj.metadata!.name!, 0);
    return;
  } catch (e) {
    if (!isStatusError(e) || e.code !== 404) throw e;
  }
  try {
    await registry.create(namespace, obj, server.context(SYSTEM_USER));
  } catch (e) {
    if (!isStatusError(e) || e.code !== 409) throw e;
  }
}

/** Makes sure the built-in objects exist and that `kubernetes` points at this server. */
export async function bootstrapCluster(server: BootstrapServer, options: BootstrapOptions): Promise<void> {
  const namespaces = server.registryFor('', 'namespaces');
  for (const name of SYSTEM_NAMESPACES) {
    await ensure(namespaces, server, '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  const priorityClasses = server.serves('scheduling.k8s.io', 'priorityclasses')
    ? server.registryFor('scheduling.k8s.io', 'priorityclasses')
    : undefined;
  for (const pc of priorityClasses ? SYSTEM_PRIORITY_CLASSES : []) {
    await ensure(priorityClasses!, server, '', {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: pc.name },
      value: pc.value,
      description: pc.description,
      preemptionPolicy: 'PreemptLowerPriority',
    });
  }
  await ensure(server.registryFor('', 'services'), server, 'default', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { component: 'apiserver', provider: 'kubernetes' },
    },
    spec: {
      type: 'ClusterIP',
      clusterIP: firstServiceIp(server.allocators.serviceRange),
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: options.port }],
      sessionAffinity: 'None',
    },
  });
  // Endpoints may not point at loopback (upstream's validation); a loopback-only server has none
  // until it listens on a routable address.
  if (!options.ip.startsWith('127.') && options.ip !== '::1')
    await reconcileKubernetesEndpoints(server, options);
}

/** Points Endpoints and EndpointSlice `default/kubernetes` at this server (upstream's endpoint reconciler). */
async function reconcileKubernetesEndpoints(
  server: BootstrapServer,
  options: BootstrapOptions,
): Promise<void> {
  const ctx = server.context(SYSTEM_USER);
  const subsets = [
    { addresses: [{ ip: options.ip }], ports: [{ name: 'https', port: options.port, protocol: 'TCP' }] },
  ];
  const endpoints = server.registryFor('', 'endpoints');
  await endpoints.guaranteedUpdate(
    'default',
    'kubernetes',
    (current) => {
      const obj = current ?? {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: {
          name: 'kubernetes',
          namespace: 'default',
          labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
        },
      };
      obj.subsets = subsets;
      return obj;
    },
    ctx,
    { allowCreate: true },
  );
  const slices = server.registryFor('discovery.k8s.io', 'endpointslices');
  await slices.guaranteedUpdate(
    'default',
    'kubernetes',
    (current) => {
      const obj = current ?? {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          name: 'kubernetes',
          namespace: 'default',
          labels: { 'kubernetes.io/service-name': 'kubernetes' },
        },
        addressType: 'IPv4',
      };
      obj.endpoints = [{ addresses: [options.ip], conditions: { ready: true } }];
      obj.ports = [{ name: 'https', port: options.port, protocol: 'TCP' }];
      return obj;
    },
    ctx,
    { allowCreate: true },
  );
}

/** Runs the bootstrap now and every `intervalMs` (errors are logged, never fatal after the first pass). */
export function keepBootstrapped(
  server: BootstrapServer,
  options: BootstrapOptions,
  intervalMs = 10_000,
  log: (m: string) => void = () => {},
): () => void {
  const timer = setInterval(() => {
    bootstrapCluster(server, options).catch((e) =>
      log(`bootstrap: ${e instanceof Error ? e.message : String(e)}`),
    );
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
