// The whole tree type-checks (tsc --noEmit) and passes the linter: part of `npm test` so that
// CI catches both.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { test } from 'node:test';

const root = resolve(import.meta.dirname, '..');

function run(bin: string, args: string[]) {
  const r = spawnSync(resolve(root, 'node_modules/.bin', bin), args, { cwd: root, encoding: 'utf8' });
  return { code: r.status, output: `${r.stdout}\n${r.stderr}` };
}

test('tsc --noEmit reports no errors', () => {
  const r = run('tsc', ['--noEmit']);
  assert.equal(r.code, 0, r.output);
});

test('biome lint finds no errors', () => {
  const r = run('biome', ['lint', '--diagnostic-level=error', '.']);
  assert.equal(r.code, 0, r.output);
});
