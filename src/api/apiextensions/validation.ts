// CustomResourceDefinition validation as upstream's apiextensions validation: the name is
// `<plural>.<group>`, the group a dotted domain, exactly one storage version, names DNS-1035
// labels, printer columns and subresources well formed, conversion consistent, stored versions
// listed, and every schema structural (schema-validation.ts).
//
// Upstream validates its internal type, into which a v1 CRD is converted with per-version
// schemas, subresources and printer columns hoisted to the top level when all versions carry the
// same ones; error paths follow that (`spec.validation.openAPIV3Schema...` for a one-version CRD).
import type {
  CustomResourceDefinition,
  CustomResourceDefinitionVersion,
} from 'kubernetes-types/apiextensions/v1.d.ts';
import { isDNS1035Label, isDNS1123Subdomain, nameIsDNSSubdomain } from '../../machinery/validation/names.ts';
import {
  type FieldError,
  forbidden,
  immutableError,
  invalid,
  notSupported,
  required,
} from '../internal/field-errors.ts';
import { child, index, key } from '../internal/field-paths.ts';
import type { JsonObject } from '../internal/loose-json.ts';
import { semanticEqual } from '../internal/semantic.ts';
import type { Obj } from '../internal/types.ts';
import { validateCrdSchema } from './schema-validation.ts';

export type Crd = Obj<CustomResourceDefinition>;

export const API_APPROVED_ANNOTATION = 'api-approved.kubernetes.io';
const COLUMN_TYPES = ['boolean', 'date', 'integer', 'number', 'string'];
const COLUMN_FORMATS = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];
const CONVERSION_REVIEW_VERSIONS = ['v1', 'v1beta1'];

/** Which per-version fields upstream's conversion hoists to the top level (identical in all versions). */
export function hoisted(versions: CustomResourceDefinitionVersion[]): {
  schema: boolean;
  subresources: boolean;
  columns: boolean;
} {
  const same = (f: (v: CustomResourceDefinitionVersion) => unknown) =>
    versions.length > 0 && versions.every((v) => semanticEqual(f(v), f(versions[0]!)));
  return {
    schema: same((v) => v.schema),
    subresources: same((v) => v.subresources),
    columns: same((v) => v.additionalPrinterColumns),
  };
}

const joinErrs = (errs: string[]) => errs.join(',');

function validateNames(names: JsonObject, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const label = (v: string) => isDNS1035Label(v);
  if (names.plural && label(names.plural).length)
    errs.push(invalid(child(path, 'plural'), names.plural, joinErrs(label(names.plural))));
  if (names.singular && label(names.singular).length)
    errs.push(invalid(child(path, 'singular'), names.singular, joinErrs(label(names.singular))));
  for (const k of ['kind', 'listKind']) {
    const v = names[k];
    if (v && label(String(v).toLowerCase()).length) {
      errs.push(
        invalid(
          child(path, k),
          v,
          `may have mixed case, but should otherwise match: ${joinErrs(label(String(v).toLowerCase()))}`,
        ),
      );
    }
  }
  (names.shortNames ?? []).forEach((s: string, i: number) => {
    if (label(s).length) errs.push(invalid(index(child(path, 'shortNames'), i), s, joinErrs(label(s))));
  });
  if (names.kind && names.kind === names.listKind)
    errs.push(invalid(child(path, 'listKind'), names.listKind, 'kind and listKind may not be the same'));
  (names.categories ?? []).forEach((c: string, i: number) => {
    if (label(c).length) errs.push(invalid(index(child(path, 'categories'), i), c, joinErrs(label(c))));
  });
  return errs;
}

function validateSimpleJSONPath(s: string, path: string): FieldError[] {
  if (!s) return [invalid(path, s, 'must not be empty')];
  if (s[0] !== '.') return [invalid(path, s, 'must be a simple json path starting with .')];
  return [];
}

function validateColumn(col: JsonObject, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const types = `must be one of ${COLUMN_TYPES.join(',')}`;
  if (!col.name) errs.push(required(child(path, 'name')));
  if (!col.type) errs.push(required(child(path, 'type'), types));
  else if (!COLUMN_TYPES.includes(col.type)) errs.push(invalid(child(path, 'type'), col.type, types));
  if (col.format && !COLUMN_FORMATS.includes(col.format))
    errs.push(invalid(child(path, 'format'), col.format, `must be one of ${COLUMN_FORMATS.join(',')}`));
  // Upstream's internal field is JSONPath (v1 spells it jsonPath).
  if (!col.jsonPath) errs.push(required(child(path, 'JSONPath')));
  else errs.push(...validateSimpleJSONPath(col.jsonPath, child(path, 'JSONPath')));
  return errs;
}

