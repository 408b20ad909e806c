// networking.k8s.io/v1 NetworkPolicy: pod selector plus ingress/egress rules of peers and ports.
// policyTypes default to Ingress (and Egress when egress rules exist); ports default to TCP.
import type {
  IPBlock,
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicySpec,
} from 'kubernetes-types/networking/v1.d.ts';
import { labelSelectorHasInvalidLabelValue } from '../../machinery/label-selector.ts';
import { isValidPortName, isValidPortNum } from '../../machinery/validation/names.ts';
import {
  type FieldError,
  forbidden,
  invalid,
  invalidEach,
  notSupported,
  required,
} from '../internal/field-errors.ts';
import { child, index } from '../internal/field-paths.ts';
import { isValidCIDR, parseCIDR } from '../internal/ip.ts';
import { validateLabelSelector } from '../internal/meta.ts';
import { AGE_COLUMN, age, column, formatLabelSelector, NAME_COLUMN } from '../internal/table.ts';
import type { Obj } from '../internal/types.ts';
import type { ResourceStrategy } from '../strategy.ts';

type NP = Obj<NetworkPolicy>;

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const POLICY_TYPES = ['Ingress', 'Egress'];

function validatePort(port: NetworkPolicyPort, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (port.protocol !== undefined && !PROTOCOLS.includes(port.protocol)) {
    errs.push(notSupported(child(path, 'protocol'), port.protocol, PROTOCOLS));
  }
  if (port.port !== undefined) {
    if (typeof port.port === 'number') {
      errs.push(...invalidEach(child(path, 'port'), port.port, isValidPortNum(port.port)));
      if (port.endPort !== undefined) {
        if (port.endPort < port.port)
          errs.push(invalid(child(path, 'endPort'), port.port, 'must be greater than or equal to `port`'));
        errs.push(...invalidEach(child(path, 'endPort'), port.endPort, isValidPortNum(port.endPort)));
      }
    } else {
      if (port.endPort !== undefined)
        errs.push(
          invalid(child(path, 'endPort'), port.endPort, 'may not be specified when `port` is non-numeric'),
        );
      errs.push(...invalidEach(child(path, 'port'), port.port, isValidPortName(port.port)));
    }
  } else if (port.endPort !== undefined) {
    errs.push(
      invalid(child(path, 'endPort'), port.endPort, 'may not be specified when `port` is not specified'),
    );
  }
  return errs;
}

/** Go's `ipnet.Contains(ip)` for the network of `cidr`. */
function cidrContains(net: { bytes: ArrayLike<number>; prefix: number }, ip: ArrayLike<number>): boolean {
  for (let bit = 0; bit < net.prefix; bit++) {
    const byte = Math.floor(bit / 8);
    const mask = 0x80 >> (bit % 8);
    if ((net.bytes[byte]! & mask) !== (ip[byte]! & mask)) return false;
  }
  return true;
}

function validateIPBlock(block: IPBlock, path: string): FieldError[] {
  if (!block.cidr) return [required(child(path, 'cidr'))];
  const errs = isValidCIDR(child(path, 'cidr'), block.cidr);
  const cidr = parseCIDR(block.cidr);
  if (!cidr) return errs;
  // Compare in the address's own width: IPv4 networks on their last four bytes.
  const width = (c: NonNullable<ReturnType<typeof parseCIDR>>) => ({
    bytes: c.bits === 32 ? c.ip.bytes.slice(12) : c.ip.bytes,
    prefix: c.prefixLength,
    bits: c.bits,
  });
  const outer = width(cidr);
  (block.except ?? []).forEach((e, i) => {
    const p = index(child(path, 'except'), i);
    errs.push(...isValidCIDR(p, e));
    const inner = parseCIDR(e);
    if (!inner) return;
    const ex = width(inner);
    if (ex.bits !== outer.bits || !cidrContains(outer, ex.bytes) || outer.prefix >= ex.prefix) {
      errs.push(invalid(p, e, 'must be a strict subset of `cidr`'));
    }
  });
  return errs;
}

