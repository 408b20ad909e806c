// The checklist every ResourceStrategy goes through (as upstream's storage tests all call one
// shared tester): identity fields, defaulting idempotence, a minimal valid object, the status
// split, self-updates, table rows, field selectors, version round trips and robustness on
// sparse objects. A kind's test calls `checkStrategy(strategy, fixture)` and adds its own cases.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALL_VERBS, type KubeObject, type ResourceStrategy, type StrategyContext } from './strategy.ts';

export interface StrategyFixture<T extends KubeObject> {
  /** A minimal object a user could create: valid once defaulted and prepared. */
  valid: T;
  /** More objects that must pass validation (after defaults and prepareForCreate). */
  alsoValid?: T[];
  /** A status the server would write, to check the status split (kinds with /status). */
  status?: unknown;
  /** Skip the "status is reset on create" check (kinds whose create keeps some status). */
  keepsStatusOnCreate?: boolean;
}

export const NOW = new Date('2025-06-01T12:00:00Z');
export const CTX: StrategyContext = { now: NOW, user: { username: 'admin', groups: ['system:masters'] } };

/** defaults + prepareForCreate on a copy, as the API server does before validation. */
export function prepared<T extends KubeObject>(s: ResourceStrategy<T>, obj: T): T {
  const o = structuredClone(obj);
  s.defaults?.(o);
  s.prepareForCreate?.(o, CTX);
  return o;
}

/** The field errors of creating `obj`, as `field: type` strings (handy in assertions). */
export function createErrors<T extends KubeObject>(s: ResourceStrategy<T>, obj: T): string[] {
  return (s.validate?.(prepared(s, obj)) ?? []).map((e) => `${e.field}: ${e.type}`);
}

export function checkStrategy<T extends KubeObject>(
  s: ResourceStrategy<T>,
  fixture: StrategyFixture<T>,
): void {
  const label = `${s.resource}${s.group ? `.${s.group}` : ''}`;

  test(`${label}: identity`, () => {
    assert.match(s.resource, /^[a-z][a-z0-9]*$/);
    assert.match(s.singular, /^[a-z][a-z0-9]*$/);
    assert.match(s.kind, /^[A-Z][A-Za-z0-9]*$/);
    assert.equal(s.singular, s.kind.toLowerCase());
    assert.ok(s.versions.length > 0);
    for (const v of s.versions) assert.match(v, /^v\d+((alpha|beta)\d+)?$/);
    for (const verb of s.verbs ?? []) assert.ok(ALL_VERBS.includes(verb), `unknown verb ${verb}`);
    for (const n of s.shortNames ?? []) assert.match(n, /^[a-z][a-z0-9]*$/);
  });

  test(`${label}: defaulting is idempotent`, () => {
    const once = structuredClone(fixture.valid);
    s.defaults?.(once);
    const twice = structuredClone(once);
    s.defaults?.(twice);
    assert.deepEqual(twice, once);
  });

  test(`${label}: valid objects pass validation`, () => {
    for (const obj of [fixture.valid, ...(fixture.alsoValid ?? [])]) {
      assert.deepEqual(s.validate?.(prepared(s, obj)) ?? [], [], JSON.stringify(obj));
    }
  });

  test(`${label}: an unchanged update is valid`, () => {
    const obj = prepared(s, fixture.valid);
    const next = structuredClone(obj);
    s.defaults?.(next);
    s.prepareForUpdate?.(next, obj, CTX);
    assert.deepEqual(s.validateUpdate?.(next, obj) ?? [], []);
  });

  if (s.subresources?.status) {
    test(`${label}: the status subresource owns status`, () => {
      const obj = prepared(s, fixture.valid);
      if (!fixture.keepsStatusOnCreate) {
        const withStatus = structuredClone(fixture.valid) as KubeObject;
        withStatus.status = fixture.status ?? { bogus: true };
        const created = prepared(s, withStatus as T) as KubeObject;
        assert.notDeepEqual(
          created.status,
          withStatus.status,
          'prepareForCreate keeps a user-written status',
        );
      }
      if (fixture.status !== undefined) {
        // A main-resource update cannot change status.
        const next = structuredClone(obj) as KubeObject;
        next.status = structuredClone(fixture.status);
        s.prepareForUpdate?.(next as T, obj, CTX);
        assert.deepEqual(next.status, (obj as KubeObject).status);
        // A status update keeps everything but status.
        const viaStatus = structuredClone(obj) as KubeObject;
        viaStatus.status = structuredClone(fixture.status);
        viaStatus.spec = { changed: true };
        s.prepareForStatusUpdate?.(viaStatus as T, obj, CTX);
        assert.deepEqual(viaStatus.spec, (obj as KubeObject).spec);
        // The written status survives (a strategy may add server-owned fields, e.g. timestamps).
        assert.partialDeepStrictEqual(viaStatus.status, fixture.status);
      }
    });
  }

  if (s.table) {
    test(`${label}: table rows match the columns`, () => {
      const table = s.table!;
      for (const obj of [fixture.valid, ...(fixture.alsoValid ?? [])]) {
        const row = table.row(prepared(s, obj), NOW);
        assert.equal(row.length, table.columns.length);
        for (const cell of row)
          assert.ok(cell === null || ['string', 'number', 'boolean'].includes(typeof cell));
      }
      // Robust against the sparsest object the store can hold.
      const sparse = { metadata: { name: 'x' } } as unknown as T;
      assert.equal(table.row(sparse, NOW).length, table.columns.length);
    });
  }

  if (s.selectableFields) {
    test(`${label}: selectable fields are strings`, () => {
      for (const v of Object.values(s.selectableFields!(prepared(s, fixture.valid))))
        assert.equal(typeof v, 'string');
      for (const v of Object.values(s.selectableFields!({ metadata: { name: 'x' } } as unknown as T))) {
        assert.equal(typeof v, 'string');
      }
    });
  }

  if (s.convert) {
    test(`${label}: every served version round-trips`, () => {
      const stored = prepared(s, fixture.valid);
      for (const v of s.versions) {
        const back = s.convert!(s.convert!(structuredClone(stored), v), s.versions[0]!);
        assert.deepEqual(back, stored, `through ${v}`);
      }
    });
  }

  test(`${label}: hooks survive a sparse object`, () => {
    const sparse = () =>
      ({ metadata: { name: 'x', namespace: s.namespaced ? 'default' : undefined } }) as unknown as T;
    const o = sparse();
    s.defaults?.(o);
    s.prepareForCreate?.(o, CTX);
    s.validate?.(o);
    const u = sparse();
    s.prepareForUpdate?.(u, o, CTX);
    s.validateUpdate?.(u, o);
    s.prepareForStatusUpdate?.(u, o, CTX);
    s.validateStatusUpdate?.(u, o);
    s.warnings?.(u, o);
  });
}
