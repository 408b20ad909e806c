// Objects between the wire and the registry: request bodies become storage-version objects
// (kind and apiVersion checked against the URL, converted), stored objects become the
// version the client asked for, and lists and tables take their wire shapes.
import { groupVersion, type KubeObject, type TableCell } from '../../api/strategy.ts';
import { badRequest } from '../../machinery/status.ts';
import type { OutputFormat } from '../negotiation.ts';
import type { ServedResource } from '../registry/resource-table.ts';

/** The object as served at `version`: converted from storage and tagged with apiVersion/kind. */
export function toVersion(obj: KubeObject, served: ServedResource, version: string): KubeObject {
  let out = obj;
  if (sharesStorage(served))
    out = served.strategy.convert!(structuredClone(obj), groupVersion(served.group, version));
  // Custom resources are converted on every read: it also prunes and defaults them (as upstream's codec does).
  else if ((version !== served.storageVersion || served.custom) && served.strategy.convert)
    out = served.strategy.convert(structuredClone(obj), version);
  const gv = groupVersion(served.group, version);
  if (out.apiVersion === gv && out.kind === served.kind) return out;
  return { apiVersion: gv, kind: served.kind, ...withoutTypeMeta(out) };
}

/**
 * A resource stored under another resource's keys (events.k8s.io Events live with core/v1 Events)
 * is kept in the owner's shape: its strategy converts to the full group/version it serves and to
 * the owner's shape, named `core/v1` (the only owner is a core resource).
 */
const STORAGE_OWNER_SHAPE = 'core/v1';

function sharesStorage(served: ServedResource): boolean {
  return served.strategy.storageResource !== undefined && served.strategy.convert !== undefined;
}

function withoutTypeMeta(obj: KubeObject): KubeObject {
  const { apiVersion: _a, kind: _k, ...rest } = obj;
  return rest;
}

/** A client object (decoded body) → the storage version, after checking its kind and version. */
export function fromClient(
  body: unknown,
  served: ServedResource,
  version: string,
  expectedKind = served.kind,
): KubeObject {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(body)}'`);
  }
  const obj = body as KubeObject;
  const gv = groupVersion(served.group, version);
  if (obj.apiVersion !== undefined && obj.apiVersion !== '' && obj.apiVersion !== gv) {
    throw badRequest(
      `the API version in the data (${obj.apiVersion}) does not match the expected API version (${gv})`,
    );
  }
  if (obj.kind !== undefined && obj.kind !== '' && obj.kind !== expectedKind) {
    throw badRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${expectedKind})`);
  }
  if (
    obj.metadata !== undefined &&
    (obj.metadata === null || typeof obj.metadata !== 'object' || Array.isArray(obj.metadata))
  ) {
    throw badRequest('metadata must be an object');
  }
  obj.apiVersion = gv;
  obj.kind = expectedKind;
  if (sharesStorage(served)) return served.strategy.convert!(obj, STORAGE_OWNER_SHAPE);
  if (version !== served.storageVersion && served.strategy.convert) {
    return served.strategy.convert(obj, served.storageVersion);
  }
  obj.apiVersion = groupVersion(served.group, served.storageVersion);
  return obj;
}

export function listObject(
  served: ServedResource,
  version: string,
  items: KubeObject[],
  meta: Record<string, unknown>,
): KubeObject {
  return {
    apiVersion: groupVersion(served.group, version),
    kind: `${served.kind}List`,
    metadata: meta,
    items: items.map((i) => toVersion(i, served, version)),
  };
}

function partialMetadata(obj: KubeObject): KubeObject {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata ?? {} };
}

const DEFAULT_COLUMNS = [
  {
    name: 'Name',
    type: 'string',
    format: 'name',
    description: 'Name must be unique within a namespace.',
    priority: 0,
  },
  {
    name: 'Created At',
    type: 'date',
    format: '',
    description:
      'CreationTimestamp is a timestamp representing the server time when this object was created.',
    priority: 0,
  },
];

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** A meta.k8s.io/v1 Table of `items` (kubectl get), with each row's object as asked by includeObject. */
export function tableObject(
  served: ServedResource,
  version: string,
  items: KubeObject[],
  listMeta: Record<string, unknown>,
  includeObject: IncludeObject,
  now: Date,
  withColumns = true,
): KubeObject {
  const table = served.customTables?.[version] ?? served.strategy.table;
  const rows = items.map((obj) => {
    const cells: TableCell[] = table
      ? table.row(served.custom ? toVersion(obj, served, version) : obj, now)
      : [obj.metadata?.name ?? '', obj.metadata?.creationTimestamp ?? null];
    const row: Record<string, unknown> = { cells };
    if (includeObject === 'Metadata') row.object = partialMetadata(obj);
    else if (includeObject === 'Object') row.object = toVersion(obj, served, version);
    return row;
  });
  const out: KubeObject = { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: listMeta };
  out.columnDefinitions = withColumns
    ? table
      ? table.columns.map((c) => ({ format: '', ...c }))
      : DEFAULT_COLUMNS
    : [];
  out.rows = rows;
  return out;
}

/** `kind: PartialObjectMetadataList` for as=PartialObjectMetadataList requests. */
export function partialList(items: KubeObject[], listMeta: Record<string, unknown>): KubeObject {
  return {
    kind: 'PartialObjectMetadataList',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    items: items.map(partialMetadata),
  };
}

/** Renders one object (or list) for the negotiated output. */
export function renderOne(
  obj: KubeObject,
  served: ServedResource,
  version: string,
  out: OutputFormat,
  includeObject: IncludeObject,
  now: Date,
): KubeObject {
  if (out.kind === 'table')
    return tableObject(
      served,
      version,
      [obj],
      { resourceVersion: obj.metadata?.resourceVersion },
      includeObject,
      now,
    );
  if (out.kind === 'partial') return partialMetadata(obj);
  return toVersion(obj, served, version);
}
