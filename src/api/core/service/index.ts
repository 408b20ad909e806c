// core/v1 Service: DNS-1035 label names, the `all` category, a status subresource for load
// balancers. ClusterIPs, IP families and NodePorts are allocated by the API server's admission
// before this strategy validates; the strategy defaults, normalises and validates.
import type { ServicePort } from 'kubernetes-types/core/v1.d.ts';
import { noGeneration } from '../../internal/generation.ts';
import { clone } from '../../internal/semantic.ts';
import { AGE_COLUMN, age, column, formatLabels, NAME_COLUMN } from '../../internal/table.ts';
import { writable } from '../../internal/types.ts';
import type { ResourceStrategy } from '../../strategy.ts';
import {
  defaultService,
  dropTypeDependentFields,
  normalizeClusterIPs,
  patchAllocatedValues,
  type Svc,
} from './defaults.ts';
import { validateService, validateServiceStatus, validateServiceUpdate } from './validation.ts';

export type { Svc } from './defaults.ts';

/** `loadBalancerStatusStringer` (server-side tables are always wide: no clipping). */
function loadBalancerAddresses(svc: Svc): string {
  const seen = new Set<string>();
  for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
    if (ing.ip) seen.add(ing.ip);
    else if (ing.hostname) seen.add(ing.hostname);
  }
  return [...seen].sort().join(',');
}

/** The EXTERNAL-IP cell (`getServiceExternalIP`). */
export function serviceExternalIP(svc: Svc): string {
  const external = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type) {
    case 'ClusterIP':
    case 'NodePort':
      return external.length ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerAddresses(svc);
      if (external.length) return [...(lb ? lb.split(',') : []), ...external].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return svc.spec.externalName ?? '';
  }
  return '<unknown>';
}

/** The PORT(S) cell: `80/TCP`, `80:31234/TCP`, comma separated. */
export function servicePorts(ports: ServicePort[] | undefined): string {
  const s = (ports ?? [])
    .map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`))
    .join(',');
  return s || '<none>';
}

const WARN_TOPOLOGY_HINTS = 'service.kubernetes.io/topology-aware-hints';

export const serviceStrategy: ResourceStrategy<Svc> = {
  group: '',
  kind: 'Service',
  resource: 'services',
  singular: 'service',
  namespaced: true,
  versions: ['v1'],
  shortNames: ['svc'],
  categories: ['all'],
  subresources: { status: true },
  nameRule: 'custom',
  generationChanged: noGeneration,

  defaults: defaultService,

  prepareForCreate(svc) {
    writable(svc).status = {};
    normalizeClusterIPs(svc);
  },

  prepareForUpdate(svc, old) {
    writable(svc).status = clone(old.status) ?? {};
    patchAllocatedValues(svc, old);
    normalizeClusterIPs(svc, old);
    dropTypeDependentFields(svc, old);
  },

  prepareForStatusUpdate(svc, old) {
    svc.spec = clone(old.spec);
  },

  validate: validateService,
  validateUpdate: validateServiceUpdate,
  validateStatusUpdate: validateServiceStatus,

  warnings(svc) {
    const w: string[] = [];
    if (svc.metadata?.annotations?.[WARN_TOPOLOGY_HINTS] !== undefined) {
      w.push(
        `annotation ${WARN_TOPOLOGY_HINTS} is deprecated, please use service.kubernetes.io/topology-mode instead`,
      );
    }
    if (svc.spec?.type === 'ExternalName' && (svc.spec.externalIPs ?? []).length) {
      w.push('spec.externalIPs is ignored when spec.type is "ExternalName"');
    }
    if (svc.spec?.type !== 'ExternalName' && svc.spec?.externalName) {
      w.push('spec.externalName is ignored when spec.type is not "ExternalName"');
    }
    return w;
  },

  selectableFields: (svc) => ({
    'spec.clusterIP': svc.spec?.clusterIP ?? '',
    'spec.type': svc.spec?.type ?? '',
  }),

  table: {
    columns: [
      NAME_COLUMN,
      column('Type', 'type determines how the Service is exposed.'),
      column('Cluster-IP', 'clusterIP is the IP address of the service.'),
      column(
        'External-IP',
        'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.',
      ),
      column('Port(s)', 'The list of ports that are exposed by this service.'),
      AGE_COLUMN,
      column('Selector', 'Route service traffic to pods with label keys and values matching this selector.', {
        priority: 1,
      }),
    ],
    row: (svc, now) => [
      svc.metadata?.name ?? '',
      svc.spec?.type ?? '',
      svc.spec?.clusterIPs?.[0] ?? '<none>',
      serviceExternalIP(svc),
      servicePorts(svc.spec?.ports),
      age(svc, now),
      formatLabels(svc.spec?.selector),
    ],
  },
};
