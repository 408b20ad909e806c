// core/v1 Endpoints: subsets of addresses and ports, written by the endpoints controller.
// Ports default to TCP; addresses must be plain, non-special IPs.
import type { EndpointAddress, EndpointPort, Endpoints } from 'kubernetes-types/core/v1.d.ts';
import {
  isDNS1123Label,
  isQualifiedName,
  isValidPortNum,
  nameIsDNSSubdomain,
} from '../../machinery/validation/names.ts';
import { PROTOCOLS } from '../internal/enum-values.ts';
import { type FieldError, invalidEach, notSupported, required } from '../internal/field-errors.ts';
import { child, index } from '../internal/field-paths.ts';
import { noGeneration } from '../internal/generation.ts';
import { isValidIP, validateNonSpecialIP } from '../internal/ip.ts';
import { AGE_COLUMN, age, column, NAME_COLUMN } from '../internal/table.ts';
import type { Obj } from '../internal/types.ts';
import type { ResourceStrategy } from '../strategy.ts';

type Ep = Obj<Endpoints>;

function validateAddress(a: EndpointAddress, path: string): FieldError[] {
  const errs = isValidIP(child(path, 'ip'), a.ip ?? '');
  if (a.hostname) errs.push(...invalidEach(child(path, 'hostname'), a.hostname, isDNS1123Label(a.hostname)));
  if (a.nodeName !== undefined)
    errs.push(...invalidEach(child(path, 'nodeName'), a.nodeName, nameIsDNSSubdomain(a.nodeName, false)));
  errs.push(...validateNonSpecialIP(child(path, 'ip'), a.ip ?? ''));
  return errs;
}

function validatePort(p: EndpointPort, requireName: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !p.name) errs.push(required(child(path, 'name')));
  else if (p.name) errs.push(...invalidEach(child(path, 'name'), p.name, isDNS1123Label(p.name)));
  errs.push(...invalidEach(child(path, 'port'), p.port ?? 0, isValidPortNum(p.port ?? 0)));
  if (!p.protocol) errs.push(required(child(path, 'protocol')));
  else if (!PROTOCOLS.includes(p.protocol))
    errs.push(notSupported(child(path, 'protocol'), p.protocol, PROTOCOLS));
  if (p.appProtocol !== undefined)
    errs.push(...invalidEach(child(path, 'appProtocol'), p.appProtocol, isQualifiedName(p.appProtocol)));
  return errs;
}

function validateEndpoints(ep: Ep): FieldError[] {
  const errs: FieldError[] = [];
  (ep.subsets ?? []).forEach((ss, i) => {
    const path = index('subsets', i);
    if (!(ss.addresses ?? []).length && !(ss.notReadyAddresses ?? []).length) {
      errs.push(required(path, 'must specify `addresses` or `notReadyAddresses`'));
    }
    (ss.addresses ?? []).forEach((a, j) => {
      errs.push(...validateAddress(a, index(child(path, 'addresses'), j)));
    });
    (ss.notReadyAddresses ?? []).forEach((a, j) => {
      errs.push(...validateAddress(a, index(child(path, 'notReadyAddresses'), j)));
    });
    const ports = ss.ports ?? [];
    ports.forEach((p, j) => {
      errs.push(...validatePort(p, ports.length > 1, index(child(path, 'ports'), j)));
    });
  });
  return errs;
}

/** The ENDPOINTS cell (`formatEndpoints`): up to three `ip:port`, then `+ N more...`. */
export function formatEndpoints(ep: Ep): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  const hostPort = (ip: string, port: number) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    if (ports.length === 0) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip ?? '');
      }
      continue;
    }
    for (const p of ports) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(hostPort(a.ip ?? '', p.port ?? 0));
      }
    }
  }
  const s = list.join(',');
  return more ? `${s} + ${count - max} more...` : s;
}

export const endpointsStrategy: ResourceStrategy<Ep> = {
  group: '',
  kind: 'Endpoints',
  resource: 'endpoints',
  singular: 'endpoints',
  namespaced: true,
  versions: ['v1'],
  shortNames: ['ep'],
  generationChanged: noGeneration,

  defaults(ep) {
    for (const ss of ep.subsets ?? []) for (const p of ss.ports ?? []) if (!p.protocol) p.protocol = 'TCP';
  },

  validate: validateEndpoints,
  validateUpdate: validateEndpoints,

  table: {
    columns: [
      NAME_COLUMN,
      column('Endpoints', 'The set of all endpoints is the union of all subsets.'),
      AGE_COLUMN,
    ],
    row: (ep, now) => [ep.metadata?.name ?? '', formatEndpoints(ep), age(ep, now)],
  },
};
