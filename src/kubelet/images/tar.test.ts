import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createTar, readTar } from './tar.ts';

const entries = [
  { type: 'directory' as const, path: 'bin' },
  { type: 'file' as const, path: 'bin/tool', mode: 0o755, data: Buffer.from('#!/bin/sh\necho hi\n') },
  { type: 'symlink' as const, path: 'bin/alias', target: 'tool' },
  { type: 'file' as const, path: `${'d'.repeat(90)}/${'f'.repeat(60)}`, data: Buffer.alloc(1000, 7) },
];

test('round-trips through our reader, deterministically', () => {
  const a = createTar(entries);
  assert.equal(a.length % 512, 0);
  assert.deepEqual(a, createTar(entries));
  const back = readTar(a);
  assert.deepEqual(
    back.map((e) => [e.path, e.type, e.size, e.mode]),
    [
      ['bin/', 'directory', 0, 0o755],
      ['bin/tool', 'file', 18, 0o755],
      ['bin/alias', 'symlink', 0, 0o777],
      [entries[3]!.path, 'file', 1000, 0o644],
    ],
  );
  assert.equal(back[1]!.data.toString(), '#!/bin/sh\necho hi\n');
  assert.equal(back[2]!.target, 'tool');
});

test('GNU tar reads what we write', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kts-tar-'));
  try {
    writeFileSync(join(dir, 'a.tar'), createTar(entries));
    const r = spawnSync('tar', ['-xf', join(dir, 'a.tar'), '-C', dir], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(join(dir, 'bin/tool'), 'utf8'), '#!/bin/sh\necho hi\n');
    assert.equal(statSync(join(dir, 'bin/tool')).mode & 0o777, 0o755);
    assert.equal(readlinkSync(join(dir, 'bin/alias')), 'tool');
    assert.equal(readFileSync(join(dir, entries[3]!.path)).length, 1000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('refuses names ustar cannot hold', () => {
  assert.throws(
    () => createTar([{ type: 'file', path: 'x'.repeat(101), data: Buffer.alloc(0) }]),
    /path too long/,
  );
});
