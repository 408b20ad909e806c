// The metric specs and statuses of autoscaling/v2 in the autoscaling/v1 annotation shape (the
// v2beta1-like MetricSpec/MetricStatus of k8s.io/api/autoscaling/v1), both ways, with keys in
// Go's JSON field order so the annotations read as upstream writes them.
//
// Specs and statuses mirror each other: a spec's v2 `target` block is flattened into v1
// `target*` fields, a status's `current` block into `current*` fields. Two things tell them
// apart, both from the Go types: a spec's target carries a `type`, and a few status values are
// plain (non-pointer) quantities that print as "0" when unset where the spec's are pointers.
import type { MetricSpec, MetricStatus } from 'kubernetes-types/autoscaling/v2.d.ts';
import type { JsonObject } from '../internal/loose-json.ts';

/** An object of the defined values only, in the given key order (Go's JSON field order). */
export function rec(entries: [string, unknown][]): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of entries) if (v !== undefined) out[k] = v;
  return out;
}

/** A spec's `target` or a status's `current`: the v2 block and the prefix of its v1 fields. */
type Side = 'target' | 'current';

/** The v2 field holding each source type's details. */
const SOURCE_FIELDS: Record<string, string> = {
  Object: 'object',
  Pods: 'pods',
  Resource: 'resource',
  ContainerResource: 'containerResource',
  External: 'external',
};

/** Values that are plain quantities only on the status side: "0" there, left out in specs. */
const statusZero = (side: Side, value: unknown) => (side === 'current' ? (value ?? '0') : value);

const ref = (r: JsonObject | undefined) =>
  rec([
    ['kind', r?.kind ?? ''],
    ['name', r?.name ?? ''],
    ['apiVersion', r?.apiVersion],
  ]);

const metric = (name: string, selector: unknown) =>
  rec([
    ['name', name ?? ''],
    ['selector', selector],
  ]);

// ---- v2 → v1 ----

function sourceToV1(type: string, src: JsonObject | undefined, side: Side): JsonObject {
  const v = src?.[side] ?? {};
  switch (type) {
    case 'Object':
      return rec([
        ['target', ref(src?.describedObject)],
        ['metricName', src?.metric?.name ?? ''],
        [`${side}Value`, v.value ?? '0'],
        ['selector', src?.metric?.selector],
        ['averageValue', v.averageValue],
      ]);
    case 'Pods':
      return rec([
        ['metricName', src?.metric?.name ?? ''],
        [`${side}AverageValue`, v.averageValue ?? '0'],
        ['selector', src?.metric?.selector],
      ]);
    case 'Resource':
    case 'ContainerResource':
      return rec([
        ['name', src?.name ?? ''],
        [`${side}AverageUtilization`, v.averageUtilization],
        [`${side}AverageValue`, statusZero(side, v.averageValue)],
        ['container', type === 'ContainerResource' ? (src?.container ?? '') : undefined],
      ]);
    default:
      return rec([
        ['metricName', src?.metric?.name ?? ''],
        ['metricSelector', src?.metric?.selector],
        [`${side}Value`, statusZero(side, v.value)],
        [`${side}AverageValue`, v.averageValue],
      ]);
  }
}

function metricToV1(m: MetricSpec | MetricStatus, side: Side): JsonObject {
  const field = SOURCE_FIELDS[m.type];
  if (!field) return { type: m.type };
  const src = (m as JsonObject)[field];
  return rec([
    ['type', m.type],
    [field, sourceToV1(m.type, src, side)],
  ]);
}

export const specToV1 = (m: MetricSpec): JsonObject => metricToV1(m, 'target');
export const statusToV1 = (m: MetricStatus): JsonObject => metricToV1(m, 'current');

// ---- v1 → v2 ----

/** The v2 value block; a spec's target leads with its type. */
function valueBlock(side: Side, specType: string, entries: [string, unknown][]): JsonObject {
  return rec(side === 'target' ? [['type', specType], ...entries] : entries);
}

function sourceFromV1(type: string, src: JsonObject, side: Side): JsonObject {
  switch (type) {
    case 'Object':
      return {
        describedObject: ref(src.target),
        metric: metric(src.metricName, src.selector),
        [side]: valueBlock(side, src.averageValue === undefined ? 'Value' : 'AverageValue', [
          ['value', src[`${side}Value`] ?? '0'],
          ['averageValue', src.averageValue],
        ]),
      };
    case 'Pods':
      return {
        metric: metric(src.metricName, src.selector),
        [side]: valueBlock(side, 'AverageValue', [['averageValue', src[`${side}AverageValue`] ?? '0']]),
      };
    case 'Resource':
    case 'ContainerResource': {
      const utilization = src[`${side}AverageUtilization`];
      const block = valueBlock(side, utilization === undefined ? 'AverageValue' : 'Utilization', [
        ['averageValue', statusZero(side, src[`${side}AverageValue`])],
        ['averageUtilization', utilization],
      ]);
      return type === 'Resource'
        ? { name: src.name ?? '', [side]: block }
        : { name: src.name ?? '', container: src.container ?? '', [side]: block };
    }
    default: {
      const value = src[`${side}Value`];
      return {
        metric: metric(src.metricName, src.metricSelector),
        [side]: valueBlock(side, value === undefined ? 'AverageValue' : 'Value', [
          ['value', statusZero(side, value)],
          ['averageValue', src[`${side}AverageValue`]],
        ]),
      };
    }
  }
}

function metricFromV1(m: JsonObject, side: Side): JsonObject {
  const field = SOURCE_FIELDS[m.type];
  if (!field) return { type: m.type };
  return { type: m.type, [field]: sourceFromV1(m.type, m[field] ?? {}, side) };
}

export const specFromV1 = (m: JsonObject): MetricSpec => metricFromV1(m, 'target') as MetricSpec;
export const statusFromV1 = (m: JsonObject): MetricStatus => metricFromV1(m, 'current') as MetricStatus;
