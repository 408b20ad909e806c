// Downward API references, shared by env vars (`valueFrom.fieldRef/resourceFieldRef`) and
// downwardAPI volume files: which pod fields and container resources may be exposed.
import { type FieldError, invalid, notSupported, required, sorted } from '../../internal/field-errors.ts';
import { child } from '../../internal/field-paths.ts';
import { parseJsonQuantity } from '../../internal/json-quantities.ts';
import { type JsonObject, str } from '../../internal/loose-json.ts';
import { validateQualifiedName } from '../../internal/meta.ts';

/** Fields a pod's downward API knows at all (v1), whatever the consumer allows. */
const CONVERTIBLE_FIELDS = new Set([
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.serviceAccountName',
  'spec.schedulerName',
  'status.phase',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]);

/** `fieldpath.SplitMaybeSubscriptedPath`: `metadata.labels['app']` → [`metadata.labels`, `app`]. */
export function splitSubscriptedPath(fieldPath: string): [string, string] | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const s = fieldPath.slice(0, -2);
  const at = s.indexOf("['");
  if (at <= 0) return undefined;
  return [s.slice(0, at), s.slice(at + 2)];
}

/** `ConvertDownwardAPIFieldLabel` for v1: the internal field path, or the error text. */
function convertFieldLabel(version: string, label: string): { path: string } | { error: string } {
  if (version !== 'v1') return { error: `unsupported pod version: ${version}` };
  const sub = splitSubscriptedPath(label);
  if (sub) {
    return sub[0] === 'metadata.annotations' || sub[0] === 'metadata.labels'
      ? { path: label }
      : { error: `field label does not support subscript: ${label}` };
  }
  if (label === 'spec.host') return { path: 'spec.nodeName' };
  return CONVERTIBLE_FIELDS.has(label) ? { path: label } : { error: `field label not supported: ${label}` };
}

/** `validateObjectFieldSelector` with the consumer's allowed field paths. */
export function validateObjectFieldSelector(
  ref: JsonObject,
  allowed: readonly string[],
  path: string,
): FieldError[] {
  if (!str(ref.apiVersion)) return [required(child(path, 'apiVersion'))];
  if (!str(ref.fieldPath)) return [required(child(path, 'fieldPath'))];
  const converted = convertFieldLabel(str(ref.apiVersion), str(ref.fieldPath));
  if ('error' in converted) {
    return [
      invalid(child(path, 'fieldPath'), ref.fieldPath, `error converting fieldPath: ${converted.error}`),
    ];
  }
  const sub = splitSubscriptedPath(converted.path);
  if (sub) {
    if (sub[0] === 'metadata.annotations') return validateQualifiedName(sub[1].toLowerCase(), path);
    if (sub[0] === 'metadata.labels') return validateQualifiedName(sub[1], path);
    return [invalid(path, sub[0], 'does not support subscript')];
  }
  if (!allowed.includes(converted.path))
    return [notSupported(child(path, 'fieldPath'), converted.path, sorted(allowed))];
  return [];
}

export const CONTAINER_RESOURCE_FIELDS = [
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
];
const HUGEPAGES_PREFIXES = ['requests.hugepages-', 'limits.hugepages-'];

/** `validateContainerResourceFieldSelector`; volume files must also name their container. */
export function validateContainerResourceFieldSelector(
  ref: JsonObject,
  path: string,
  volume: boolean,
): FieldError[] {
  const errs: FieldError[] = [];
  const resource = str(ref.resource);
  if (volume && !str(ref.containerName)) errs.push(required(child(path, 'containerName')));
  else if (!resource) errs.push(required(child(path, 'resource')));
  else if (
    !CONTAINER_RESOURCE_FIELDS.includes(resource) &&
    !HUGEPAGES_PREFIXES.some((p) => resource.startsWith(p))
  ) {
    errs.push(notSupported(child(path, 'resource'), resource, sorted(CONTAINER_RESOURCE_FIELDS)));
  }
  errs.push(...validateContainerResourceDivisor(resource, ref.divisor, path));
  return errs;
}

const BYTE_DIVISORS = ['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei'];
const BYTE_DIVISORS_TEXT = '1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei';

/** `validateContainerResourceDivisor`: a divisor must be a unit that suits the resource. */
export function validateContainerResourceDivisor(
  resource: string,
  divisor: unknown,
  path: string,
): FieldError[] {
  if (divisor === undefined || divisor === null) return [];
  const q = parseJsonQuantity(divisor);
  if (!q || q.isZero()) return [];
  const text = q.toString();
  const divisorPath = child(path, 'divisor');
  const errs: FieldError[] = [];
  if ((resource === 'limits.cpu' || resource === 'requests.cpu') && text !== '1m' && text !== '1') {
    errs.push(
      invalid(divisorPath, resource, "only divisor's values 1m and 1 are supported with the cpu resource"),
    );
  }
  if ((resource === 'limits.memory' || resource === 'requests.memory') && !BYTE_DIVISORS.includes(text)) {
    errs.push(
      invalid(
        divisorPath,
        resource,
        `only divisor's values ${BYTE_DIVISORS_TEXT} are supported with the memory resource`,
      ),
    );
  }
  if (
    (resource === 'limits.ephemeral-storage' || resource === 'requests.ephemeral-storage') &&
    !BYTE_DIVISORS.includes(text)
  ) {
    errs.push(
      invalid(
        divisorPath,
        resource,
        `only divisor's values ${BYTE_DIVISORS_TEXT} are supported with the local ephemeral storage resource`,
      ),
    );
  }
  if (HUGEPAGES_PREFIXES.some((p) => resource.startsWith(p)) && !BYTE_DIVISORS.includes(text)) {
    errs.push(
      invalid(
        divisorPath,
        resource,
        `only divisor's values ${BYTE_DIVISORS_TEXT} are supported with the hugepages resource`,
      ),
    );
  }
  return errs;
}
