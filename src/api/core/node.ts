// core/v1 Node: cluster-scoped, written by kubelets. Unlike other kinds a node may carry status on
// create; podCIDRs and providerID can be set once; taints are unique by key and effect.
import type { Node, Taint } from 'kubernetes-types/core/v1.d.ts';
import { isValidLabelValue } from '../../machinery/validation/names.ts';
import { TAINT_EFFECTS } from '../internal/enum-values.ts';
import {
  duplicate,
  type FieldError,
  forbidden,
  internalError,
  invalid,
  notSupported,
  required,
} from '../internal/field-errors.ts';
import { child, index } from '../internal/field-paths.ts';
import { noGeneration } from '../internal/generation.ts';
import { isDualStackCIDRs, isValidCIDR, parseCIDR } from '../internal/ip.ts';
import { quantityAt } from '../internal/json-quantities.ts';
import { validateLabelName } from '../internal/meta.ts';
import { clone } from '../internal/semantic.ts';
import { AGE_COLUMN, age, column, NAME_COLUMN } from '../internal/table.ts';
import { type Obj, writable } from '../internal/types.ts';
import type { ResourceStrategy } from '../strategy.ts';
import { validateResourceQuantityValue } from './internal/resource-names.ts';

type N = Obj<Node> & { spec?: { configSource?: unknown }; status?: { config?: unknown } };

const ROLE_LABEL_PREFIX = 'node-role.kubernetes.io/';
const ROLE_LABEL = 'kubernetes.io/role';

/** `validateNodeTaints` (upstream reports them under `metadata.taints`). */
export function validateTaints(taints: Taint[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Map<string, Set<string>>();
  taints.forEach((t, i) => {
    const p = index(path, i);
    errs.push(...validateLabelName(t.key ?? '', child(p, 'key')));
    const valueErrs = isValidLabelValue(t.value ?? '');
    if (valueErrs.length) errs.push(invalid(child(p, 'value'), t.value ?? '', valueErrs.join(';')));
    if (!t.effect) errs.push(required(child(p, 'effect')));
    else if (!TAINT_EFFECTS.includes(t.effect))
      errs.push(notSupported(child(p, 'effect'), t.effect, TAINT_EFFECTS));
    const keys = seen.get(t.effect ?? '') ?? new Set<string>();
    if (keys.has(t.key ?? '')) {
      errs.push({
        ...duplicate(p, t),
        detail: 'taints must be unique by key and effect pair',
        valueText: `core.Taint{Key:"${t.key ?? ''}", Value:"${t.value ?? ''}", Effect:"${t.effect ?? ''}", TimeAdded:<nil>}`,
      });
      return;
    }
    keys.add(t.key ?? '');
    seen.set(t.effect ?? '', keys);
  });
  return errs;
}

function validateResources(node: N): FieldError[] {
  const errs: FieldError[] = [];
  for (const which of ['capacity', 'allocatable'] as const) {
    for (const [name, value] of Object.entries(node.status?.[which] ?? {})) {
      const path = child('status', which, name);
      const q = quantityAt(value, path, errs);
      if (q) errs.push(...validateResourceQuantityValue(name, q, path));
    }
  }
  return errs;
}

function validateNode(node: N): FieldError[] {
  const errs: FieldError[] = [];
  if ((node.spec?.taints ?? []).length) errs.push(...validateTaints(node.spec!.taints!, 'metadata.taints'));
  errs.push(...validateResources(node));
  const cidrs = node.spec?.podCIDRs ?? [];
  if (cidrs.length) {
    const path = 'spec.podCIDRs';
    cidrs.forEach((c, i) => {
      errs.push(...isValidCIDR(index(path, i), c));
    });
    if (cidrs.length > 1) {
      if (cidrs.some((c) => !parseCIDR(c))) {
        errs.push(
          internalError(path, 'invalid PodCIDRs. failed to check with dual stack with error:invalid CIDR'),
        );
      }
      if (!isDualStackCIDRs(cidrs) || cidrs.length > 2) {
        errs.push(invalid(path, cidrs, 'may specify no more than one CIDR for each IP family'));
      }
      const seen = new Set<string>();
      cidrs.forEach((c, i) => {
        if (seen.has(c)) errs.push(duplicate(index(path, i), c));
        seen.add(c);
      });
    }
  }
  return errs;
}

function validateNodeUpdate(node: N, old: N): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validateResources(node));
  const seen = new Set<string>();
  (node.status?.addresses ?? []).forEach((a, i) => {
    const k = `${a.type}/${a.address}`;
    if (seen.has(k)) errs.push(duplicate(index('status.addresses', i), a));
    seen.add(k);
  });
  const oldCidrs = old.spec?.podCIDRs ?? [];
  const cidrs = node.spec?.podCIDRs ?? [];
  const cidrMsg = 'node updates may not change podCIDR except from "" to valid';
  if (oldCidrs.length) {
    if (oldCidrs.length !== cidrs.length) errs.push(forbidden('spec.podCIDRs', cidrMsg));
    else
      for (const [i, c] of oldCidrs.entries())
        if (c !== cidrs[i]) errs.push(forbidden('spec.podCIDRs', cidrMsg));
  }
  if (old.spec?.providerID && old.spec.providerID !== node.spec?.providerID) {
    errs.push(forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'));
  }
  if ((node.spec?.taints ?? []).length) errs.push(...validateTaints(node.spec!.taints!, 'metadata.taints'));
  if ((node.spec?.externalID ?? '') !== (old.spec?.externalID ?? ''))
    errs.push(forbidden('spec.externalID', 'may not be updated'));
  return errs;
}