function validateSubresources(sub: JsonObject | undefined, path: string): FieldError[] {
  const scale = sub?.scale;
  if (!scale) return [];
  const errs: FieldError[] = [];
  const check = (value: string | undefined, name: string, prefixes: string[], under: string) => {
    const p = `${path}.scale.${name}`;
    if (!value) return errs.push(required(p));
    const e = validateSimpleJSONPath(value, p);
    if (e.length) errs.push(...e);
    else if (!prefixes.some((pre) => value.startsWith(pre)))
      errs.push(invalid(p, value, `should be a json path under ${under}`));
  };
  check(scale.specReplicasPath, 'specReplicasPath', ['.spec.'], '.spec');
  check(scale.statusReplicasPath, 'statusReplicasPath', ['.status.'], '.status');
  if (scale.labelSelectorPath) {
    const p = `${path}.scale.labelSelectorPath`;
    const e = validateSimpleJSONPath(scale.labelSelectorPath, p);
    if (e.length) errs.push(...e);
    else if (
      !scale.labelSelectorPath.startsWith('.spec.') &&
      !scale.labelSelectorPath.startsWith('.status.')
    ) {
      errs.push(invalid(p, scale.labelSelectorPath, 'should be a json path under either .spec or .status'));
    }
  }
  return errs;
}

function validateConversion(conversion: JsonObject | undefined, path: string): FieldError[] {
  if (!conversion) return [];
  const errs: FieldError[] = [];
  const strategy = conversion.strategy ?? '';
  if (!strategy) errs.push(required(child(path, 'strategy')));
  else if (!['None', 'Webhook'].includes(strategy))
    errs.push(notSupported(child(path, 'strategy'), strategy, ['None', 'Webhook']));
  const webhook = conversion.webhook;
  if (strategy === 'Webhook') {
    const cc = webhook?.clientConfig;
    const ccPath = child(path, 'webhookClientConfig');
    if (!cc) errs.push(required(ccPath, 'required when strategy is set to Webhook'));
    else if ((cc.url === undefined) === (cc.service === undefined))
      errs.push(required(ccPath, 'exactly one of url or service is required'));
    else if (cc.url !== undefined) {
      let u: URL | undefined;
      try {
        u = new URL(cc.url);
      } catch {
        errs.push(invalid(child(ccPath, 'url'), cc.url, 'must be a valid URL'));
      }
      if (u && u.protocol !== 'https:')
        errs.push(invalid(child(ccPath, 'url'), cc.url, "'https' is the only allowed URL scheme"));
    } else {
      const svc = cc.service;
      if (!svc.name) errs.push(required(child(ccPath, 'service', 'name'), 'service name is required'));
      if (!svc.namespace)
        errs.push(required(child(ccPath, 'service', 'namespace'), 'service namespace is required'));
    }
    const versions: string[] = webhook?.conversionReviewVersions ?? [];
    const vPath = child(path, 'conversionReviewVersions');
    if (!versions.length) errs.push(required(vPath));
    else {
      const seen = new Set<string>();
      versions.forEach((v, i) => {
        if (seen.has(v)) {
          errs.push(invalid(index(vPath, i), v, 'duplicate version'));
          return;
        }
        seen.add(v);
        for (const m of isDNS1035Label(v)) errs.push(invalid(index(vPath, i), v, m));
      });
      if (!versions.some((v) => CONVERSION_REVIEW_VERSIONS.includes(v))) {
        errs.push(
          invalid(vPath, versions, `must include at least one of ${CONVERSION_REVIEW_VERSIONS.join(', ')}`),
        );
      }
    }
  } else if (webhook) {
    if (webhook.clientConfig)
      errs.push(
        forbidden(
          child(path, 'webhookClientConfig'),
          'should not be set when strategy is not set to Webhook',
        ),
      );
    if ((webhook.conversionReviewVersions ?? []).length) {
      errs.push(
        forbidden(
          child(path, 'conversionReviewVersions'),
          'should not be set when strategy is not set to Webhook',
        ),
      );
    }
  }
  return errs;
}

/** The storedVersions rule: at least one, the storage version among them, all of them in spec.versions. */
function validateStoredVersions(crd: Crd): FieldError[] {
  const stored = crd.status?.storedVersions ?? [];
  const path = 'status.storedVersions';
  if (!stored.length) return [invalid(path, stored, 'must have at least one stored version')];
  const errs: FieldError[] = [];
  const remaining = new Map(stored.map((v, i) => [v, i]));
  for (const v of crd.spec?.versions ?? []) {
    if (v.storage && !remaining.has(v.name))
      errs.push(invalid(path, stored, `must have the storage version ${v.name}`));
    remaining.delete(v.name);
  }
  for (const [v, i] of remaining) errs.push(invalid(index(path, i), v, 'must appear in spec.versions'));
  return errs;
}

