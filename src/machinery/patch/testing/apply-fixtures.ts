// Shared helpers for the server-side apply tests: a Deployment field manager with a fixed clock
// and the configurations `kubectl apply --server-side` would send.
import assert from 'node:assert/strict';
import { isStatusError } from '../../status.ts';
import { type ApplyOptions, FieldManager, type FieldManagerScope } from '../apply/field-manager.ts';
import type { ManagedFieldsEntry } from '../apply/managed-fields.ts';
import { definitions, deploymentSchema } from './workload-schema.ts';

export type Obj = Record<string, any>;
export const T0 = '2025-01-02T03:04:05Z';

/** The field manager with results typed loosely, for reading in assertions. */
export function wrap(fm: FieldManager) {
  return {
    apply: (live: Obj | undefined, cfg: unknown, name: string, options?: ApplyOptions) =>
      fm.apply(live, cfg, name, options) as { object: Obj; changed: boolean },
    update: (live: Obj | undefined, next: Obj, name: string): Obj => fm.update(live, next, name),
  };
}

export function manager(extra: Partial<FieldManagerScope> = {}, clock = { now: new Date(T0) }) {
  return wrap(
    new FieldManager({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      schema: deploymentSchema,
      definitions,
      resetFields: [['status']],
      now: () => clock.now,
      ...extra,
    }),
  );
}

/** A Deployment configuration as `kubectl apply --server-side` sends it. */
export function config(
  opts: { replicas?: number; image?: string; labels?: Record<string, string>; containers?: object[] } = {},
): Obj {
  const spec: Obj = {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: opts.containers ?? [
          { name: 'app', image: opts.image ?? 'nginx:1.25', ports: [{ containerPort: 80 }] },
        ],
      },
    },
  };
  if (opts.replicas !== undefined) spec.replicas = opts.replicas;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: opts.labels ?? { app: 'web' } },
    spec,
  };
}

/** What the store would hold after a create: the object plus a uid. */
export function stored(obj: Obj): Obj {
  const copy = structuredClone(obj);
  copy.metadata.uid = 'uid-1';
  return copy;
}

export const entries = (obj: Obj): ManagedFieldsEntry[] => obj.metadata.managedFields ?? [];
export const entryOf = (obj: Obj, name: string) => entries(obj).find((e) => e.manager === name);
export const owners = (obj: Obj) => entries(obj).map((e) => `${e.manager}/${e.operation}`);

export function expectStatus(fn: () => unknown, code: number, message: string | RegExp) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isStatusError(e), String(e));
    assert.equal(e.code, code, e.message);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}
