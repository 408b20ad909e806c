import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Condition } from 'kubernetes-types/meta/v1.d.ts';
import { fieldErrorMessage } from '../status.ts';
import {
  validateConditions,
  validateCreateOptions,
  validateDeleteOptions,
  validateDryRun,
  validateFieldManager,
  validateManagedFields,
  validatePatchOptions,
  validateTableOptions,
} from './meta-v1.ts';

const msgs = (errs: Parameters<typeof fieldErrorMessage>[0][]) => errs.map(fieldErrorMessage);

describe('request options', () => {
  test('create/update options', () => {
    assert.deepEqual(
      validateCreateOptions({
        fieldManager: 'kubectl-client-side-apply',
        dryRun: ['All'],
        fieldValidation: 'Strict',
      }),
      [],
    );
    assert.deepEqual(msgs(validateCreateOptions({ dryRun: ['None'] })), [
      'dryRun: Unsupported value: []string{"None"}: supported values: "All"',
    ]);
    assert.deepEqual(msgs(validateCreateOptions({ fieldValidation: 'strict' })), [
      'fieldValidation: Unsupported value: "strict": supported values: "", "Ignore", "Strict", "Warn"',
    ]);
    assert.deepEqual(msgs(validateCreateOptions({ fieldManager: 'm'.repeat(129) })), [
      'fieldManager: Too long: may not be more than 128 bytes',
    ]);
    assert.deepEqual(msgs(validateFieldManager('a\u0007b', 'fieldManager')), [
      'fieldManager: Invalid value: "a\\ab": invalid character U+0007 (at position 1)',
    ]);
    assert.deepEqual(msgs(validateFieldManager('é\n', 'fieldManager')), [
      'fieldManager: Invalid value: "é\\n": invalid character U+000A (at position 2)',
    ]);
    assert.deepEqual(validateDryRun([], 'dryRun'), []);
  });
  test('patch options', () => {
    assert.deepEqual(msgs(validatePatchOptions({}, 'application/apply-patch+yaml')), [
      'fieldManager: Required value: is required for apply patch',
    ]);
    assert.deepEqual(
      validatePatchOptions({ fieldManager: 'me', force: true }, 'application/apply-patch+yaml'),
      [],
    );
    assert.deepEqual(msgs(validatePatchOptions({ force: false }, 'application/merge-patch+json')), [
      'force: Forbidden: may not be specified for non-apply patch',
    ]);
    assert.deepEqual(validatePatchOptions({}, 'application/strategic-merge-patch+json'), []);
  });
  test('delete options', () => {
    assert.deepEqual(validateDeleteOptions({ propagationPolicy: 'Foreground', gracePeriodSeconds: 0 }), []);
    assert.deepEqual(msgs(validateDeleteOptions({ propagationPolicy: 'Orphan', orphanDependents: true })), [
      'propagationPolicy: Invalid value: "Orphan": orphanDependents and deletionPropagation cannot be both set',
    ]);
    assert.deepEqual(msgs(validateDeleteOptions({ propagationPolicy: 'foreground' })), [
      'propagationPolicy: Unsupported value: "foreground": supported values: "Foreground", "Background", "Orphan", "nil"',
    ]);
    assert.deepEqual(
      msgs(
        validateDeleteOptions({
          ignoreStoreReadErrorWithClusterBreakingPotential: true,
          dryRun: ['All'],
          gracePeriodSeconds: 1,
        }),
      ),
      [
        'ignoreStoreReadErrorWithClusterBreakingPotential: Invalid value: true: cannot be set together with .dryRun',
        'ignoreStoreReadErrorWithClusterBreakingPotential: Invalid value: true: cannot be set together with .gracePeriodSeconds',
      ],
    );
  });
  test('table options', () => {
    assert.deepEqual(validateTableOptions('Metadata'), []);
    assert.deepEqual(validateTableOptions(undefined), []);
    assert.deepEqual(msgs(validateTableOptions('All')), [
      "includeObject: Invalid value: \"All\": must be 'Metadata', 'Object', 'None', or empty",
    ]);
  });
});

describe('managedFields', () => {
  test('entries', () => {
    assert.deepEqual(
      validateManagedFields(
        [{ manager: 'kubectl', operation: 'Apply', fieldsType: 'FieldsV1' }],
        'metadata.managedFields',
      ),
      [],
    );
    assert.deepEqual(
      msgs(
        validateManagedFields(
          [{ manager: 'k', operation: 'Patch', fieldsType: 'FieldsV2', subresource: 's'.repeat(257) }],
          'metadata.managedFields',
        ),
      ),
      [
        'metadata.managedFields[0].operation: Invalid value: "Patch": must be `Apply` or `Update`',
        'metadata.managedFields[0].fieldsType: Invalid value: "FieldsV2": must be `FieldsV1`',
        'metadata.managedFields[0].subresource: Too long: may not be more than 256 bytes',
      ],
    );
  });
});

describe('conditions', () => {
  const good: Condition = {
    type: 'Ready',
    status: 'True',
    reason: 'AllGood',
    message: '',
    lastTransitionTime: '2026-01-01T00:00:00Z',
  };
  test('valid', () =>
    assert.deepEqual(
      validateConditions(
        [good, { ...good, type: 'example.com/Other', reason: 'A:B,C_d' }],
        'status.conditions',
      ),
      [],
    ));
  test('every rule', () => {
    const bad = {
      type: 'Bad Type',
      status: 'Yes',
      observedGeneration: -1,
      reason: '1bad',
      message: 'm'.repeat(32 * 1024 + 1),
    } as unknown as Condition;
    assert.deepEqual(msgs(validateConditions([good, { ...good }, bad], 'status.conditions')), [
      'status.conditions[1].type: Duplicate value: "Ready"',
      "status.conditions[2].type: Invalid value: \"Bad Type\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      'status.conditions[2].status: Unsupported value: "Yes": supported values: "False", "True", "Unknown"',
      'status.conditions[2].observedGeneration: Invalid value: -1: must be greater than or equal to zero',
      'status.conditions[2].lastTransitionTime: Required value: must be set',
      "status.conditions[2].reason: Invalid value: \"1bad\": a condition reason must start with alphabetic character, optionally followed by a string of alphanumeric characters or '_,:', and must end with an alphanumeric character or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName',  or 'ReasonA,ReasonB',  or 'ReasonA:ReasonB', regex used for validation is '[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?')",
      'status.conditions[2].message: Too long: may not be more than 32768 bytes',
    ]);
  });
  test('missing reason', () => {
    assert.deepEqual(msgs(validateConditions([{ ...good, reason: '' }], 'c')), [
      'c[0].reason: Required value: must be set',
    ]);
  });
});
