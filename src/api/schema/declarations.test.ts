import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDeclarations } from './declarations.ts';

test('parses interfaces, imports, aliases, doc paragraphs, maps, arrays and unions', () => {
  const module = parseDeclarations(`
import { ObjectMeta, Time } from "../meta/v1";
/**
 * Quantity is a number.
 *
 * Second paragraph.
 */
export type Quantity = string;
/** A thing. */
export interface Thing {
    /** kind of thing */
    kind?: "Thing";
    readonly status?: Array<Condition>;
    labels?: {
        [name: string]: string;
    };
    port: number | string;
    "x-kubernetes-odd"?: boolean;
    meta?: ObjectMeta;
}
export interface Empty {
}
`);
  assert.deepEqual(module.imports, { ObjectMeta: 'meta/v1', Time: 'meta/v1' });
  assert.deepEqual(module.aliases, [
    { name: 'Quantity', description: 'Quantity is a number.\n\nSecond paragraph.', type: { kind: 'string' } },
  ]);
  const [thing, empty] = module.interfaces;
  assert.equal(thing?.description, 'A thing.');
  assert.deepEqual(
    thing?.fields.map((f) => [f.name, f.optional, f.readonly]),
    [
      ['kind', true, false],
      ['status', true, true],
      ['labels', true, false],
      ['port', false, false],
      ['x-kubernetes-odd', true, false],
      ['meta', true, false],
    ],
  );
  assert.deepEqual(thing?.fields[0]?.type, { kind: 'literal', value: 'Thing' });
  assert.deepEqual(thing?.fields[1]?.type, { kind: 'array', items: { kind: 'ref', name: 'Condition' } });
  assert.deepEqual(thing?.fields[2]?.type, { kind: 'map', values: { kind: 'string' } });
  assert.deepEqual(thing?.fields[3]?.type, {
    kind: 'union',
    options: [{ kind: 'number' }, { kind: 'string' }],
  });
  assert.deepEqual(empty, { name: 'Empty', fields: [] });
});
