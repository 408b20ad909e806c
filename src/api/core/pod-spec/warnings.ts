// Warnings upstream returns for pods and pod templates (pkg/api/pod/warnings.go): deprecated node
// labels, non-functional seccomp annotations, negative grace periods, fractional bytes, env vars
// that hide earlier ones. They travel in the `Warning` header; nothing is rejected.

import type { PodSpec, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { deepEqual } from '../../../machinery/json-value.ts';
import { child, index, key } from '../../internal/field-paths.ts';
import { parseJsonQuantity } from '../../internal/json-quantities.ts';
import { isObj, type JsonObject, objectList } from '../../internal/loose-json.ts';

const DEPRECATED_NODE_LABELS: Record<string, string> = {
  'beta.kubernetes.io/arch': 'deprecated since v1.14; use "kubernetes.io/arch" instead',
  'beta.kubernetes.io/os': 'deprecated since v1.14; use "kubernetes.io/os" instead',
  'failure-domain.beta.kubernetes.io/region':
    'deprecated since v1.17; use "topology.kubernetes.io/region" instead',
  'failure-domain.beta.kubernetes.io/zone':
    'deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
  'beta.kubernetes.io/instance-type':
    'deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
};

/** Warnings for a pod's (or template's) metadata and spec; `root` is '' for a pod, else the template path. */
export function podSpecWarnings(
  meta: ObjectMeta | undefined,
  spec: PodSpec | undefined,
  root: string,
): string[] {
  const s: JsonObject = isObj(spec) ? spec : {};
  const warnings: string[] = [];
  for (const k of Object.keys(isObj(s.nodeSelector) ? s.nodeSelector : {})) {
    const msg = DEPRECATED_NODE_LABELS[k];
    if (msg) warnings.push(`${key(child(root, 'spec', 'nodeSelector'), k)}: ${msg}`);
  }
  const annotations = meta?.annotations ?? {};
  if (!isObj(s.securityContext) || s.securityContext.seccompProfile == null) {
    const seccomp = 'seccomp.security.alpha.kubernetes.io/pod';
    if (seccomp in annotations) {
      warnings.push(
        `${key(child(root, 'metadata', 'annotations'), seccomp)}: non-functional in v1.27+; use the "seccompProfile" field instead`,
      );
    }
  }
  if (typeof s.terminationGracePeriodSeconds === 'number' && s.terminationGracePeriodSeconds < 0) {
    warnings.push(
      `${child(root, 'spec', 'terminationGracePeriodSeconds')}: must be >= 0; negative values are invalid and will be treated as 1`,
    );
  }
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
    objectList(s[field]).forEach((c, i) => {
      const cPath = index(child(root, 'spec', field), i);
      warnings.push(...containerWarnings(c, cPath));
    });
  }
  return warnings;
}

function containerWarnings(c: JsonObject, path: string): string[] {
  const warnings: string[] = [];
  const resources: JsonObject = isObj(c.resources) ? c.resources : {};
  for (const name of ['memory', 'ephemeral-storage']) {
    for (const kind of ['limits', 'requests']) {
      const raw = isObj(resources[kind]) ? resources[kind][name] : undefined;
      const q = raw === undefined ? undefined : parseJsonQuantity(raw);
      if (q && q.scaledValueBig(-3) % 1000n !== 0n) {
        warnings.push(
          `${key(child(path, 'resources', kind), name)}: fractional byte value "${q.toString()}" is invalid, must be an integer`,
        );
      }
    }
  }
  const seen = new Set<string>();
  objectList(c.env).forEach((item, i) => {
    const name = typeof item.name === 'string' ? item.name : '';
    if (!seen.has(name)) {
      seen.add(name);
      return;
    }
    const ref = `$(${name})`;
    const value = typeof item.value === 'string' ? item.value : '';
    if (item.valueFrom != null || value === ref || !value.includes(ref)) {
      warnings.push(
        `${index(child(path, 'env'), i)}: hides previous definition of ${JSON.stringify(name)}, which may be dropped when using apply`,
      );
    }
  });
  return warnings;
}

/** Warnings for a workload's template: on create, and on update only when the template changed. */
export function podTemplateWarnings(
  template: PodTemplateSpec | undefined,
  path: string,
  oldTemplate?: PodTemplateSpec,
): string[] {
  if (!isObj(template)) return [];
  if (oldTemplate !== undefined && deepEqual(template, oldTemplate)) return [];
  return podSpecWarnings(template.metadata, template.spec, path);
}
