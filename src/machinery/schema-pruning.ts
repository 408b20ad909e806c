// Pruning of custom resources: fields their structural schema does not declare are dropped,
// as upstream drops them when it decodes a request and when it reads from storage, unless a
// node says `x-kubernetes-preserve-unknown-fields: true`. The dropped paths are returned
// (written as strict field validation reports them: `spec.foo`, `spec.items[0].bar`).
// apiVersion, kind and metadata of the resource (and of embedded resources) are never pruned
// by the schema; their metadata keeps only ObjectMeta's fields.
import type { Schema } from './schema.ts';

export interface PruneOptions {
  /** The object is a whole resource: apiVersion, kind and metadata at its top are kept. */
  isResourceRoot?: boolean;
}

const META_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

/** The JSON fields of meta/v1 ObjectMeta. */
export const OBJECT_META_FIELDS = new Set([
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
]);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

class Pruner {
  readonly unknown: string[] = [];
  readonly metaUnknown: string[] = [];

  /** Drops unknown fields of an embedded or root `metadata` (upstream decodes it into ObjectMeta). */
  metadata(x: Record<string, unknown>, path: string): void {
    const meta = x.metadata;
    if (!isObject(meta)) return;
    for (const k of Object.keys(meta)) {
      if (OBJECT_META_FIELDS.has(k)) continue;
      this.metaUnknown.push(join(join(path, 'metadata'), k));
      delete meta[k];
    }
  }

  prune(x: unknown, s: Schema | undefined, path: string, embedded = false): void {
    if (s?.['x-kubernetes-preserve-unknown-fields']) {
      this.pruneDeclaredOnly(x, s, path, embedded);
      return;
    }
    if (Array.isArray(x)) {
      x.forEach((v, i) => {
        this.prune(v, s?.items, `${path}[${i}]`);
      });
      return;
    }
    if (!isObject(x)) return;
    if (!s) {
      for (const k of Object.keys(x)) {
        this.unknown.push(join(path, k));
        delete x[k];
      }
      return;
    }
    const isEmbedded = embedded || s['x-kubernetes-embedded-resource'] === true;
    if (isEmbedded) this.metadata(x, path);
    for (const [k, v] of Object.entries(x)) {
      if (isEmbedded && META_FIELDS.has(k)) continue;
      const prop = s.properties?.[k];
      if (prop) this.prune(v, prop, join(path, k));
      else if (s.additionalProperties !== undefined && s.additionalProperties !== false) {
        this.prune(
          v,
          typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined,
          join(path, k),
        );
      } else {
        if (!META_FIELDS.has(k) || path !== '') this.unknown.push(join(path, k));
        delete x[k];
      }
    }
  }

  /** Below `x-kubernetes-preserve-unknown-fields`: keep unknown fields, still prune the declared ones. */
  private pruneDeclaredOnly(x: unknown, s: Schema, path: string, embedded: boolean): void {
    if (Array.isArray(x)) {
      x.forEach((v, i) => {
        if (s.items) this.pruneDeclaredOnly(v, s.items, `${path}[${i}]`, false);
      });
      return;
    }
    if (!isObject(x)) return;
    const isEmbedded = embedded || s['x-kubernetes-embedded-resource'] === true;
    if (isEmbedded) this.metadata(x, path);
    for (const [k, v] of Object.entries(x)) {
      if (isEmbedded && META_FIELDS.has(k)) continue;
      const prop = s.properties?.[k];
      if (prop) this.prune(v, prop, join(path, k));
      else if (s.additionalProperties !== undefined && s.additionalProperties !== false) {
        this.prune(
          v,
          typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined,
          join(path, k),
        );
      }
    }
  }
}

/**
 * Prunes `obj` in place against `schema`; returns the paths of the fields dropped: unknown
 * metadata fields first, then the others in sorted order, as upstream's decoder lists them.
 */
export function pruneUnknownFields(
  obj: unknown,
  schema: Schema | undefined,
  options: PruneOptions = {},
): string[] {
  const pruner = new Pruner();
  if (options.isResourceRoot && isObject(obj)) {
    pruner.metadata(obj, '');
    const rootMeta = pruner.metaUnknown.splice(0);
    pruner.prune(obj, schema ?? {}, '', true);
    return [...rootMeta, ...[...pruner.unknown, ...pruner.metaUnknown].sort()];
  }
  pruner.prune(obj, schema, '');
  return [...pruner.unknown, ...pruner.metaUnknown].sort();
}