function isProtectedGroup(group: string): boolean {
  return (
    group === 'k8s.io' ||
    group.endsWith('.k8s.io') ||
    group === 'kubernetes.io' ||
    group.endsWith('.kubernetes.io')
  );
}

/** `GetAPIApprovalState`. */
function approvalState(annotations: Record<string, string> | undefined): { state: string; reason: string } {
  const a = annotations?.[API_APPROVED_ANNOTATION] ?? '';
  if (!a)
    return {
      state: 'Missing',
      reason: `protected groups must have approval annotation "${API_APPROVED_ANNOTATION}", see https://github.com/kubernetes/enhancements/pull/1111`,
    };
  if (a.startsWith('unapproved')) return { state: 'Bypassed', reason: `not approved: "${a}"` };
  try {
    const u = new URL(a);
    if (u.host && u.protocol) return { state: 'Approved', reason: `approved in ${a}` };
  } catch {
    // not a URL
  }
  return {
    state: 'Invalid',
    reason: `protected groups must have approval annotation "${API_APPROVED_ANNOTATION}" with either a URL or a reason starting with "unapproved", see https://github.com/kubernetes/enhancements/pull/1111`,
  };
}

function validateApproval(crd: Crd, old?: Crd): FieldError[] {
  if (!isProtectedGroup(crd.spec?.group ?? '')) return [];
  const now = approvalState(crd.metadata?.annotations);
  if (old && approvalState(old.metadata?.annotations).state === now.state) return [];
  const path = key('metadata.annotations', API_APPROVED_ANNOTATION);
  if (now.state === 'Missing') return [required(path, now.reason)];
  if (now.state === 'Invalid')
    return [invalid(path, crd.metadata?.annotations?.[API_APPROVED_ANNOTATION] ?? '', now.reason)];
  return [];
}

export function validateSpec(crd: Crd): FieldError[] {
  const spec: JsonObject = crd.spec ?? {};
  const errs: FieldError[] = [];
  const group: string = spec.group ?? '';
  if (!group) errs.push(required('spec.group'));
  else if (isDNS1123Subdomain(group).length)
    errs.push(invalid('spec.group', group, joinErrs(isDNS1123Subdomain(group))));
  else if (group.split('.').length < 2)
    errs.push(invalid('spec.group', group, 'should be a domain with at least one dot'));
  if (!spec.scope) errs.push(required('spec.scope'));
  else if (!['Cluster', 'Namespaced'].includes(spec.scope))
    errs.push(notSupported('spec.scope', spec.scope, ['Cluster', 'Namespaced']));

  const versions: CustomResourceDefinitionVersion[] = spec.versions ?? [];
  const top = hoisted(versions);
  const schemaPath = (i: number) => (top.schema ? 'spec.validation' : `spec.versions[${i}].schema`);
  if (!versions[0]?.schema?.openAPIV3Schema || !top.schema) {
    versions.forEach((v, i) => {
      if (!v.schema?.openAPIV3Schema)
        errs.push(required(`spec.versions[${i}].schema.openAPIV3Schema`, 'schemas are required'));
    });
  }
  const hasDefaults = JSON.stringify(versions.map((v) => v.schema ?? null)).includes('"default"');
  if (hasDefaults && spec.preserveUnknownFields) {
    errs.push(
      invalid('spec.preserveUnknownFields', true, 'must be false in order to use defaults in the schema'),
    );
  }
  let storage = 0;
  const names = new Set<string>();
  let unique = true;
  versions.forEach((v, i) => {
    if (v.storage) storage++;
    if (names.has(v.name)) unique = false;
    names.add(v.name);
    const e = isDNS1035Label(v.name ?? '');
    if (e.length) errs.push(invalid(`spec.versions[${i}].name`, v.name ?? '', joinErrs(e)));
    if (!v.deprecated && v.deprecationWarning !== undefined) {
      errs.push(
        invalid(
          `spec.versions[${i}].deprecationWarning`,
          v.deprecationWarning,
          'can only be set for deprecated versions',
        ),
      );
    }
    if (!top.schema && v.schema?.openAPIV3Schema) {
      const statusEnabled = !!(top.subresources ? versions[0]?.subresources : v.subresources)?.status;
      errs.push(
        ...validateCrdSchema(
          v.schema.openAPIV3Schema as JsonObject,
          `${schemaPath(i)}.openAPIV3Schema`,
          statusEnabled,
        ),
      );
    }
    if (!top.subresources)
      errs.push(...validateSubresources(v.subresources, `spec.versions[${i}].subresources`));
    if (!top.columns) {
      (v.additionalPrinterColumns ?? []).forEach((c, j) => {
        errs.push(...validateColumn(c, index(`spec.versions[${i}].additionalPrinterColumns`, j)));
      });
    }
  });
  if (!unique) errs.push(invalid('spec.versions', versions, 'must contain unique version names'));
  if (storage !== 1)
    errs.push(invalid('spec.versions', versions, 'must have exactly one version marked as storage version'));

  const n: JsonObject = spec.names ?? {};
  for (const k of ['plural', 'singular', 'kind', 'listKind'])
    if (!n[k]) errs.push(required(`spec.names.${k}`));
  errs.push(...validateNames(n, 'spec.names'));
  if (top.schema && versions[0]?.schema?.openAPIV3Schema) {
    const statusEnabled = versions.some((v) => v.subresources?.status);
    errs.push(
      ...validateCrdSchema(
        versions[0].schema.openAPIV3Schema as JsonObject,
        'spec.validation.openAPIV3Schema',
        statusEnabled,
      ),
    );
  }
  if (top.subresources) errs.push(...validateSubresources(versions[0]?.subresources, 'spec.subresources'));
  if (top.columns) {
    (versions[0]?.additionalPrinterColumns ?? []).forEach((c, j) => {
      errs.push(...validateColumn(c, index('spec.additionalPrinterColumns', j)));
    });
  }
  if (spec.conversion && spec.conversion.strategy !== 'None' && spec.preserveUnknownFields) {
    errs.push(
      invalid(
        'spec.conversion.strategy',
        spec.conversion.strategy,
        'must be None if spec.preserveUnknownFields is true',
      ),
    );
  }
  errs.push(...validateConversion(spec.conversion, 'spec.conversion'));
  return errs;
}

