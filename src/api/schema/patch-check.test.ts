import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isStatusError } from '../../machinery/status.ts';
import { builtinDefinitions, schemaForKind } from './index.ts';
import { checkPatchedObject, goPrintedMap } from './patch-check.ts';

const bodySchema = { schema: schemaForKind('apps', 'v1', 'Deployment')!, definitions: builtinDefinitions() };
const patched = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'w' },
  spec: { replicas: 2, bogus: true },
};

test('Strict patches fail with 422 on the field "patch"; Warn warns; Ignore passes', () => {
  const shownValue = JSON.stringify(patched);
  assert.throws(
    () =>
      checkPatchedObject(patched, {
        fieldValidation: 'Strict',
        bodySchema,
        shownValue,
        patchDuplicates: ['spec.replicas'],
      }),
    (e: unknown) => {
      assert.ok(isStatusError(e));
      assert.equal(e.code, 422);
      assert.equal(
        e.message,
        ` "" is invalid: patch: Invalid value: ${JSON.stringify(shownValue)}: strict decoding error: duplicate field "spec.replicas", unknown field "spec.bogus"`,
      );
      return true;
    },
  );
  assert.deepEqual(
    checkPatchedObject(patched, { fieldValidation: 'Warn', bodySchema, shownValue }).warnings,
    ['unknown field "spec.bogus"'],
  );
  assert.deepEqual(
    checkPatchedObject(patched, { fieldValidation: 'Ignore', bodySchema, shownValue }).warnings,
    [],
  );
  assert.deepEqual(
    checkPatchedObject({ spec: { replicas: 1 } }, { fieldValidation: 'Strict', bodySchema, shownValue })
      .warnings,
    [],
  );
});

test('patches are shown as Go prints maps', () => {
  assert.equal(
    goPrintedMap({
      spec: {
        template: { spec: { containers: [{ name: 'a', image: 'b' }] } },
        replicas: 3,
        x: null,
        f: 1.5,
        t: true,
      },
    }),
    'map[spec:map[f:1.5 replicas:3 t:true template:map[spec:map[containers:[map[image:b name:a]]]] x:<nil>]]',
  );
});

test("a built-in kind's unknown fields are dropped from the patched object under Warn and Ignore", () => {
  const builtin = { ...bodySchema, dropsUnknown: true };
  const fresh = () => ({ ...patched, spec: { replicas: 2, bogus: true, template: { spec: { x: 1 } } } });
  for (const fieldValidation of ['Warn', 'Ignore'] as const) {
    const object = fresh();
    const { warnings } = checkPatchedObject(object, { fieldValidation, bodySchema: builtin, shownValue: '' });
    assert.deepEqual(
      warnings,
      fieldValidation === 'Warn'
        ? ['unknown field "spec.bogus"', 'unknown field "spec.template.spec.x"']
        : [],
    );
    assert.deepEqual(object.spec, { replicas: 2, template: { spec: {} } });
  }
  // Custom resources are pruned elsewhere, against their own schema: the check leaves them whole.
  const custom = fresh();
  checkPatchedObject(custom, { fieldValidation: 'Warn', bodySchema, shownValue: '' });
  assert.equal(custom.spec.bogus, true);
});
