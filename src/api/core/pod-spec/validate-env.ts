// Environment of a container (upstream ValidateEnv, validateEnvVarValueFrom, ValidateEnvFrom):
// variable names, and exactly one source for each value taken from elsewhere.

import {
  isConfigMapKey,
  isDNS1123Subdomain,
  isRelaxedEnvVarName,
} from '../../../machinery/validation/names.ts';
import { type FieldError, invalid, required } from '../../internal/field-errors.ts';
import { child, index } from '../../internal/field-paths.ts';
import { asObj, isObj, type JsonObject, list, str } from '../../internal/loose-json.ts';
import {
  validateContainerResourceFieldSelector,
  validateObjectFieldSelector,
} from './validate-downward-api.ts';

const ENV_FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];

export function validateEnv(env: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  list(env).forEach((raw, i) => {
    const ev = asObj(raw);
    const ePath = index(path, i);
    const name = str(ev.name);
    if (name === '') errs.push(required(child(ePath, 'name')));
    else errs.push(...isRelaxedEnvVarName(name).map((m) => invalid(child(ePath, 'name'), name, m)));
    errs.push(...validateEnvValueFrom(ev, child(ePath, 'valueFrom')));
  });
  return errs;
}

function validateEnvValueFrom(ev: JsonObject, path: string): FieldError[] {
  if (!isObj(ev.valueFrom)) return [];
  const from = ev.valueFrom;
  const errs: FieldError[] = [];
  let sources = 0;
  if (isObj(from.fieldRef)) {
    sources++;
    errs.push(...validateObjectFieldSelector(from.fieldRef, ENV_FIELD_PATHS, child(path, 'fieldRef')));
  }
  if (isObj(from.resourceFieldRef)) {
    sources++;
    errs.push(
      ...validateContainerResourceFieldSelector(
        from.resourceFieldRef,
        child(path, 'resourceFieldRef'),
        false,
      ),
    );
  }
  for (const kind of ['configMapKeyRef', 'secretKeyRef'] as const) {
    if (!isObj(from[kind])) continue;
    sources++;
    const ref = from[kind];
    const refPath = child(path, kind);
    const name = str(ref.name);
    errs.push(...isDNS1123Subdomain(name).map((m) => invalid(child(refPath, 'name'), name, m)));
    if (!str(ref.key)) errs.push(required(child(refPath, 'key')));
    else errs.push(...isConfigMapKey(ref.key).map((m) => invalid(child(refPath, 'key'), ref.key, m)));
  }
  if (sources === 0) {
    errs.push(
      invalid(
        path,
        '',
        'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      ),
    );
  } else if (str(ev.value) !== '') {
    errs.push(invalid(path, '', 'may not be specified when `value` is not empty'));
  } else if (sources > 1) {
    errs.push(invalid(path, '', 'may not have more than one field specified at a time'));
  }
  return errs;
}

/** `NameIsDNSSubdomain(name, true)`: a prefix may end in '-'. */
function prefixNameErrors(name: string): string[] {
  return isDNS1123Subdomain(name.endsWith('-') ? `${name.slice(0, -1)}a` : name);
}

export function validateEnvFrom(envFrom: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  list(envFrom).forEach((raw, i) => {
    const ev = asObj(raw);
    const ePath = index(path, i);
    if (str(ev.prefix))
      errs.push(...isRelaxedEnvVarName(ev.prefix).map((m) => invalid(child(ePath, 'prefix'), ev.prefix, m)));
    let sources = 0;
    for (const kind of ['configMapRef', 'secretRef'] as const) {
      if (!isObj(ev[kind])) continue;
      sources++;
      const name = str(ev[kind].name);
      if (!name) errs.push(required(child(ePath, kind, 'name')));
      else errs.push(...prefixNameErrors(name).map((m) => invalid(child(ePath, kind, 'name'), name, m)));
    }
    if (sources === 0) errs.push(invalid(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (sources > 1)
      errs.push(invalid(path, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}