function validateStatusNames(crd: Crd): FieldError[] {
  return validateNames(crd.status?.acceptedNames ?? {}, 'status.acceptedNames');
}

/** apiextensions/v1 no longer lets a CRD preserve unknown fields at the top level. */
const preserveUnknownFieldsError = (): FieldError =>
  invalid(
    'spec.preserveUnknownFields',
    true,
    'cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead',
  );

/** `ValidateCustomResourceDefinition`. */
export function validateCrd(crd: Crd): FieldError[] {
  const errs: FieldError[] = [];
  const name = crd.metadata?.name ?? '';
  const wanted = `${crd.spec?.names?.plural ?? ''}.${crd.spec?.group ?? ''}`;
  if (name) {
    for (const m of nameIsDNSSubdomain(name, false)) errs.push(invalid('metadata.name', name, m));
    if (name !== wanted)
      errs.push(invalid('metadata.name', name, 'must be spec.names.plural+"."+spec.group'));
  }
  errs.push(
    ...validateSpec(crd),
    ...validateStatusNames(crd),
    ...validateStoredVersions(crd),
    ...validateApproval(crd),
  );
  if (crd.spec?.preserveUnknownFields) errs.push(preserveUnknownFieldsError());
  return errs;
}

/** `ValidateCustomResourceDefinitionUpdate`. */
export function validateCrdUpdate(crd: Crd, old: Crd): FieldError[] {
  const errs = validateSpec(crd);
  const established = (old.status?.conditions ?? []).some(
    (c) => c.type === 'Established' && c.status === 'True',
  );
  if (established) {
    if (crd.spec?.scope !== old.spec?.scope) errs.push(immutableError('spec.scope', crd.spec?.scope ?? ''));
    if (crd.spec?.names?.kind !== old.spec?.names?.kind)
      errs.push(immutableError('spec.names.kind', crd.spec?.names?.kind ?? ''));
  }
  if (crd.spec?.group !== old.spec?.group) errs.push(immutableError('spec.group', crd.spec?.group ?? ''));
  if (crd.spec?.names?.plural !== old.spec?.names?.plural)
    errs.push(immutableError('spec.names.plural', crd.spec?.names?.plural ?? ''));
  errs.push(...validateStatusNames(crd), ...validateStoredVersions(crd), ...validateApproval(crd, old));
  if (!old.spec?.preserveUnknownFields && crd.spec?.preserveUnknownFields)
    errs.push(preserveUnknownFieldsError());
  return errs;
}

/** `ValidateUpdateCustomResourceDefinitionStatus`. */
export const validateCrdStatus = (crd: Crd): FieldError[] => validateStatusNames(crd);
