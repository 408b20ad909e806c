// Pure logic of the pod subresources that are more than a status split: pods/binding (the
// scheduler's placement) and pods/ephemeralcontainers (`kubectl debug`). The API server's handlers
// call these; they do no I/O.
import type { Binding, Pod } from 'kubernetes-types/core/v1.js';
import { deepEqual } from '../../machinery/json-value.ts';
import type { FieldError } from '../../machinery/status.ts';
import { forbidden, notSupported, required } from '../internal/field-errors.ts';
import {
  MIRROR_POD_ANNOTATION,
  validatePodAnnotationUpdates,
  validatePodMetadataAndSpec,
} from './pod-spec/validate.ts';

/** `ValidatePodBinding`: a binding targets a Node by name. */
export function validatePodBinding(binding: Binding): FieldError[] {
  const errs: FieldError[] = [];
  const target = binding.target ?? ({} as Binding['target']);
  if (target.kind && target.kind !== 'Node')
    errs.push(notSupported('target.kind', target.kind, ['Node', '<empty>']));
  if (!target.name) errs.push(required('target.name'));
  return errs;
}

/**
 * What an update through pods/ephemeralcontainers may change: the old pod with the new list of
 * ephemeral containers (upstream dropNonEphemeralContainerUpdates); everything else is ignored.
 */
export function prepareEphemeralContainersUpdate(pod: Pod, old: Pod): Pod {
  const next = structuredClone(old) as Pod & { spec: NonNullable<Pod['spec']> };
  next.spec.ephemeralContainers = structuredClone(pod.spec?.ephemeralContainers);
  // The client's resourceVersion guards the write (optimistic concurrency).
  const meta = next.metadata as { resourceVersion?: string } | undefined;
  if (meta && pod.metadata?.resourceVersion) meta.resourceVersion = pod.metadata.resourceVersion;
  return next;
}

/** `ValidatePodEphemeralContainersUpdate`: containers may be added, never changed or removed. */
export function validateEphemeralContainersUpdate(pod: Pod, old: Pod): FieldError[] {
  const errs = [...validatePodMetadataAndSpec(pod, {}), ...validatePodAnnotationUpdates(pod, old)];
  if (old.metadata?.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) {
    return [forbidden('', 'static pods do not support ephemeral containers')];
  }
  const byName = new Map((pod.spec?.ephemeralContainers ?? []).map((c) => [c.name, c]));
  for (const existing of old.spec?.ephemeralContainers ?? []) {
    const now = byName.get(existing.name);
    if (!now) {
      errs.push(
        forbidden(
          'spec.ephemeralContainers',
          `existing ephemeral containers ${JSON.stringify(existing.name)} may not be removed\n`,
        ),
      );
    } else if (!deepEqual(now, existing)) {
      errs.push(
        forbidden(
          'spec.ephemeralContainers',
          `existing ephemeral containers ${JSON.stringify(existing.name)} may not be changed\n`,
        ),
      );
    }
  }
  return errs;
}
