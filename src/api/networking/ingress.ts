// networking.k8s.io/v1 Ingress: rules of hosts and paths to service (or resource) backends, with
// a status subresource for the load balancer's addresses. Validation as upstream's
// ValidateIngressCreate/Update; the `kubernetes.io/ingress.class` annotation earns a warning.
import type { HTTPIngressPath, Ingress, IngressBackend } from 'kubernetes-types/networking/v1.d.ts';
import {
  isDNS1123Subdomain,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
  nameIsDNS1035Label,
  nameIsDNSSubdomain,
} from '../../machinery/validation/names.ts';
import { type FieldError, invalid, invalidEach, notSupported, required } from '../internal/field-errors.ts';
import { child, index } from '../internal/field-paths.ts';
import { isValidIP, parseIP } from '../internal/ip.ts';
import { clone } from '../internal/semantic.ts';
import { AGE_COLUMN, age, column, NAME_COLUMN } from '../internal/table.ts';
import { type Obj, writable } from '../internal/types.ts';
import type { ResourceStrategy } from '../strategy.ts';
import { validateTypedLocalObjectReference } from './ingress-class.ts';

type Ing = Obj<Ingress>;

export const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];

interface Options {
  allowInvalidSecretName: boolean;
  allowInvalidWildcardHostRule: boolean;
}

function validateBackend(b: IngressBackend, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (b.resource && b.service) return [invalid(path, '', 'cannot set both resource and service backends')];
  if (b.resource) return validateTypedLocalObjectReference(b.resource, child(path, 'resource'));
  if (!b.service) return [invalid(path, '', 'resource or service backend is required')];
  const name = b.service.name ?? '';
  if (!name) errs.push(required(child(path, 'service', 'name')));
  else errs.push(...invalidEach(child(path, 'service', 'name'), name, nameIsDNS1035Label(name, false)));
  const portName = b.service.port?.name ?? '';
  const portNumber = b.service.port?.number ?? 0;
  if (portName && portNumber) errs.push(invalid(path, '', 'cannot set both port name & port number'));
  else if (portName)
    errs.push(...invalidEach(child(path, 'service', 'port', 'name'), portName, isValidPortName(portName)));
  else if (portNumber)
    errs.push(
      ...invalidEach(child(path, 'service', 'port', 'number'), portNumber, isValidPortNum(portNumber)),
    );
  else errs.push(required(path, 'port name or number is required'));
  return errs;
}

function validatePath(p: HTTPIngressPath, path: string): FieldError[] {
  if (p.pathType === undefined) return [required(child(path, 'pathType'), 'pathType must be specified')];
  const errs: FieldError[] = [];
  const value = p.path ?? '';
  const pathField = child(path, 'path');
  switch (p.pathType) {
    case 'Exact':
    case 'Prefix':
      if (!value.startsWith('/')) errs.push(invalid(pathField, value, 'must be an absolute path'));
      if (value) {
        for (const seq of INVALID_PATH_SEQUENCES)
          if (value.includes(seq)) errs.push(invalid(pathField, value, `must not contain '${seq}'`));
        for (const suffix of INVALID_PATH_SUFFIXES)
          if (value.endsWith(suffix)) errs.push(invalid(pathField, value, `cannot end with '${suffix}'`));
      }
      break;
    case 'ImplementationSpecific':
      if (value && !value.startsWith('/')) errs.push(invalid(pathField, value, 'must be an absolute path'));
      break;
    default:
      errs.push(notSupported(child(path, 'pathType'), p.pathType, PATH_TYPES));
  }
  return [...errs, ...validateBackend(p.backend ?? {}, child(path, 'backend'))];
}

function validateHost(host: string, field: string): FieldError[] {
  if (host.includes('*')) return invalidEach(field, host, isWildcardDNS1123Subdomain(host));
  return invalidEach(field, host, isDNS1123Subdomain(host));
}

function validateSpec(ing: Ing, opts: Options): FieldError[] {
  const spec = ing.spec ?? {};
  const errs: FieldError[] = [];
  const rules = spec.rules ?? [];
  if (!rules.length && !spec.defaultBackend)
    errs.push(invalid('spec', rules, 'either `defaultBackend` or `rules` must be specified'));
  if (spec.defaultBackend) errs.push(...validateBackend(spec.defaultBackend, 'spec.defaultBackend'));
  rules.forEach((rule, i) => {
    const rulePath = index('spec.rules', i);
    const host = rule.host ?? '';
    let wildcard = false;
    if (host) {
      if (parseIP(host))
        errs.push(invalid(child(rulePath, 'host'), host, 'must be a DNS name, not an IP address'));
      wildcard = host.includes('*');
      errs.push(...validateHost(host, child(rulePath, 'host')));
    }
    if ((!wildcard || !opts.allowInvalidWildcardHostRule) && rule.http) {
      const pathsField = child(rulePath, 'http', 'paths');
      if (!(rule.http.paths ?? []).length) errs.push(required(pathsField));
      (rule.http.paths ?? []).forEach((p, j) => {
        errs.push(...validatePath(p, index(pathsField, j)));
      });
    }
  });
  (spec.tls ?? []).forEach((tls, i) => {
    const tlsPath = index('spec.tls', i);
    (tls.hosts ?? []).forEach((h, j) => {
      errs.push(...validateHost(h, index(child(tlsPath, 'hosts'), j)));
    });
    if (!opts.allowInvalidSecretName && tls.secretName) {
      errs.push(
        ...invalidEach(
          child(tlsPath, 'secretName'),
          tls.secretName,
          nameIsDNSSubdomain(tls.secretName, false),
        ),
      );
    }
  });
  if (spec.ingressClassName !== undefined) {
    errs.push(
      ...invalidEach(
        'spec.ingressClassName',
        spec.ingressClassName,
        nameIsDNSSubdomain(spec.ingressClassName, false),
      ),
    );
  }
  return errs;
}

