// discovery.k8s.io/v1 EndpointSlice: at most 1000 endpoints of one address type (immutable),
// each with 1..100 addresses; ports default to TCP and an empty name.
import type { EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1.d.ts';
import { isValidIPv4Address, isValidIPv6Address } from '../../machinery/validation/ip.ts';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  nameIsDNSSubdomain,
} from '../../machinery/validation/names.ts';
import { PROTOCOLS } from '../internal/enum-values.ts';
import {
  duplicate,
  type FieldError,
  immutableError,
  internalError,
  invalid,
  invalidEach,
  notSupported,
  required,
  tooMany,
} from '../internal/field-errors.ts';
import { child, index, key } from '../internal/field-paths.ts';
import { validateNonSpecialIP } from '../internal/ip.ts';
import { validateLabels } from '../internal/meta.ts';
import { AGE_COLUMN, age, column, NAME_COLUMN } from '../internal/table.ts';
import type { Obj } from '../internal/types.ts';
import type { ResourceStrategy } from '../strategy.ts';

type Eps = Obj<EndpointSlice>;

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
const MAX_TOPOLOGY_LABELS = 16;
const MAX_ADDRESSES = 100;
const MAX_PORTS = 20000;
const MAX_ENDPOINTS = 1000;
const MAX_ZONE_HINTS = 8;

/** `validation.IsFullyQualifiedDomainName`. */
export function isFullyQualifiedDomainName(field: string, value: string): FieldError[] {
  if (!value) return [required(field)];
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  const sub = isDNS1123Subdomain(name);
  if (sub.length) return [invalid(field, name, sub.join(','))];
  const labels = name.split('.');
  if (labels.length < 2)
    return [invalid(field, name, 'should be a domain with at least two segments separated by dots')];
  for (const label of labels) {
    const errs = isDNS1123Label(label);
    if (errs.length) return [invalid(field, label, errs.join(','))];
  }
  return [];
}

function validateEndpoints(eps: Eps): FieldError[] {
  const endpoints = eps.endpoints ?? [];
  if (endpoints.length > MAX_ENDPOINTS) return [tooMany('endpoints', endpoints.length, MAX_ENDPOINTS)];
  const errs: FieldError[] = [];
  endpoints.forEach((ep, i) => {
    const path = index('endpoints', i);
    const addrPath = child(path, 'addresses');
    const addresses = ep.addresses ?? [];
    if (addresses.length === 0) errs.push(required(addrPath, 'must contain at least 1 address'));
    else if (addresses.length > MAX_ADDRESSES) errs.push(tooMany(addrPath, addresses.length, MAX_ADDRESSES));
    addresses.forEach((address, j) => {
      const p = index(addrPath, j);
      switch (eps.addressType) {
        case 'IPv4':
        case 'IPv6': {
          const e = (eps.addressType === 'IPv4' ? isValidIPv4Address : isValidIPv6Address)(p, address);
          errs.push(...(e.length ? e : validateNonSpecialIP(p, address)));
          break;
        }
        case 'FQDN':
          errs.push(...isFullyQualifiedDomainName(p, address));
          break;
      }
    });
    if (ep.nodeName !== undefined)
      errs.push(...invalidEach(child(path, 'nodeName'), ep.nodeName, nameIsDNSSubdomain(ep.nodeName, false)));
    const topoPath = child(path, 'deprecatedTopology');
    const topology = ep.deprecatedTopology ?? {};
    if (Object.keys(topology).length > MAX_TOPOLOGY_LABELS)
      errs.push(tooMany(topoPath, Object.keys(topology).length, MAX_TOPOLOGY_LABELS));
    errs.push(...validateLabels(topology, topoPath));
    if (Object.hasOwn(topology, 'topology.kubernetes.io/zone')) {
      errs.push(
        internalError(
          key(topoPath, 'topology.kubernetes.io/zone'),
          'reserved key was not removed in conversion',
        ),
      );
    }
    if (ep.hostname !== undefined)
      errs.push(...invalidEach(child(path, 'hostname'), ep.hostname, isDNS1123Label(ep.hostname)));
    if (ep.hints) {
      const fz = child(path, 'hints', 'forZones');
      const zones = ep.hints.forZones ?? [];
      if (zones.length > MAX_ZONE_HINTS) errs.push(tooMany(fz, zones.length, MAX_ZONE_HINTS));
      else {
        const seen = new Set<string>();
        zones.forEach((z, j) => {
          const zp = child(index(fz, j), 'name');
          if (seen.has(z.name)) errs.push(duplicate(zp, z.name));
          seen.add(z.name);
          errs.push(...invalidEach(zp, z.name, isValidLabelValue(z.name)));
        });
      }
    }
  });
  return errs;
}

