// managedFields bookkeeping: one FieldManager per resource endpoint (the resource itself and
// its status subresource), built from the kind's schema, recording who changed which fields on
// every non-apply write (create, update, JSON/merge/strategic patch).
import { emptyObjectOf } from '../api/empty-objects.ts';
import type { KubeObject } from '../api/strategy.ts';
import { groupVersion } from '../api/strategy.ts';
import { FieldManager, ignoreManagedFieldsTimestamps } from '../machinery/patch/index.ts';
import type { RequestContext } from './registry/context.ts';
import type { ServedResource } from './registry/resource-table.ts';
import { schemaOf } from './schemas.ts';

const managers = new WeakMap<ServedResource, Map<string, FieldManager>>();

/** The FieldManager of `served` at its storage version, for '' (the resource) or a subresource. */
export function fieldManagerFor(served: ServedResource, subresource: string): FieldManager {
  let bySub = managers.get(served);
  if (!bySub) managers.set(served, (bySub = new Map()));
  let fm = bySub.get(subresource);
  if (!fm) {
    const version = served.storageVersion;
    const schema = schemaOf(served, version);
    const hasStatus = served.strategy.subresources?.status === true;
    const resetFields = subresource === 'status' ? [['spec']] : hasStatus ? [['status']] : [];
    const emptyObject = served.custom ? undefined : emptyObjectOf(served.group, version, served.kind);
    fm = new FieldManager({
      apiVersion: groupVersion(served.group, version),
      kind: served.kind,
      ...(subresource ? { subresource } : {}),
      schema: schema?.schema,
      definitions: schema?.definitions ?? {},
      resetFields,
      ...(emptyObject ? { emptyObject } : {}),
    });
    bySub.set(subresource, fm);
  }
  return fm;
}

export function managedFieldsHook(_server: unknown) {
  return (
    obj: KubeObject,
    old: KubeObject | undefined,
    ctx: RequestContext,
    subresource: string,
    served?: ServedResource,
  ): void => {
    if (ctx.applying || !served) return;
    // Subresources other than status (binding, finalize, scale…) record against the resource.
    const endpoint = subresource === 'status' ? 'status' : '';
    const fm = fieldManagerFor(served, endpoint);
    let next = fm.update(
      old as Record<string, unknown> | undefined,
      obj as Record<string, unknown>,
      ctx.fieldManager,
    );
    if (old) next = ignoreManagedFieldsTimestamps(next, old as Record<string, unknown>);
    const managed = (next.metadata as { managedFields?: unknown } | undefined)?.managedFields;
    obj.metadata ??= {};
    if (managed === undefined) delete obj.metadata.managedFields;
    else obj.metadata.managedFields = managed as never;
  };
}
