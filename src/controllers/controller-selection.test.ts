import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ControllerDefinition } from './controller-definition.ts';
import { canonicalControllerName, selectControllers } from './controller-selection.ts';

const def = (name: string, enabledByDefault = true): ControllerDefinition => ({
  name,
  enabledByDefault,
  start: async () => ({ stop: async () => {} }),
});
const all = [def('replicaset'), def('deployment'), def('garbage-collector'), def('bootstrap-signer', false)];
const names = (ds: ControllerDefinition[]) => ds.map((d) => d.name);

describe('selectControllers (--controllers)', () => {
  it('* runs every controller enabled by default', () => {
    assert.deepEqual(names(selectControllers(all)), ['replicaset', 'deployment', 'garbage-collector']);
  });
  it('names and -names add and remove', () => {
    assert.deepEqual(names(selectControllers(all, ['*', '-deployment', 'bootstrap-signer'])), [
      'replicaset',
      'garbage-collector',
      'bootstrap-signer',
    ]);
    assert.deepEqual(names(selectControllers(all, ['deployment'])), ['deployment']);
    assert.deepEqual(names(selectControllers(all, ['replicaset,deployment'])), ['replicaset', 'deployment']);
  });
  it('accepts both of upstream spellings', () => {
    assert.deepEqual(names(selectControllers(all, ['deployment-controller', 'garbagecollector'])), [
      'deployment',
      'garbage-collector',
    ]);
    assert.equal(canonicalControllerName('garbage-collector-controller'), 'garbage-collector');
  });
  it('rejects unknown names', () => {
    assert.throws(
      () => selectControllers(all, ['*', 'nope']),
      /"nope" is not in the list of known controllers/,
    );
  });
});
