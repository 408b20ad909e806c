import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { type FileProjection, validPayloadPath, writeAtomically } from './atomic-writer.ts';

const dir = mkdtempSync(join(tmpdir(), 'kts-atomic-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const file = (text: string, mode = 0o644): FileProjection => ({ data: Buffer.from(text), mode });

test('files appear through ..data links with their modes', () => {
  const vol = join(dir, 'a');
  assert.equal(
    writeAtomically(
      vol,
      new Map([
        ['game.properties', file('lives=3')],
        ['ui/color', file('red', 0o400)],
      ]),
    ),
    true,
  );
  assert.equal(readFileSync(join(vol, 'game.properties'), 'utf8'), 'lives=3');
  assert.equal(readFileSync(join(vol, 'ui', 'color'), 'utf8'), 'red');
  assert.equal(readlinkSync(join(vol, 'game.properties')), '..data/game.properties');
  assert.equal(statSync(join(vol, 'ui', 'color')).mode & 0o777, 0o400);
  assert.match(readlinkSync(join(vol, '..data')), /^\.\.\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\./);
});

test('an unchanged payload is not rewritten; a changed one swaps ..data and drops removed keys', () => {
  const vol = join(dir, 'b');
  writeAtomically(
    vol,
    new Map([
      ['x', file('1')],
      ['y', file('2')],
    ]),
  );
  const first = readlinkSync(join(vol, '..data'));
  assert.equal(
    writeAtomically(
      vol,
      new Map([
        ['x', file('1')],
        ['y', file('2')],
      ]),
    ),
    false,
  );
  assert.equal(writeAtomically(vol, new Map([['x', file('changed')]])), true);
  assert.notEqual(readlinkSync(join(vol, '..data')), first);
  assert.equal(readFileSync(join(vol, 'x'), 'utf8'), 'changed');
  assert.equal(existsSync(join(vol, 'y')), false);
  assert.equal(existsSync(join(vol, first)), false, 'the old timestamped dir is removed');
  assert.deepEqual(readdirSync(vol).filter((n) => n.startsWith('..2')).length, 1);
});

test('paths escaping the volume are refused', () => {
  assert.equal(validPayloadPath('../etc/passwd'), false);
  assert.equal(validPayloadPath('/abs'), false);
  assert.equal(validPayloadPath('a/../../b'), false);
  assert.equal(validPayloadPath('..data'), false);
  assert.equal(validPayloadPath('a/b'), true);
  assert.throws(() => writeAtomically(join(dir, 'c'), new Map([['../x', file('no')]])), /invalid path/);
});
