// The pod-level validation entry points that other kinds reuse: pod templates (workloads), pod
// creation, the narrow rules of pod updates, and status updates. Metadata itself (name, labels,
// immutable uid…) is validated generically by the API server before these run.
import type { Pod, PodSpec, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { deepEqual } from '../../../machinery/json-value.ts';
import { isValidIP } from '../../../machinery/validation/ip.ts';
import { isDNS1123Subdomain } from '../../../machinery/validation/names.ts';
import {
  FIELD_IMMUTABLE_ERROR_MSG,
  type FieldError,
  forbidden,
  invalid,
  required,
} from '../../internal/field-errors.ts';
import { child, index, key } from '../../internal/field-paths.ts';
import { asObj, isObj, type JsonObject, list, str } from '../../internal/loose-json.ts';
import { validateAnnotations, validateLabels, validateQualifiedName } from '../../internal/meta.ts';
import { validateLocalDescendingPath } from './file-paths.ts';
import { validateContainerOnlyForPod } from './validate-containers.ts';
import { type PodSpecValidationOptions, validatePodSpec, validateTolerations } from './validate-pod-spec.ts';
import { forEachContainer } from './validate-security-context.ts';

export { type PodSpecValidationOptions, validatePodSpec, validateTolerations } from './validate-pod-spec.ts';

export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';
const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';
const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
const APPARMOR_CONTAINER_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const TOLERATIONS_ANNOTATION = 'scheduler.alpha.kubernetes.io/tolerations';

/** `ValidatePodSpecificAnnotations`: annotations that mean something to the pod machinery. */
export function validatePodSpecificAnnotations(
  annotations: unknown,
  spec: PodSpec,
  path: string,
): FieldError[] {
  const a: Record<string, string> = isObj(annotations) ? (annotations as Record<string, string>) : {};
  const s = asObj(spec);
  const errs: FieldError[] = [];
  if (MIRROR_POD_ANNOTATION in a && !str(s.nodeName)) {
    errs.push(
      invalid(
        key(path, MIRROR_POD_ANNOTATION),
        a[MIRROR_POD_ANNOTATION],
        'must set spec.nodeName if mirror pod annotation is set',
      ),
    );
  }
  if (a[TOLERATIONS_ANNOTATION]) {
    let tolerations: unknown;
    try {
      tolerations = JSON.parse(a[TOLERATIONS_ANNOTATION]);
    } catch (e) {
      errs.push(invalid(path, TOLERATIONS_ANNOTATION, (e as Error).message));
    }
    if (Array.isArray(tolerations))
      errs.push(...validateTolerations(tolerations, child(path, TOLERATIONS_ANNOTATION)));
  }
  if (POD_DELETION_COST_ANNOTATION in a) {
    const cost = a[POD_DELETION_COST_ANNOTATION]!;
    const n = Number(cost);
    if (!/^[+-]?\d+$/.test(cost) || n < -2147483648 || n > 2147483647) {
      errs.push(invalid(key(path, POD_DELETION_COST_ANNOTATION), cost, 'must be a 32bit integer'));
    }
  }
  for (const [k, v] of Object.entries(a)) {
    if (k === SECCOMP_POD_ANNOTATION || k.startsWith(SECCOMP_CONTAINER_ANNOTATION_PREFIX)) {
      errs.push(...validateSeccompAnnotation(v, child(path, k)));
    }
    if (k.startsWith(APPARMOR_CONTAINER_ANNOTATION_PREFIX)) {
      const container = k.slice(APPARMOR_CONTAINER_ANNOTATION_PREFIX.length);
      let found = false;
      forEachContainer(s, 'spec', (c) => {
        if (c.name === container) found = true;
      });
      if (!found) errs.push(invalid(key(path, k), container, 'container not found'));
      if (v !== '' && v !== 'runtime/default' && v !== 'unconfined' && !v.startsWith('localhost/')) {
        errs.push(invalid(key(path, k), v, `invalid AppArmor profile name: ${JSON.stringify(v)}`));
      }
    }
  }
  return errs;
}

function validateSeccompAnnotation(profile: string, path: string): FieldError[] {
  if (profile === 'runtime/default' || profile === 'docker/default' || profile === 'unconfined') return [];
  if (profile.startsWith('localhost/'))
    return validateLocalDescendingPath(profile.slice('localhost/'.length), path);
  return [invalid(path, profile, 'must be a valid seccomp profile')];
}

/**
 * `ValidatePodTemplateSpec`: a pod template as embedded in a workload. Note upstream reports the
 * template's labels and annotations at `<path>.labels`, not `<path>.metadata.labels`.
 */
export function validatePodTemplateSpec(
  template: PodTemplateSpec | undefined,
  path: string,
  opts: PodSpecValidationOptions = {},
): FieldError[] {
  const t = asObj(template);
  const meta = asObj(t.metadata);
  const spec = asObj(t.spec) as PodSpec;
  const errs = [
    ...validateLabels(meta.labels, child(path, 'labels')),
    ...validateAnnotations(meta.annotations, child(path, 'annotations')),
    ...validatePodSpecificAnnotations(meta.annotations, spec, child(path, 'annotations')),
    ...validatePodSpec(spec, child(path, 'spec'), opts),
  ];
  if (list(asObj(spec).ephemeralContainers).length > 0) {
    errs.push(
      forbidden(
        child(path, 'spec', 'ephemeralContainers'),
        'ephemeral containers not allowed in pod template',
      ),
    );
  }
  return errs;
}

/** `validatePodMetadataAndSpec`: what a pod must satisfy on create and after every update. */
export function validatePodMetadataAndSpec(pod: Pod, opts: PodSpecValidationOptions): FieldError[] {
  const meta = asObj(pod.metadata);
  const spec = asObj(pod.spec) as PodSpec;
  const s = spec as JsonObject;
  const errs = [
    ...validatePodSpecificAnnotations(meta.annotations, spec, child('metadata', 'annotations')),
    ...validatePodSpec(spec, 'spec', { ...opts, podMeta: { name: str(meta.name) }, resourceIsPod: true }),
  ];
  if (!str(s.serviceAccountName)) {
    list(s.volumes).forEach((v, vi) => {
      list(asObj(asObj(v).projected).sources).forEach((source, si) => {
        if (isObj(asObj(source).serviceAccountToken)) {
          errs.push(
            forbidden(
              child(
                index(child(index(child('spec', 'volumes'), vi), 'projected', 'sources'), si),
                'serviceAccountToken',
              ),
              'must not be specified when serviceAccountName is not set',
            ),
          );
        }
      });
    });
  }
  for (const field of ['containers', 'initContainers'] as const) {
    list(s[field]).forEach((c, i) => {
      errs.push(...validateContainerOnlyForPod(asObj(c), index(child('spec', field), i)));
    });
  }
  return errs;
}

/** `ValidatePodCreate` (without the generic ObjectMeta checks). */
export function validatePodCreate(pod: Pod): FieldError[] {
  const errs = validatePodMetadataAndSpec(pod, {});
  const s = asObj(pod.spec);
  if (list(s.ephemeralContainers).length > 0)
    errs.push(forbidden(child('spec', 'ephemeralContainers'), 'cannot be set on create'));
  if (str(s.nodeName) && list(s.schedulingGates).length > 0) {
    errs.push(
      forbidden(child('spec', 'nodeName'), 'cannot be set until all schedulingGates have been cleared'),
    );
  }
  return errs;
}

const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

/**
 * `ValidatePodUpdate` without the generic metadata checks: the new pod must be valid, and its spec
 * may only change container images, shorten activeDeadlineSeconds, add tolerations, remove
 * scheduling gates (and, while gated, add node selector terms).
 */
export function validatePodSpecUpdate(newPod: Pod, oldPod: Pod): FieldError[] {
  const errs = [...validatePodMetadataAndSpec(newPod, {}), ...validatePodAnnotationUpdates(newPod, oldPod)];
  const ns = asObj(newPod.spec);
  const os = asObj(oldPod.spec);
  for (const field of ['containers', 'initContainers'] as const) {
    const newContainers = list(ns[field]);
    if (newContainers.length !== list(os[field]).length) {
      errs.push(forbidden(child('spec', field), 'pod updates may not add or remove containers'));
      return errs;
    }
    newContainers.forEach((c, i) => {
      const image = str(asObj(c).image);
      const imagePath = child(index(child('spec', field), i), 'image');
      if (image === '') errs.push(required(imagePath));
      if (image.trim() !== image)
        errs.push(invalid(imagePath, image, 'must not have leading or trailing whitespace'));
    });
  }
  const adsPath = child('spec', 'activeDeadlineSeconds');
  if (ns.activeDeadlineSeconds != null) {
    const value = ns.activeDeadlineSeconds;
    if (value < 0 || value > 2147483647) {
      errs.push(invalid(adsPath, value, 'must be between 0 and 2147483647, inclusive'));
      return errs;
    }
    if (os.activeDeadlineSeconds != null && os.activeDeadlineSeconds < value) {
      errs.push(invalid(adsPath, value, 'must be less than or equal to previous value'));
      return errs;
    }
  } else if (os.activeDeadlineSeconds != null) {
    errs.push(invalid(adsPath, null, 'must not update from a positive integer to nil value'));
  }
  errs.push(...validateOnlyAddedTolerations(ns.tolerations, os.tolerations, child('spec', 'tolerations')));
  errs.push(
    ...validateOnlyDeletedSchedulingGates(
      ns.schedulingGates,
      os.schedulingGates,
      child('spec', 'schedulingGates'),
    ),
  );
  if (deepEqual(ns, os)) return errs;

  // Replace what may change with the old values; whatever still differs may not change.
  const munged: JsonObject = structuredClone(ns);
  for (const field of ['containers', 'initContainers'] as const) {
    list(munged[field]).forEach((c, i) => {
      if (isObj(c)) c.image = asObj(list(os[field])[i]).image;
    });
  }
  munged.activeDeadlineSeconds = os.activeDeadlineSeconds;
  munged.schedulingGates = os.schedulingGates;
  munged.tolerations = os.tolerations;
  if (
    typeof os.terminationGracePeriodSeconds === 'number' &&
    os.terminationGracePeriodSeconds < 0 &&
    munged.terminationGracePeriodSeconds === 1
  ) {
    munged.terminationGracePeriodSeconds = os.terminationGracePeriodSeconds;
  }
  if (list(os.schedulingGates).length > 0 && !deepEqual(munged.nodeSelector, os.nodeSelector)) {
    const oldSelector = asObj(os.nodeSelector);
    const newSelector = asObj(munged.nodeSelector);
    if (Object.entries(oldSelector).some(([k, v]) => newSelector[k] !== v)) {
      errs.push(
        invalid(
          child('spec', 'nodeSelector'),
          newSelector,
          'only additions to spec.nodeSelector are allowed (no mutations or deletions)',
        ),
      );
    }
    munged.nodeSelector = os.nodeSelector;
  }
  if (!deepEqual(munged, os)) {
    errs.push(
      forbidden(
        'spec',
        `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}\n${describeDiff(os, munged)}`,
      ),
    );
  }
  return errs;
}

/** A short listing of what differs, standing in for upstream's cmp.Diff output. */
function describeDiff(oldValue: unknown, newValue: unknown, path = 'spec', out: string[] = []): string {
  if (deepEqual(oldValue, newValue)) return out.join('\n');
  if (isObj(oldValue) && isObj(newValue)) {
    for (const k of new Set([...Object.keys(oldValue), ...Object.keys(newValue)]))
      describeDiff(oldValue[k], newValue[k], `${path}.${k}`, out);
  } else if (Array.isArray(oldValue) && Array.isArray(newValue) && oldValue.length === newValue.length) {
    oldValue.forEach((v, i) => {
      describeDiff(v, newValue[i], `${path}[${i}]`, out);
    });
  } else {
    out.push(
      `- ${path}: ${JSON.stringify(oldValue) ?? 'null'}`,
      `+ ${path}: ${JSON.stringify(newValue) ?? 'null'}`,
    );
  }
  return out.join('\n');
}

function validateOnlyAddedTolerations(
  newTolerations: unknown,
  oldTolerations: unknown,
  path: string,
): FieldError[] {
  for (const old of list(oldTolerations)) {
    const found = list(newTolerations).some((t) =>
      deepEqual({ ...asObj(old), tolerationSeconds: asObj(t).tolerationSeconds }, t),
    );
    if (!found)
      return [forbidden(path, 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return validateTolerations(newTolerations, path);
}

function validateOnlyDeletedSchedulingGates(
  newGates: unknown,
  oldGates: unknown,
  path: string,
): FieldError[] {
  const oldNames = new Set(list(oldGates).map((g) => str(asObj(g).name)));
  const errs: FieldError[] = [];
  list(newGates).forEach((g, i) => {
    const name = str(asObj(g).name);
    if (!oldNames.has(name)) {
      errs.push(
        forbidden(
          child(index(path, i), 'name'),
          `only deletion is allowed, but found new scheduling gate '${name}'`,
        ),
      );
    }
  });
  return errs;
}

/** `ValidatePodSpecificAnnotationUpdates`: mirror and AppArmor annotations are fixed at creation. */
export function validatePodAnnotationUpdates(newPod: Pod, oldPod: Pod): FieldError[] {
  const path = child('metadata', 'annotations');
  const na = asObj(newPod.metadata?.annotations);
  const oa = asObj(oldPod.metadata?.annotations);
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(oa)) {
    if (k in na && na[k] === v) continue;
    if (k.startsWith(APPARMOR_CONTAINER_ANNOTATION_PREFIX))
      errs.push(forbidden(key(path, k), 'may not remove or update AppArmor annotations'));
    if (k === MIRROR_POD_ANNOTATION)
      errs.push(forbidden(key(path, k), 'may not remove or update mirror pod annotation'));
  }
  for (const k of Object.keys(na)) {
    if (k in oa) continue;
    if (k.startsWith(APPARMOR_CONTAINER_ANNOTATION_PREFIX))
      errs.push(forbidden(key(path, k), 'may not add AppArmor annotations'));
    if (k === MIRROR_POD_ANNOTATION) errs.push(forbidden(key(path, k), 'may not add mirror pod annotation'));
  }
  return errs;
}

const SYSTEM_CONDITIONS = new Set(['PodScheduled', 'Ready', 'Initialized']);

/** `ValidatePodStatusUpdate` without the generic metadata checks. */
export function validatePodStatusUpdate(newPod: Pod, oldPod: Pod): FieldError[] {
  const errs = validatePodAnnotationUpdates(newPod, oldPod);
  const status = asObj(newPod.status);
  const oldStatus = asObj(oldPod.status);
  list(status.conditions).forEach((c, i) => {
    const type = str(asObj(c).type);
    // Upstream reports these under metadata.conditions (sic).
    if (!SYSTEM_CONDITIONS.has(type))
      errs.push(...validateQualifiedName(type, child(index(child('metadata', 'conditions'), i), 'Type')));
  });
  if (str(asObj(newPod.spec).nodeName) !== str(asObj(oldPod.spec).nodeName)) {
    errs.push(forbidden(child('status', 'nodeName'), 'may not be changed directly'));
  }
  const nominated = str(status.nominatedNodeName);
  if (nominated && nominated !== str(oldStatus.nominatedNodeName)) {
    errs.push(
      ...isDNS1123Subdomain(nominated).map((m) =>
        invalid(child('status', 'nominatedNodeName'), nominated, m),
      ),
    );
  }
  if ((status.qosClass ?? '') !== (oldStatus.qosClass ?? '')) {
    errs.push(invalid(child('status', 'qosClass'), status.qosClass ?? '', FIELD_IMMUTABLE_ERROR_MSG));
  }
  const oldSpec = asObj(oldPod.spec);
  const restartPolicy = str(oldSpec.restartPolicy);
  errs.push(
    ...validateContainerStateTransition(
      status.containerStatuses,
      oldStatus.containerStatuses,
      child('status', 'containerStatuses'),
      restartPolicy,
      () => false,
    ),
  );
  const restartable = new Set(
    list(oldSpec.initContainers)
      .filter((c) => asObj(c).restartPolicy === 'Always')
      .map((c) => str(asObj(c).name)),
  );
  errs.push(
    ...validateContainerStateTransition(
      status.initContainerStatuses,
      oldStatus.initContainerStatuses,
      child('status', 'initContainerStatuses'),
      restartPolicy,
      (name) => restartable.has(name),
    ),
  );
  errs.push(
    ...validateContainerStateTransition(
      status.ephemeralContainerStatuses,
      oldStatus.ephemeralContainerStatuses,
      child('status', 'ephemeralContainerStatuses'),
      'Never',
      () => false,
    ),
  );
  errs.push(...validateIPs(list(status.podIPs), child('status', 'podIPs')));
  const hostIPs = list(status.hostIPs);
  if (hostIPs.length > 0) {
    const first = str(asObj(hostIPs[0]).ip);
    if (str(status.hostIP) !== first)
      errs.push(
        invalid(child(index(child('status', 'hostIPs'), 0), 'ip'), first, 'must be equal to `hostIP`'),
      );
    errs.push(...validateIPs(hostIPs, child('status', 'hostIPs')));
  }
  return errs;
}

function validateContainerStateTransition(
  newStatuses: unknown,
  oldStatuses: unknown,
  path: string,
  restartPolicy: string,
  mayRestart: (name: string) => boolean,
): FieldError[] {
  if (restartPolicy === 'Always') return [];
  const errs: FieldError[] = [];
  list(oldStatuses).forEach((raw, i) => {
    const old = asObj(raw);
    const terminated = asObj(old.state).terminated;
    if (!isObj(terminated)) return;
    if (terminated.exitCode !== 0 && restartPolicy === 'OnFailure') return;
    if (mayRestart(str(old.name))) return;
    for (const n of list(newStatuses)) {
      if (str(asObj(n).name) === str(old.name) && !isObj(asObj(asObj(n).state).terminated)) {
        errs.push(
          forbidden(child(index(path, i), 'state'), 'may not be transitioned to non-terminated state'),
        );
      }
    }
  });
  return errs;
}

function validateIPs(ips: any[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  ips.forEach((entry, i) => {
    const ip = str(asObj(entry).ip);
    errs.push(...isValidIP(index(path, i), ip));
  });
  if (ips.length > 1) {
    const families = ips.map((e) => (str(asObj(e).ip).includes(':') ? 6 : 4));
    if (ips.length > 2 || families[0] === families[1]) {
      errs.push(invalid(path, ips, 'may specify no more than one IP for each IP family'));
    }
    const seen = new Set<string>();
    ips.forEach((entry, i) => {
      const ip = str(asObj(entry).ip);
      if (seen.has(ip)) errs.push({ type: 'FieldValueDuplicate', field: index(path, i), value: entry });
      seen.add(ip);
    });
  }
  return errs;
}