/** Stored objects with now-invalid values keep validating (upstream's allowInvalid* options). */
function optionsFor(old: Ing): Options {
  const secretBad = (old.spec?.tls ?? []).some(
    (t) => t.secretName && nameIsDNSSubdomain(t.secretName, false).length,
  );
  const wildcardBad = (old.spec?.rules ?? []).some(
    (r) => (r.host ?? '').includes('*') && (r.http?.paths ?? []).some((p) => validatePath(p, '').length),
  );
  return { allowInvalidSecretName: !!secretBad, allowInvalidWildcardHostRule: wildcardBad };
}

/** `ingressLoadBalancerStatusStringer`, unclipped as server-side tables are wide. */
function ingressAddresses(ing: Ing): string {
  const seen = new Set<string>();
  for (const i of ing.status?.loadBalancer?.ingress ?? []) {
    if (i.ip) seen.add(i.ip);
    else if (i.hostname) seen.add(i.hostname);
  }
  return [...seen].sort().join(',');
}

/** `formatHosts`: up to three hosts, `*` when none. */
function ingressHosts(ing: Ing): string {
  const rules = ing.spec?.rules ?? [];
  const list: string[] = [];
  let more = false;
  for (const r of rules) {
    if (list.length === 3) more = true;
    if (!more && r.host) list.push(r.host);
  }
  if (!list.length) return '*';
  return more ? `${list.join(',')} + ${rules.length - 3} more...` : list.join(',');
}

export const ingressStrategy: ResourceStrategy<Ing> = {
  group: 'networking.k8s.io',
  kind: 'Ingress',
  resource: 'ingresses',
  singular: 'ingress',
  namespaced: true,
  tracksGeneration: true,
  versions: ['v1'],
  shortNames: ['ing'],
  subresources: { status: true },

  prepareForCreate(ing) {
    writable(ing).status = {};
  },
  prepareForUpdate(ing, old) {
    writable(ing).status = clone(old.status) ?? {};
  },
  prepareForStatusUpdate(ing, old) {
    ing.spec = clone(old.spec);
  },

  validate(ing) {
    const errs = validateSpec(ing, { allowInvalidSecretName: false, allowInvalidWildcardHostRule: false });
    const annotation = ing.metadata?.annotations?.[INGRESS_CLASS_ANNOTATION];
    if (
      annotation !== undefined &&
      ing.spec?.ingressClassName !== undefined &&
      annotation !== ing.spec.ingressClassName
    ) {
      // Upstream's path is `annotations.<key>`, a Child rather than a Key.
      errs.push(
        invalid(
          `annotations.${INGRESS_CLASS_ANNOTATION}`,
          annotation,
          'must match `ingressClassName` when both are specified',
        ),
      );
    }
    return errs;
  },
  validateUpdate: (ing, old) => validateSpec(ing, optionsFor(old)),
  validateStatusUpdate(ing) {
    const errs: FieldError[] = [];
    (ing.status?.loadBalancer?.ingress ?? []).forEach((i, n) => {
      const p = index('status.loadBalancer.ingress', n);
      if (i.ip) errs.push(...isValidIP(child(p, 'ip'), i.ip));
      if (i.hostname) {
        errs.push(...invalidEach(child(p, 'hostname'), i.hostname, isDNS1123Subdomain(i.hostname)));
        if (parseIP(i.hostname))
          errs.push(invalid(child(p, 'hostname'), i.hostname, 'must be a DNS name, not an IP address'));
      }
    });
    return errs;
  },

  warnings(ing) {
    if (ing.metadata?.annotations?.[INGRESS_CLASS_ANNOTATION] === undefined) return [];
    return [
      `annotation "${INGRESS_CLASS_ANNOTATION}" is deprecated, please use 'spec.ingressClassName' instead`,
    ];
  },

  table: {
    columns: [
      NAME_COLUMN,
      column(
        'Class',
        'The name of the IngressClass resource that should be used for additional configuration',
      ),
      column('Hosts', 'Hosts that incoming requests are matched against before the ingress rule'),
      column('Address', 'Address is a list containing ingress points for the load-balancer'),
      column('Ports', 'Ports of TLS configurations that open'),
      AGE_COLUMN,
    ],
    row: (ing, now) => [
      ing.metadata?.name ?? '',
      ing.spec?.ingressClassName ?? '<none>',
      ingressHosts(ing),
      ingressAddresses(ing),
      (ing.spec?.tls ?? []).length ? '80, 443' : '80',
      age(ing, now),
    ],
  },
};
