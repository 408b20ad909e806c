import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadOrCreateClusterCA } from './cluster-ca.ts';

test('the cluster CA is made once, then read back unchanged', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kts-ca-'));
  try {
    const first = loadOrCreateClusterCA(join(dir, 'tls'));
    const cert = new X509Certificate(first.cert);
    assert.equal(cert.ca, true);
    assert.match(cert.subject, /^CN=kts-server-ca@\d+$/);
    assert.equal(cert.checkIssued(cert), true, 'self-signed');
    assert.equal(loadOrCreateClusterCA(join(dir, 'tls')).cert, first.cert);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
