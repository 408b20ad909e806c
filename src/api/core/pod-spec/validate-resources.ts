// Container resource requirements (`ValidateContainerResourceRequirements`): resource names,
// non-negative (and for extended resources integral) quantities, requests within limits, hugepages
// in whole pages, and claims that name an entry of `spec.resourceClaims`.

import { isDNS1123Label, isQualifiedName } from '../../../machinery/validation/names.ts';
import {
  duplicate,
  type FieldError,
  forbidden,
  invalid,
  invalidStringer,
  notFound,
  required,
} from '../../internal/field-errors.ts';
import { child, index, key } from '../../internal/field-paths.ts';
import { isObj, type JsonObject } from '../../internal/loose-json.ts';
import { parseQuantity, QUANTITY_FORMAT_ERROR, type Quantity, quantityString } from './quantity.ts';

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const STANDARD_RESOURCES = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'storage',
  'requests.storage',
  'services.nodeports',
  'services.loadbalancers',
]);
const INTEGER_RESOURCES = new Set([
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
]);

export const isHugePageResourceName = (name: string): boolean => name.startsWith('hugepages-');
export const isNativeResource = (name: string): boolean =>
  !name.includes('/') || name.includes('kubernetes.io/');

export function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

/** Resources that may be requested below their limit (not hugepages, not extended resources). */
export const isOvercommitAllowed = (name: string): boolean =>
  isNativeResource(name) && !isHugePageResourceName(name);

const isIntegerResourceName = (name: string): boolean =>
  INTEGER_RESOURCES.has(name) || isExtendedResourceName(name);

/** `validateContainerResourceName` (which, unlike `validateResourceName`, goes on after a malformed name). */
export function validateContainerResourceName(name: string, path: string): FieldError[] {
  // core.ResourceName prints through String(): unquoted.
  const errs = isQualifiedName(name).map((m) => invalidStringer(path, name, m));
  if (!name.includes('/')) {
    if (errs.length === 0 && !STANDARD_RESOURCES.has(name) && !isHugePageResourceName(name)) {
      errs.push(invalidStringer(path, name, 'must be a standard resource type or fully qualified'));
    }
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePageResourceName(name)) {
      errs.push(invalidStringer(path, name, 'must be a standard resource for containers'));
    }
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    errs.push(invalidStringer(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** `ValidateResourceQuantityValue`. */
export function validateResourceQuantityValue(name: string, q: Quantity, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (q.sign() < 0) errs.push(invalid(path, quantityString(q), 'must be greater than or equal to 0'));
  if (isIntegerResourceName(name) && q.scaledValueBig(-3) % 1000n !== 0n)
    errs.push(invalidStringer(path, quantityString(q), 'must be an integer'));
  return errs;
}

function hugePageError(name: string, q: Quantity): string | undefined {
  const pageSize = parseQuantity(name.slice('hugepages-'.length));
  if (pageSize && pageSize.sign() > 0 && q.scaledValueBig(0) % pageSize.scaledValueBig(0) === 0n)
    return undefined;
  return `${quantityString(q)} is not positive integer multiple of ${name}`;
}

/** Validates `resources` of a container (or a pod's overhead, as limits only). */
export function validateResourceRequirements(
  resources: unknown,
  podClaimNames: Set<string>,
  path: string,
): FieldError[] {
  const r: JsonObject = isObj(resources) ? resources : {};
  const limits: JsonObject = isObj(r.limits) ? r.limits : {};
  const requests: JsonObject = isObj(r.requests) ? r.requests : {};
  const limPath = child(path, 'limits');
  const reqPath = child(path, 'requests');
  const errs: FieldError[] = [];
  let limCpuOrMemory = false;
  let reqCpuOrMemory = false;
  let hugePages = false;
  const parsedLimits = new Map<string, Quantity>();
  for (const [name, raw] of Object.entries(limits)) {
    const fieldPath = key(limPath, name);
    errs.push(...validateContainerResourceName(name, fieldPath));
    const q = parseQuantity(raw);
    if (!q) {
      errs.push(invalid(fieldPath, raw, QUANTITY_FORMAT_ERROR));
      continue;
    }
    parsedLimits.set(name, q);
    errs.push(...validateResourceQuantityValue(name, q, fieldPath));
    if (isHugePageResourceName(name)) {
      hugePages = true;
      const msg = hugePageError(name, q);
      if (msg) errs.push(invalid(fieldPath, quantityString(q), msg));
    }
    if (name === 'cpu' || name === 'memory') limCpuOrMemory = true;
  }
  for (const [name, raw] of Object.entries(requests)) {
    const fieldPath = key(reqPath, name);
    errs.push(...validateContainerResourceName(name, fieldPath));
    const q = parseQuantity(raw);
    if (!q) {
      errs.push(invalid(fieldPath, raw, QUANTITY_FORMAT_ERROR));
      continue;
    }
    errs.push(...validateResourceQuantityValue(name, q, fieldPath));
    const limit = parsedLimits.get(name);
    if (limit) {
      const cmp = q.cmp(limit);
      if (cmp !== 0 && !isOvercommitAllowed(name)) {
        errs.push(
          invalid(reqPath, quantityString(q), `must be equal to ${name} limit of ${quantityString(limit)}`),
        );
      } else if (cmp > 0) {
        errs.push(
          invalid(
            reqPath,
            quantityString(q),
            `must be less than or equal to ${name} limit of ${quantityString(limit)}`,
          ),
        );
      }
    } else if (!isOvercommitAllowed(name) && !(name in limits)) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
    if (isHugePageResourceName(name)) {
      hugePages = true;
      const msg = hugePageError(name, q);
      if (msg) errs.push(invalid(fieldPath, quantityString(q), msg));
    }
    if (name === 'cpu' || name === 'memory') reqCpuOrMemory = true;
  }
  if (!limCpuOrMemory && !reqCpuOrMemory && hugePages)
    errs.push(forbidden(path, 'HugePages require cpu or memory'));
  errs.push(...validateResourceClaimNames(r.claims, podClaimNames, child(path, 'claims')));
  return errs;
}

function validateResourceClaimNames(claims: unknown, podClaimNames: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (Array.isArray(claims) ? claims : []).forEach((claim, i) => {
    const name = isObj(claim) && typeof claim.name === 'string' ? claim.name : '';
    const request = isObj(claim) && typeof claim.request === 'string' ? claim.request : '';
    if (name === '') {
      errs.push(required(index(path, i)));
      return;
    }
    if (names.has(name)) {
      errs.push(duplicate(index(path, i), name));
    } else {
      let entry = name;
      if (request !== '') {
        errs.push(
          ...isDNS1123Label(request).map((m) => invalid(child(index(path, i), 'request'), request, m)),
        );
        entry += `/${request}`;
      }
      if (names.has(entry)) errs.push(duplicate(index(path, i), entry));
      else if (request === '' && [...names].some((n) => n.startsWith(`${name}/`)))
        errs.push(duplicate(index(path, i), name));
      names.add(entry);
    }
    if (!podClaimNames.has(name)) {
      const known = [...podClaimNames].sort();
      const detail = `must be one of the names in pod.spec.resourceClaims${known.length === 0 ? ' which is empty' : `: ${known.join(', ')}`}`;
      errs.push({ ...notFound(index(path, i), name), detail });
    }
  });
  return errs;
}
