// The strategy of a custom resource, built from its CRD (upstream's customresource strategy and
// the schema coercion of its codec): names and scope from the accepted names, served versions
// with the storage version first, conversion "None" (only apiVersion changes; webhooks are not
// called), pruning and defaulting on every decode and read, validation against the OpenAPI v3
// schema with ratcheting on update, the status/scale split, printer columns and selectable fields.
//
// CEL rules (x-kubernetes-validations) are accepted in CRDs but not evaluated.
import type { CustomResourceDefinitionVersion } from 'kubernetes-types/apiextensions/v1.d.ts';
import type { Crd } from '../../api/apiextensions/custom-resource-definition.ts';
import {
  groupVersion,
  type KubeObject,
  type ResourceStrategy,
  type ScaleSubresource,
  type TableDefinition,
} from '../../api/strategy.ts';
import { goV } from '../../machinery/go-format.ts';
import { deepEqual } from '../../machinery/json-value.ts';
import { compileColumnPath, evaluateColumnPath, type JSONPathTemplate } from '../../machinery/jsonpath.ts';
import type { Schema } from '../../machinery/schema.ts';
import { applyDefaults, pruneDefaults, pruneNonNullableNulls } from '../../machinery/schema-defaulting.ts';
import { validateEmbeddedResources } from '../../machinery/schema-embedded.ts';
import { validateListSetsAndMaps } from '../../machinery/schema-list-types.ts';
import { pruneUnknownFields } from '../../machinery/schema-pruning.ts';
import { validateAgainstSchema } from '../../machinery/schema-validation.ts';
import { type FieldError, internalError, StatusError } from '../../machinery/status.ts';
import { compareVersions } from '../registry/resource-table.ts';
import { finalizerWarnings, validateScaleSpec, validateScaleStatus } from './custom-resource-checks.ts';
import { printerColumnsTable } from './printer-columns.ts';

/** What the API server needs to serve one CRD. */
export interface CustomResourceServing {
  strategy: ResourceStrategy;
  /** The version objects are stored in (may be a version that is not served). */
  storageVersion: string;
  /** The structural schema of each served version (for strict decoding, patches, OpenAPI). */
  schemas: Record<string, Schema>;
  /** The printer columns of each served version. */
  tables: Record<string, TableDefinition>;
  /** Warnings for requests to each deprecated version. */
  warnings: Record<string, string[]>;
}

