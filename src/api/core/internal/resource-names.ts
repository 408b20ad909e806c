// Resource names and quantities of the core API (pkg/apis/core/helper and validation): which names
// are standard, which count in whole units, and the checks quota, limit ranges, nodes and volumes
// share. Quantities arrive as JSON strings (or numbers) and are parsed with machinery's Quantity.
import { QUANTITY_FORMAT_ERROR, Quantity, tryParseQuantity } from '../../../machinery/quantity.ts';
import { isQualifiedName } from '../../../machinery/validation/names.ts';
import { type FieldError, invalid } from '../../internal/field-errors.ts';

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
export const QUOTA_SCOPES = [
  'BestEffort',
  'CrossNamespacePodAffinity',
  'NotBestEffort',
  'NotTerminating',
  'PriorityClass',
  'Terminating',
];
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

/** `validateResourceName`: a qualified name, and standard when unprefixed. */
export function validateResourceName(name: string, field: string): FieldError[] {
  const errs = isQualifiedName(name).map((m) => invalid(field, name, m));
  if (errs.length) return errs;
  if (!name.includes('/') && !isStandardResourceName(name)) {
    errs.push(invalid(field, name, 'must be a standard resource type or fully qualified'));
  }
  return errs;
}

/** `validateContainerResourceName`. */
export function validateContainerResourceName(name: string, field: string): FieldError[] {
  const errs = validateResourceName(name, field);
  if (!name.includes('/')) {
    if (!isStandardContainerResourceName(name))
      errs.push(invalid(field, name, 'must be a standard resource for containers'));
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    errs.push(invalid(field, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** `ValidateResourceQuotaResourceName`. */
export function validateQuotaResourceName(name: string, field: string): FieldError[] {
  const errs = validateResourceName(name, field);
  if (!name.includes('/') && !isStandardQuotaResourceName(name)) {
    errs.push(invalid(field, name, 'must be a standard resource for quota'));
  }
  return errs;
}

/** Parses a quantity field; an unparsable one is reported as upstream's decoder words it. */
export function quantityAt(value: unknown, field: string, errs: FieldError[]): Quantity | undefined {
  if (value === undefined || value === null) return undefined;
  const q = tryParseQuantity(String(value));
  if (!q) errs.push(invalid(field, value, QUANTITY_FORMAT_ERROR));
  return q;
}

/** `ValidateResourceQuantityValue`: non-negative, and whole for integer resources. */
export function validateResourceQuantityValue(resource: string, q: Quantity, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (q.sign() < 0) errs.push(invalid(field, q.toString(), 'must be greater than or equal to 0'));
  if (isIntegerResourceName(resource) && q.scaledValueBig(-3) % 1000n !== 0n) {
    errs.push(invalid(field, q.toString(), 'must be an integer'));
  }
  return errs;
}

/** The canonical string of a quantity field as upstream prints it (`Quantity.String()`). */
export function quantityText(value: unknown): string {
  if (value === undefined || value === null) return '0';
  return tryParseQuantity(String(value))?.toString() ?? String(value);
}

export { Quantity };