function validatePorts(ports: EndpointPort[]): FieldError[] {
  if (ports.length > MAX_PORTS) return [tooMany('ports', ports.length, MAX_PORTS)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const path = index('ports', i);
    const name = p.name ?? '';
    if (name) errs.push(...invalidEach(child(path, 'name'), name, isDNS1123Label(name)));
    if (names.has(name)) errs.push(duplicate(child(path, 'name'), name));
    names.add(name);
    if (p.protocol === undefined) errs.push(required(child(path, 'protocol')));
    else if (!PROTOCOLS.includes(p.protocol))
      errs.push(notSupported(child(path, 'protocol'), p.protocol, PROTOCOLS));
    if (p.appProtocol !== undefined)
      errs.push(...invalidEach(child(path, 'appProtocol'), p.appProtocol, isQualifiedName(p.appProtocol)));
  });
  return errs;
}

function validateSlice(eps: Eps): FieldError[] {
  const errs: FieldError[] = [];
  if (!eps.addressType) errs.push(required('addressType'));
  else if (!ADDRESS_TYPES.includes(eps.addressType))
    errs.push(notSupported('addressType', eps.addressType, ADDRESS_TYPES));
  return [...errs, ...validateEndpoints(eps), ...validatePorts(eps.ports ?? [])];
}

/** `listWithMoreString`: up to three items, `+ N more...`, `<unset>` when empty. */
function listWithMore(items: string[], max = 3): string {
  if (items.length > max) return `${items.slice(0, max).join(',')} + ${items.length - max} more...`;
  return items.length ? items.join(',') : '<unset>';
}

export const endpointSliceStrategy: ResourceStrategy<Eps> = {
  group: 'discovery.k8s.io',
  kind: 'EndpointSlice',
  resource: 'endpointslices',
  singular: 'endpointslice',
  namespaced: true,
  versions: ['v1'],

  defaults(eps) {
    for (const p of eps.ports ?? []) {
      p.name ??= '';
      p.protocol ??= 'TCP';
    }
  },

  validate: validateSlice,
  validateUpdate(eps, old) {
    const errs = validateSlice(eps);
    if (eps.addressType !== old.addressType) errs.push(immutableError('addressType', eps.addressType ?? ''));
    return errs;
  },

  warnings: (eps) => (eps.addressType === 'FQDN' ? ['spec.addressType: FQDN endpoints are deprecated'] : []),

  table: {
    columns: [
      NAME_COLUMN,
      column('AddressType', 'addressType specifies the type of address carried by this EndpointSlice.'),
      column('Ports', 'ports specifies the list of network ports exposed by each endpoint in this slice.'),
      column('Endpoints', 'endpoints is a list of unique endpoints in this slice.'),
      AGE_COLUMN,
    ],
    row: (eps, now) => [
      eps.metadata?.name ?? '',
      eps.addressType ?? '',
      listWithMore(
        (eps.ports ?? []).map((p) =>
          p.port !== undefined ? String(p.port) : p.name !== undefined ? p.name : '*',
        ),
      ),
      listWithMore((eps.endpoints ?? []).flatMap((e) => e.addresses ?? [])),
      age(eps, now),
    ],
  },
};