function validatePeer(peer: NetworkPolicyPeer, path: string, allowInvalid: boolean): FieldError[] {
  const errs: FieldError[] = [];
  let peers = 0;
  const opts = { allowInvalidLabelValueInSelector: allowInvalid };
  if (peer.podSelector) {
    peers++;
    errs.push(...validateLabelSelector(peer.podSelector, child(path, 'podSelector'), opts));
  }
  if (peer.namespaceSelector) {
    peers++;
    errs.push(...validateLabelSelector(peer.namespaceSelector, child(path, 'namespaceSelector'), opts));
  }
  if (peer.ipBlock) {
    peers++;
    errs.push(...validateIPBlock(peer.ipBlock, child(path, 'ipBlock')));
  }
  if (peers === 0) errs.push(required(path, 'must specify a peer'));
  else if (peers > 1 && peer.ipBlock)
    errs.push(forbidden(path, 'may not specify both ipBlock and another peer'));
  return errs;
}

function validateSpec(np: NP, allowInvalid: boolean): FieldError[] {
  const spec: Partial<NetworkPolicySpec> = np.spec ?? {};
  const errs = validateLabelSelector(spec.podSelector ?? {}, 'spec.podSelector', {
    allowInvalidLabelValueInSelector: allowInvalid,
  });
  (spec.ingress ?? []).forEach((rule, i) => {
    const p = index('spec.ingress', i);
    (rule.ports ?? []).forEach((port, j) => {
      errs.push(...validatePort(port, index(child(p, 'ports'), j)));
    });
    (rule.from ?? []).forEach((peer, j) => {
      errs.push(...validatePeer(peer, index(child(p, 'from'), j), allowInvalid));
    });
  });
  (spec.egress ?? []).forEach((rule, i) => {
    const p = index('spec.egress', i);
    (rule.ports ?? []).forEach((port, j) => {
      errs.push(...validatePort(port, index(child(p, 'ports'), j)));
    });
    (rule.to ?? []).forEach((peer, j) => {
      errs.push(...validatePeer(peer, index(child(p, 'to'), j), allowInvalid));
    });
  });
  const types = spec.policyTypes ?? [];
  if (types.length > POLICY_TYPES.length)
    return [...errs, invalid('spec.policyTypes', types, 'may not specify more than two policyTypes')];
  types.forEach((t, i) => {
    if (!POLICY_TYPES.includes(t)) errs.push(notSupported(index('spec.policyTypes', i), t, POLICY_TYPES));
  });
  return errs;
}

/** Whether a stored policy already holds selector values that are no longer valid label values. */
function hasInvalidSelectors(np: NP): boolean {
  const spec: Partial<NetworkPolicySpec> = np.spec ?? {};
  const peers = [
    ...(spec.ingress ?? []).flatMap((r) => r.from ?? []),
    ...(spec.egress ?? []).flatMap((r) => r.to ?? []),
  ];
  return (
    labelSelectorHasInvalidLabelValue(spec.podSelector) ||
    peers.some(
      (p) =>
        labelSelectorHasInvalidLabelValue(p.podSelector) ||
        labelSelectorHasInvalidLabelValue(p.namespaceSelector),
    )
  );
}

export const networkPolicyStrategy: ResourceStrategy<NP> = {
  group: 'networking.k8s.io',
  kind: 'NetworkPolicy',
  resource: 'networkpolicies',
  singular: 'networkpolicy',
  namespaced: true,
  tracksGeneration: true,
  versions: ['v1'],
  shortNames: ['netpol'],

  defaults(np) {
    const spec = np.spec;
    if (!spec) return;
    for (const rule of [...(spec.ingress ?? []), ...(spec.egress ?? [])]) {
      for (const port of rule.ports ?? []) port.protocol ??= 'TCP';
    }
    if (!(spec.policyTypes ?? []).length) {
      spec.policyTypes = (spec.egress ?? []).length ? ['Ingress', 'Egress'] : ['Ingress'];
    }
  },

  validate: (np) => validateSpec(np, false),
  validateUpdate: (np, old) => validateSpec(np, hasInvalidSelectors(old)),

  table: {
    columns: [
      NAME_COLUMN,
      column('Pod-Selector', 'Selects the pods to which this NetworkPolicy object applies.'),
      AGE_COLUMN,
    ],
    row: (np, now) => [
      np.metadata?.name ?? '',
      formatLabelSelector(np.spec?.podSelector ?? {}),
      age(np, now),
    ],
  },
};
