// networking.k8s.io/v1 IngressClass: cluster-scoped; the controller is a domain-prefixed path fixed
// after create; parameters reference a cluster- or namespace-scoped object (scope defaults to
// Cluster).
import type { IngressClass, IngressClassParametersReference } from 'kubernetes-types/networking/v1.d.ts';
import {
  isDNS1123Subdomain,
  isValidPathSegmentName,
  regexError,
  validateNamespaceName,
} from '../../machinery/validation/names.ts';
import {
  type FieldError,
  forbidden,
  invalid,
  invalidEach,
  notSupported,
  required,
  tooLong,
  validateImmutableField,
} from '../internal/field-errors.ts';
import { child } from '../internal/field-paths.ts';
import { AGE_COLUMN, age, column, NAME_COLUMN } from '../internal/table.ts';
import type { Obj } from '../internal/types.ts';
import type { ResourceStrategy } from '../strategy.ts';

type IC = Obj<IngressClass>;

const MAX_CONTROLLER_LENGTH = 250;
const SCOPES = ['Cluster', 'Namespace'];
const HTTP_PATH_FMT = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
const httpPathRe = new RegExp(`^${HTTP_PATH_FMT}$`);

/** `validation.IsDomainPrefixedPath`: `acme.io/foo`. */
export function isDomainPrefixedPath(field: string, value: string): FieldError[] {
  if (!value) return [required(field)];
  const slash = value.indexOf('/');
  const host = slash < 0 ? value : value.slice(0, slash);
  const path = slash < 0 ? '' : value.slice(slash + 1);
  if (slash < 0 || !host || !path)
    return [invalid(field, value, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  const errs = invalidEach(field, host, isDNS1123Subdomain(host));
  if (!httpPathRe.test(path)) errs.push(invalid(field, path, regexError('Invalid path', HTTP_PATH_FMT)));
  return errs;
}

/** `validateIngressTypedLocalObjectReference` (also used by Ingress resource backends). */
export function validateTypedLocalObjectReference(
  ref: { apiGroup?: string; kind?: string; name?: string },
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  if (ref.apiGroup !== undefined)
    errs.push(...invalidEach(child(path, 'apiGroup'), ref.apiGroup, isDNS1123Subdomain(ref.apiGroup)));
  if (!ref.kind) errs.push(required(child(path, 'kind'), 'kind is required'));
  else errs.push(...invalidEach(child(path, 'kind'), ref.kind, isValidPathSegmentName(ref.kind)));
  if (!ref.name) errs.push(required(child(path, 'name'), 'name is required'));
  else errs.push(...invalidEach(child(path, 'name'), ref.name, isValidPathSegmentName(ref.name)));
  return errs;
}

function validateParameters(params: IngressClassParametersReference | undefined, path: string): FieldError[] {
  if (!params) return [];
  const errs = validateTypedLocalObjectReference(params, path);
  if (params.scope === undefined) return [...errs, required(child(path, 'scope'))];
  if (!SCOPES.includes(params.scope)) errs.push(notSupported(child(path, 'scope'), params.scope, SCOPES));
  else if (params.scope === 'Namespace') {
    if (params.namespace === undefined)
      errs.push(required(child(path, 'namespace'), "`parameters.scope` is set to 'Namespace'"));
    else
      errs.push(
        ...invalidEach(
          child(path, 'namespace'),
          params.namespace,
          validateNamespaceName(params.namespace, false),
        ),
      );
  } else if (params.namespace !== undefined) {
    errs.push(forbidden(child(path, 'namespace'), "`parameters.scope` is set to 'Cluster'"));
  }
  return errs;
}

function validateIngressClass(ic: IC): FieldError[] {
  const controller = ic.spec?.controller ?? '';
  const errs: FieldError[] = [];
  if (controller.length > MAX_CONTROLLER_LENGTH) errs.push(tooLong('spec.controller', MAX_CONTROLLER_LENGTH));
  errs.push(...isDomainPrefixedPath('spec.controller', controller));
  errs.push(...validateParameters(ic.spec?.parameters, 'spec.parameters'));
  return errs;
}

export const ingressClassStrategy: ResourceStrategy<IC> = {
  group: 'networking.k8s.io',
  kind: 'IngressClass',
  resource: 'ingressclasses',
  singular: 'ingressclass',
  namespaced: false,
  versions: ['v1'],

  defaults(ic) {
    const params = ic.spec?.parameters;
    if (params && params.scope === undefined) params.scope = 'Cluster';
  },

  validate: validateIngressClass,
  validateUpdate: (ic, old) => [
    ...validateImmutableField(ic.spec?.controller ?? '', old.spec?.controller ?? '', 'spec.controller'),
    ...validateIngressClass(ic),
  ],

  table: {
    columns: [
      NAME_COLUMN,
      column('Controller', 'Controller that is responsible for handling this class'),
      column('Parameters', 'A reference to a resource with additional parameters'),
      AGE_COLUMN,
    ],
    row(ic, now) {
      const p = ic.spec?.parameters;
      const parameters = p
        ? `${p.kind}${p.apiGroup !== undefined ? `.${p.apiGroup}` : ''}/${p.name}`
        : '<none>';
      return [ic.metadata?.name ?? '', ic.spec?.controller ?? '', parameters, age(ic, now)];
    },
  },
};
