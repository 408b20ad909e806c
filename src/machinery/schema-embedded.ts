// Objects embedded in a custom resource (`x-kubernetes-embedded-resource: true`, e.g. a pod
// template): upstream checks their apiVersion, kind and metadata as it checks a resource's own
// (objectmeta.Validate); names follow the path-segment rule since nothing stores them.
import type { ObjectMeta } from 'kubernetes-types/meta/v1.d.ts';
import type { Schema } from './schema.ts';
import type { FieldError } from './status.ts';
import { invalid, required } from './validation/field-errors.ts';
import { isDNS1035Label } from './validation/names.ts';
import { validateObjectMeta } from './validation/object-meta.ts';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jsonTypeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'object' ? 'object' : typeof v;
}

const STRING_FIELDS = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'creationTimestamp',
  'deletionTimestamp',
];
const STRING_MAPS = ['labels', 'annotations'];

/** The json.Unmarshal error upstream reports when metadata does not fit ObjectMeta, or undefined. */
export function objectMetaDecodeError(v: unknown): string | undefined {
  if (!isObject(v)) return `json: cannot unmarshal ${jsonTypeName(v)} into Go value of type v1.ObjectMeta`;
  for (const f of STRING_FIELDS) {
    const x = v[f];
    if (x !== undefined && x !== null && typeof x !== 'string')
      return `json: cannot unmarshal ${jsonTypeName(x)} into Go struct field ObjectMeta.${f} of type string`;
  }
  for (const f of STRING_MAPS) {
    const x = v[f];
    if (x === undefined || x === null) continue;
    if (!isObject(x))
      return `json: cannot unmarshal ${jsonTypeName(x)} into Go struct field ObjectMeta.${f} of type map[string]string`;
    for (const y of Object.values(x)) {
      if (y !== null && typeof y !== 'string')
        return `json: cannot unmarshal ${jsonTypeName(y)} into Go struct field ObjectMeta.${f} of type string`;
    }
  }
  for (const f of ['generation', 'deletionGracePeriodSeconds']) {
    const x = v[f];
    if (x !== undefined && x !== null && (typeof x !== 'number' || !Number.isInteger(x))) {
      return `json: cannot unmarshal ${jsonTypeName(x)} into Go struct field ObjectMeta.${f} of type int64`;
    }
  }
  for (const f of ['finalizers', 'ownerReferences', 'managedFields']) {
    const x = v[f];
    if (x !== undefined && x !== null && !Array.isArray(x))
      return `json: cannot unmarshal ${jsonTypeName(x)} into Go struct field ObjectMeta.${f} of type []`;
  }
  return undefined;
}

function validateEmbeddedResource(path: string, x: Record<string, unknown>): FieldError[] {
  const errs: FieldError[] = [];
  const at = (f: string) => (path ? `${path}.${f}` : f);
  if (!Object.hasOwn(x, 'apiVersion')) errs.push(required(at('apiVersion'), 'must not be empty'));
  if (!Object.hasOwn(x, 'kind')) errs.push(required(at('kind'), 'must not be empty'));
  for (const [k, v] of Object.entries(x)) {
    if (k === 'apiVersion') {
      if (typeof v !== 'string') errs.push(invalid(at(k), v, 'must be a string'));
      else if (v === '') errs.push(invalid(at(k), v, 'must not be empty'));
      else if (v !== '/' && (v.match(/\//g) ?? []).length > 1)
        errs.push(invalid(at(k), v, `unexpected GroupVersion string: ${v}`));
    } else if (k === 'kind') {
      if (typeof v !== 'string') errs.push(invalid(at(k), v, 'must be a string'));
      else if (v === '') errs.push(invalid(at(k), v, 'must not be empty'));
      else {
        const problems = isDNS1035Label(v.toLowerCase());
        if (problems.length)
          errs.push(
            invalid(at(k), v, `may have mixed case, but should otherwise match: ${problems.join(',')}`),
          );
      }
    } else if (k === 'metadata') {
      const decodeError = objectMetaDecodeError(v);
      if (decodeError) {
        errs.push(invalid(at(k), v, decodeError));
        continue;
      }
      const meta = { ...(v as ObjectMeta) };
      if (!meta.name) meta.name = 'fakename';
      errs.push(
        ...validateObjectMeta(
          meta,
          { namespaced: !!meta.namespace, nameRule: 'path-segment' },
          at('metadata'),
        ),
      );
    }
  }
  return errs;
}

function walk(path: string, x: unknown, s: Schema | undefined): FieldError[] {
  if (!s) return [];
  const errs: FieldError[] = [];
  if (Array.isArray(x)) {
    x.forEach((v, i) => {
      errs.push(...walk(`${path}[${i}]`, v, s.items));
    });
  } else if (isObject(x)) {
    if (s['x-kubernetes-embedded-resource']) errs.push(...validateEmbeddedResource(path, x));
    for (const [k, v] of Object.entries(x)) {
      const prop = s.properties?.[k];
      if (prop) errs.push(...walk(path ? `${path}.${k}` : k, v, prop));
      else if (typeof s.additionalProperties === 'object')
        errs.push(...walk(`${path}[${k}]`, v, s.additionalProperties));
    }
  }
  return errs;
}

/** upstream's objectmeta.Validate(nil, obj, schema, false): the embedded resources inside a custom resource. */
export function validateEmbeddedResources(obj: unknown, schema: Schema | undefined): FieldError[] {
  return walk('', obj, schema);
}
