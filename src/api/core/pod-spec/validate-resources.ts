// Container resource requirements (`ValidateContainerResourceRequirements`): resource names,
// non-negative (and for extended resources integral) quantities, requests within limits, hugepages
// in whole pages, and claims that name an entry of `spec.resourceClaims`.
import { validateNonnegativeQuantity } from '../../../machinery/quantity.ts';
import { isDNS1123Label } from '../../../machinery/validation/names.ts';
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
import { parseJsonQuantity, QUANTITY_FORMAT_ERROR, type Quantity } from '../../internal/json-quantities.ts';
import { isObj, type JsonObject } from '../../internal/loose-json.ts';
import {
  containerResourceNameProblems,
  isFractionalForResource,
  isHugePageResourceName,
  isOvercommitAllowed,
  NOT_INTEGER_ERROR_MSG,
} from '../internal/resource-names.ts';

/** `validateContainerResourceName`; a container's errors print the name unquoted (core.ResourceName's String()). */
function validateContainerResourceName(name: string, path: string): FieldError[] {
  return containerResourceNameProblems(name).map((m) => invalidStringer(path, name, m));
}

/** `ValidateResourceQuantityValue`; the quantity prints unquoted in the "must be an integer" error. */
function validateResourceQuantityValue(name: string, q: Quantity, path: string): FieldError[] {
  const errs = validateNonnegativeQuantity(q, path);
  if (isFractionalForResource(name, q)) errs.push(invalidStringer(path, q.toString(), NOT_INTEGER_ERROR_MSG));
  return errs;
}

function hugePageError(name: string, q: Quantity): string | undefined {
  const pageSize = parseJsonQuantity(name.slice('hugepages-'.length));
  if (pageSize && pageSize.sign() > 0 && q.scaledValueBig(0) % pageSize.scaledValueBig(0) === 0n)
    return undefined;
  return `${q.toString()} is not positive integer multiple of ${name}`;
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
    const q = parseJsonQuantity(raw);
    if (!q) {
      errs.push(invalid(fieldPath, raw, QUANTITY_FORMAT_ERROR));
      continue;
    }
    parsedLimits.set(name, q);
    errs.push(...validateResourceQuantityValue(name, q, fieldPath));
    if (isHugePageResourceName(name)) {
      hugePages = true;
      const msg = hugePageError(name, q);
      if (msg) errs.push(invalid(fieldPath, q.toString(), msg));
    }
    if (name === 'cpu' || name === 'memory') limCpuOrMemory = true;
  }
  for (const [name, raw] of Object.entries(requests)) {
    const fieldPath = key(reqPath, name);
    errs.push(...validateContainerResourceName(name, fieldPath));
    const q = parseJsonQuantity(raw);
    if (!q) {
      errs.push(invalid(fieldPath, raw, QUANTITY_FORMAT_ERROR));
      continue;
    }
    errs.push(...validateResourceQuantityValue(name, q, fieldPath));
    const limit = parsedLimits.get(name);
    if (limit) {
      const cmp = q.cmp(limit);
      if (cmp !== 0 && !isOvercommitAllowed(name)) {
        errs.push(invalid(reqPath, q.toString(), `must be equal to ${name} limit of ${limit.toString()}`));
      } else if (cmp > 0) {
        errs.push(
          invalid(
            reqPath,
            q.toString(),
            `must be less than or equal to ${name} limit of ${limit.toString()}`,
          ),
        );
      }
    } else if (!isOvercommitAllowed(name) && !(name in limits)) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
    if (isHugePageResourceName(name)) {
      hugePages = true;
      const msg = hugePageError(name, q);
      if (msg) errs.push(invalid(fieldPath, q.toString(), msg));
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
