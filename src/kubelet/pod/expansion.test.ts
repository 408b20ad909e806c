import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expand, expandCommandAndArgs, mappingFor } from './expansion.ts';

const mapping = mappingFor(
  new Map([
    ['A', 'x'],
    ['EMPTY', ''],
  ]),
  new Map([
    ['A', 'shadowed'],
    ['B', 'y'],
  ]),
);

test('references, escapes and what stays as written', () => {
  assert.equal(expand('$(A)-$(B)', mapping), 'x-y');
  assert.equal(expand('$(EMPTY)|', mapping), '|');
  assert.equal(expand('$$(A)', mapping), '$(A)');
  assert.equal(expand('$$$(A)', mapping), '$x');
  assert.equal(expand('$(UNKNOWN)', mapping), '$(UNKNOWN)');
  assert.equal(expand('$(A', mapping), '$(A');
  assert.equal(expand('a$b$', mapping), 'a$b$');
  assert.equal(expand('no refs', mapping), 'no refs');
  assert.equal(expand('$()', mapping), '$()');
});

test('command and args expand against the container env only', () => {
  const out = expandCommandAndArgs(
    ['sh', '-c', 'echo $(MSG)'],
    ['$(HOME)', '$$(MSG)'],
    [{ name: 'MSG', value: 'hi' }],
  );
  assert.deepEqual(out, { command: ['sh', '-c', 'echo hi'], args: ['$(HOME)', '$(MSG)'] });
  assert.deepEqual(expandCommandAndArgs(undefined, undefined, []), { command: [], args: [] });
});
