import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectCompression, parseImportedNames } from './import-archive.ts';

test('compression is told by magic bytes', () => {
  assert.equal(detectCompression(Buffer.from([0x1f, 0x8b, 8, 0])), 'gzip');
  assert.equal(detectCompression(Buffer.from([0x28, 0xb5, 0x2f, 0xfd])), 'zstd');
  assert.equal(detectCompression(Buffer.from('oci-')), 'none');
});

test('image names from ctr output', () => {
  const out =
    'unpacking kts.local/pause:3.10 (sha256:ff38aa)...done\nunpacking docker.io/library/nginx:1.25 (sha256:0123ab)...done\n';
  assert.deepEqual(parseImportedNames(out), ['kts.local/pause:3.10', 'docker.io/library/nginx:1.25']);
  assert.deepEqual(parseImportedNames(''), []);
});
