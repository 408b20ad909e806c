// apiextensions.k8s.io/v1 CustomResourceDefinition: the definition object only; serving the
// custom resources it declares is the API server's. Defaults and prepare steps as upstream's
// defaults.go and registry strategy (storedVersions gains the storage version, generation
// follows spec changes); `kubectl get crd` shows the default table, Name and Created At.

import { clone } from '../internal/semantic.ts';
import { createdAtTable } from '../internal/table.ts';
import { writable } from '../internal/types.ts';
import type { ResourceStrategy } from '../strategy.ts';
import { type Crd, validateCrd, validateCrdStatus, validateCrdUpdate } from './validation.ts';

export type { Crd } from './validation.ts';

/** Adds the storage version to status.storedVersions when it is not there yet. */
function recordStorageVersion(crd: Crd): void {
  const storage = crd.spec?.versions?.find((v) => v.storage);
  if (!storage) return;
  const status = writable(crd).status ?? {};
  const stored = status.storedVersions ?? [];
  if (!stored.includes(storage.name)) status.storedVersions = [...stored, storage.name];
  writable(crd).status = status;
}

export const customResourceDefinitionStrategy: ResourceStrategy<Crd> = {
  group: 'apiextensions.k8s.io',
  kind: 'CustomResourceDefinition',
  resource: 'customresourcedefinitions',
  singular: 'customresourcedefinition',
  namespaced: false,
  versions: ['v1'],
  shortNames: ['crd', 'crds'],
  categories: ['api-extensions'],
  subresources: { status: true },
  nameRule: 'custom',

  defaults(crd) {
    const spec = crd.spec;
    if (!spec) return;
    const names = spec.names;
    if (names) {
      if (!names.singular && names.kind) names.singular = names.kind.toLowerCase();
      if (!names.listKind && names.kind) names.listKind = `${names.kind}List`;
    }
    spec.conversion ??= { strategy: 'None' };
    const svc = spec.conversion.webhook?.clientConfig?.service;
    if (svc) svc.port ??= 443;
    if (crd.status && !(crd.status.storedVersions ?? []).length) recordStorageVersion(crd);
  },

  prepareForCreate(crd) {
    writable(crd).status = {} as Crd['status'];
    recordStorageVersion(crd);
  },
  prepareForUpdate(crd, old) {
    writable(crd).status = clone(old.status);
    recordStorageVersion(crd);
  },
  prepareForStatusUpdate(crd, old) {
    crd.spec = clone(old.spec);
  },

  validate: validateCrd,
  validateUpdate: validateCrdUpdate,
  validateStatusUpdate: validateCrdStatus,

  table: createdAtTable<Crd>(),
};
