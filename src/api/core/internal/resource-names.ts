// Resource names of the core API (pkg/apis/core/helper and validation): which names are standard,
// which count in whole units, and the checks containers, quota, limit ranges, nodes and volumes
// share. The rules return their messages (`*Problems`) so that each caller can print the name the
// way its errors always have.
import { type Quantity, validateNonnegativeQuantity } from '../../../machinery/quantity.ts';
import { isQualifiedName } from '../../../machinery/validation/names.ts';
import { type FieldError, invalid, invalidEach } from '../../internal/field-errors.ts';

const STANDARD_CONTAINER = new Set(['cpu', 'memory', 'ephemeral-storage']);
const COUNTS = [
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
];
const COMPUTE = [
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
];
const STANDARD_QUOTA = new Set([...COMPUTE, 'requests.storage', ...COUNTS]);
const STANDARD = new Set([...COMPUTE, ...COUNTS, 'storage', 'requests.storage']);
const INTEGER = new Set(COUNTS);
const POD_COUNT = new Set(['pods']);
const POD_COMPUTE = new Set([
  'cpu',
  'memory',
  'limits.cpu',
  'limits.memory',
  'requests.cpu',
  'requests.memory',
]);
export const LIMIT_TYPES = ['Container', 'PersistentVolumeClaim', 'Pod'];

export const isHugePageResourceName = (n: string) => n.startsWith('hugepages-');
const isQuotaHugePageResourceName = (n: string) =>
  n.startsWith('hugepages-') || n.startsWith('requests.hugepages-');
export const isNativeResource = (n: string) => !n.includes('/') || n.includes('kubernetes.io/');

export function isExtendedResourceName(n: string): boolean {
  if (isNativeResource(n) || n.startsWith('requests.')) return false;
  return isQualifiedName(`requests.${n}`).length === 0;
}

export const isStandardResourceName = (n: string) => STANDARD.has(n) || isQuotaHugePageResourceName(n);
export const isStandardQuotaResourceName = (n: string) =>
  STANDARD_QUOTA.has(n) || isQuotaHugePageResourceName(n);
export const isStandardContainerResourceName = (n: string) =>
  STANDARD_CONTAINER.has(n) || isHugePageResourceName(n);
export const isIntegerResourceName = (n: string) => INTEGER.has(n) || isExtendedResourceName(n);
export const isOvercommitAllowed = (n: string) => isNativeResource(n) && !isHugePageResourceName(n);

/** `IsResourceQuotaScopeValidForResource`. */
export function isScopeValidForResource(scope: string, resource: string): boolean {
  switch (scope) {
    case 'Terminating':
    case 'NotTerminating':
    case 'NotBestEffort':
    case 'PriorityClass':
    case 'CrossNamespacePodAffinity':
      return POD_COUNT.has(resource) || POD_COMPUTE.has(resource);
    case 'BestEffort':
      return POD_COUNT.has(resource);
    default:
      return true;
  }
}

/** What `validateResourceName` finds wrong: a qualified name, and standard when unprefixed. */
export function resourceNameProblems(name: string): string[] {
  const problems = isQualifiedName(name);
  if (problems.length) return problems;
  if (!name.includes('/') && !isStandardResourceName(name)) {
    problems.push('must be a standard resource type or fully qualified');
  }
  return problems;
}

/**
 * What `validateContainerResourceName` finds wrong: the resource-name problems, then (even for a
 * malformed name) a standard container resource, or a native or extended one when prefixed.
 */
export function containerResourceNameProblems(name: string): string[] {
  const problems = resourceNameProblems(name);
  if (!name.includes('/')) {
    if (!isStandardContainerResourceName(name)) problems.push('must be a standard resource for containers');
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    problems.push("doesn't follow extended resource name standard");
  }
  return problems;
}

/** `validateResourceName`. */
export function validateResourceName(name: string, field: string): FieldError[] {
  return invalidEach(field, name, resourceNameProblems(name));
}

/** `validateContainerResourceName`. */
export function validateContainerResourceName(name: string, field: string): FieldError[] {
  return invalidEach(field, name, containerResourceNameProblems(name));
}

/** `ValidateResourceQuotaResourceName`. */
export function validateQuotaResourceName(name: string, field: string): FieldError[] {
  const errs = validateResourceName(name, field);
  if (!name.includes('/') && !isStandardQuotaResourceName(name)) {
    errs.push(invalid(field, name, 'must be a standard resource for quota'));
  }
  return errs;
}

export const NOT_INTEGER_ERROR_MSG = 'must be an integer';

/** True when a resource counted in whole units (pods, extended resources…) has a fractional amount. */
export function isFractionalForResource(resource: string, q: Quantity): boolean {
  return isIntegerResourceName(resource) && q.scaledValueBig(-3) % 1000n !== 0n;
}

/** `ValidateResourceQuantityValue`: non-negative, and whole for integer resources. */
export function validateResourceQuantityValue(resource: string, q: Quantity, field: string): FieldError[] {
  const errs = validateNonnegativeQuantity(q, field);
  if (isFractionalForResource(resource, q)) errs.push(invalid(field, q.toString(), NOT_INTEGER_ERROR_MSG));
  return errs;
}