/** upstream's defaultDeprecationWarning: names the most preferred served version that is not deprecated, if any. */
export function deprecationWarning(
  group: string,
  kind: string,
  deprecated: string,
  versions: readonly CustomResourceDefinitionVersion[],
): string {
  const message = `${group}/${deprecated} ${kind} is deprecated`;
  const better = versions
    .filter((v) => v.served && !v.deprecated && compareVersions(v.name, deprecated) < 0)
    .map((v) => v.name)
    .sort(compareVersions);
  return better.length ? `${message}; use ${group}/${better[0]} ${kind}` : message;
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

function scaleOf(v: CustomResourceDefinitionVersion | undefined): ScaleSubresource | undefined {
  const s = v?.subresources?.scale;
  if (!s) return undefined;
  return {
    specReplicasPath: s.specReplicasPath,
    statusReplicasPath: s.statusReplicasPath,
    ...(s.labelSelectorPath ? { labelSelectorPath: s.labelSelectorPath } : {}),
  };
}

function withoutMetadata(obj: KubeObject): Record<string, unknown> {
  const { metadata: _m, ...rest } = obj;
  return rest;
}

interface SelectableField {
  name: string;
  path: JSONPathTemplate | undefined;
}

function selectableFieldsOf(versions: CustomResourceDefinitionVersion[]): SelectableField[] {
  const seen = new Map<string, SelectableField>();
  for (const v of versions) {
    for (const f of v.selectableFields ?? []) {
      const name = f.jsonPath.replace(/^\./, '');
      if (seen.has(name)) continue;
      let path: JSONPathTemplate | undefined;
      try {
        path = compileColumnPath(f.jsonPath);
      } catch {
        path = undefined;
      }
      seen.set(name, { name, path });
    }
  }
  return [...seen.values()];
}

/**
 * The serving of `crd` with its accepted names, or undefined when nothing can be served (no
 * accepted plural or kind, no served version). `terminating`: creates are refused.
 */
export function customResourceServing(crd: Crd, terminating: boolean): CustomResourceServing | undefined {
  const spec = crd.spec;
  const names = crd.status?.acceptedNames;
  if (!spec || !names?.plural || !names.kind) return undefined;
  const group = spec.group;
  const all = spec.versions ?? [];
  const storage = all.find((v) => v.storage) ?? all[0];
  const served = all.filter((v) => v.served);
  if (!storage || served.length === 0) return undefined;
  const ordered = [...served.filter((v) => v === storage), ...served.filter((v) => v !== storage)];

  const allSchemas: Record<string, Schema> = {};
  for (const v of all) allSchemas[v.name] = pruneDefaults(clone((v.schema?.openAPIV3Schema ?? {}) as Schema));
  const storageSchema = allSchemas[storage.name]!;
  const statusSchema = storageSchema.properties?.status ?? {};
  const preserveUnknown = spec.preserveUnknownFields === true;
  const webhook = spec.conversion?.strategy === 'Webhook';
  const scale = scaleOf(storage);
  const hasStatus = storage.subresources?.status !== undefined;
  const selectable = selectableFieldsOf(served);
  const kind = names.kind;
  const plural = names.plural;

  /** What upstream's codec does to every object it decodes or reads: prune, drop bad nulls, default. */
  const coerce = (obj: KubeObject, version: string): void => {
    const schema = allSchemas[version];
    if (!schema) return;
    if (!preserveUnknown) {
      pruneUnknownFields(obj, schema, { isResourceRoot: true });
      pruneNonNullableNulls(obj, schema);
    }
    applyDefaults(obj, schema);
  };

  const schemaErrors = (obj: KubeObject, old?: KubeObject): FieldError[] => [
    ...validateAgainstSchema(obj, storageSchema, old ? { old } : {}),
    ...validateScaleSpec(obj, scale),
    ...validateScaleStatus(obj, scale),
    ...validateEmbeddedResources(obj, storageSchema),
  ];

  const strategy: ResourceStrategy = {
    group,
    kind,
    resource: plural,
    singular: names.singular || kind.toLowerCase(),
    namespaced: spec.scope === 'Namespaced',
    versions: ordered.map((v) => v.name),
    // Upstream's discovery lists custom resources' verbs in this order.
    verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
    ...(names.shortNames?.length ? { shortNames: names.shortNames } : {}),
    ...(names.categories?.length ? { categories: names.categories } : {}),
    subresources: { ...(hasStatus ? { status: true } : {}), ...(scale ? { scale } : {}) },
    tracksGeneration: true,
    returnDeletedObject: true,

    convert(obj, toVersion) {
      const from = (obj.apiVersion ?? '').split('/').pop() ?? '';
      if (webhook && from !== toVersion) {
        throw internalError(
          `conversion webhook for ${groupVersion(group, from)}, Kind=${kind} failed: conversion webhooks are not supported by this server (CRD ${crd.metadata?.name})`,
        );
      }
      coerce(obj, from);
      obj.apiVersion = groupVersion(group, toVersion);
      coerce(obj, toVersion);
      return obj;
    },

    defaults(obj) {
      // Objects written back as read (scale, status) may still be in an older storage version: move them on.
      const from = (obj.apiVersion ?? '').split('/').pop() ?? '';
      if (from !== storage.name && allSchemas[from]) strategy.convert!(obj, storage.name);
      else coerce(obj, storage.name);
    },

    prepareForCreate(obj) {
      if (terminating) {
        throw new StatusError(
          405,
          'MethodNotAllowed',
          'create not allowed while custom resource definition is terminating',
          {
            group,
            kind: plural,
          },
        );
      }
      if (hasStatus) delete obj.status;
    },
    prepareForUpdate(obj, old) {
      if (!hasStatus) return;
      if (old.status !== undefined) obj.status = clone(old.status);
      else delete obj.status;
    },
    prepareForStatusUpdate(obj, old) {
      const { status, apiVersion } = obj;
      const managedFields = obj.metadata?.managedFields;
      for (const k of Object.keys(obj)) delete obj[k];
      Object.assign(obj, clone(old));
      obj.apiVersion = apiVersion;
      if (managedFields !== undefined) obj.metadata!.managedFields = managedFields;
      else delete obj.metadata!.managedFields;
      if (status !== undefined) obj.status = status;
      else delete obj.status;
    },
    generationChanged(obj, old) {
      return !deepEqual(withoutMetadata(obj), withoutMetadata(old));
    },

    validate(obj) {
      return [...schemaErrors(obj), ...validateListSetsAndMaps(obj, storageSchema)];
    },
    validateUpdate(obj, old) {
      const listErrors = validateListSetsAndMaps(old, storageSchema).length
        ? []
        : validateListSetsAndMaps(obj, storageSchema);
      return [...schemaErrors(obj, old), ...listErrors];
    },
    validateStatusUpdate(obj, old) {
      const errs: FieldError[] = [];
      if (obj.status !== undefined) {
        const ratchet = old.status !== undefined ? { old: old.status } : {};
        errs.push(...validateAgainstSchema(obj.status, statusSchema, { fieldPath: 'status', ...ratchet }));
      }
      errs.push(...validateScaleStatus(obj, scale));
      const listErrors = validateListSetsAndMaps(obj, storageSchema);
      if (listErrors.length && validateListSetsAndMaps(old, storageSchema).length === 0)
        errs.push(...listErrors);
      return errs;
    },
    warnings(obj, old) {
      return finalizerWarnings(obj, old);
    },

    selectableFields(obj) {
      const out: Record<string, string> = {};
      for (const f of selectable) {
        const value = f.path ? evaluateColumnPath(f.path, obj) : undefined;
        out[f.name] = value === undefined || value === null ? '' : goV(value);
      }
      return out;
    },
  };

  const tables: Record<string, TableDefinition> = {};
  const schemas: Record<string, Schema> = {};
  const warnings: Record<string, string[]> = {};
  for (const v of served) {
    tables[v.name] = printerColumnsTable(v.additionalPrinterColumns);
    schemas[v.name] = allSchemas[v.name]!;
    const warning = v.deprecated
      ? (v.deprecationWarning ?? deprecationWarning(group, spec.names.kind, v.name, all))
      : '';
    if (warning) warnings[v.name] = [warning];
  }
  strategy.table = printerColumnsTable(storage.additionalPrinterColumns);
  return { strategy, storageVersion: storage.name, schemas, tables, warnings };
}