/** The STATUS cell: Ready / NotReady / Unknown, plus SchedulingDisabled when cordoned. */
export function nodeStatus(node: N): string {
  const ready = (node.status?.conditions ?? []).find((c) => c.type === 'Ready');
  const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

/** The ROLES cell: `node-role.kubernetes.io/<role>` and `kubernetes.io/role=<role>` labels. */
export function nodeRoles(node: N): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith(ROLE_LABEL_PREFIX) && k.length > ROLE_LABEL_PREFIX.length)
      roles.add(k.slice(ROLE_LABEL_PREFIX.length));
    else if (k === ROLE_LABEL && v) roles.add(v);
  }
  return [...roles].sort().join(',') || '<none>';
}

const address = (node: N, type: string) =>
  node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
const orUnknown = (s: string | undefined) => s || '<unknown>';

export const nodeStrategy: ResourceStrategy<N> = {
  group: '',
  kind: 'Node',
  resource: 'nodes',
  singular: 'node',
  namespaced: false,
  versions: ['v1'],
  shortNames: ['no'],
  subresources: { status: true },
  generationChanged: noGeneration,

  defaults(node) {
    const spec = node.spec;
    if (spec?.podCIDR && !(spec.podCIDRs ?? []).length) spec.podCIDRs = [spec.podCIDR];
    if (spec?.podCIDRs?.length) spec.podCIDR = spec.podCIDRs[0];
    const status = node.status;
    if (status?.capacity && !status.allocatable) status.allocatable = { ...status.capacity };
  },

  prepareForCreate(node) {
    // Nodes may set every field on create, status included; only the retired dynamic config goes.
    if (node.spec) delete node.spec.configSource;
    if (node.status) delete node.status.config;
  },
  prepareForUpdate(node, old) {
    writable(node).status = clone(old.status);
    if (node.spec && !old.spec?.configSource) delete node.spec.configSource;
  },
  prepareForStatusUpdate(node, old) {
    node.spec = clone(old.spec);
    if (node.status && !old.status?.config) delete node.status.config;
  },

  validate: validateNode,
  // Upstream runs the create rules again on update, then the update-only ones.
  validateUpdate: (node, old) => [...validateNode(node), ...validateNodeUpdate(node, old)],
  validateStatusUpdate: validateNodeUpdate,

  warnings(node) {
    const w: string[] = [];
    if (node.spec?.configSource) w.push('spec.configSource: the config source feature is not supported');
    if (node.spec?.externalID)
      w.push('spec.externalID: this field is deprecated, and is unused by Kubernetes');
    return w;
  },

  selectableFields: (node) => ({ 'spec.unschedulable': String(node.spec?.unschedulable ?? false) }),

  table: {
    columns: [
      NAME_COLUMN,
      column('Status', 'The status of the node'),
      column('Roles', 'The roles of the node'),
      AGE_COLUMN,
      column('Version', 'Kubelet Version reported by the node.'),
      column('Internal-IP', 'List of addresses reachable to the node.', { priority: 1 }),
      column('External-IP', 'List of addresses reachable to the node.', { priority: 1 }),
      column(
        'OS-Image',
        'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).',
        { priority: 1 },
      ),
      column(
        'Kernel-Version',
        "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
        { priority: 1 },
      ),
      column(
        'Container-Runtime',
        'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).',
        { priority: 1 },
      ),
    ],
    row: (node, now) => [
      node.metadata?.name ?? '',
      nodeStatus(node),
      nodeRoles(node),
      age(node, now),
      node.status?.nodeInfo?.kubeletVersion ?? '',
      address(node, 'InternalIP'),
      address(node, 'ExternalIP'),
      orUnknown(node.status?.nodeInfo?.osImage),
      orUnknown(node.status?.nodeInfo?.kernelVersion),
      orUnknown(node.status?.nodeInfo?.containerRuntimeVersion),
    ],
  },
};
