import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { etcdEndpoints, openStore, parseDatastore } from './open-store.ts';
import { DEFAULT_SQLITE_PATH, defaultDatastoreFor } from './paths.ts';
import { SqliteStore } from './sqlite/index.ts';

test('datastore URLs choose a backend by scheme', () => {
  assert.deepEqual(parseDatastore('sqlite:///var/lib/kts/server/state.db'), {
    scheme: 'sqlite',
    location: '/var/lib/kts/server/state.db',
  });
  assert.deepEqual(parseDatastore('/tmp/state.db'), { scheme: 'sqlite', location: '/tmp/state.db' });
  assert.deepEqual(parseDatastore('relative/state.db'), { scheme: 'sqlite', location: 'relative/state.db' });
  assert.deepEqual(parseDatastore('etcd://h1:2379,h2:2379'), { scheme: 'etcd', location: 'h1:2379,h2:2379' });
  assert.deepEqual(parseDatastore('http://h1:2379'), { scheme: 'etcd', location: 'http://h1:2379' });
  assert.throws(
    () => parseDatastore('postgres://db'),
    /unknown datastore scheme postgres:\/\/ \(known: sqlite, etcd, http\)/,
  );
  assert.throws(() => parseDatastore('https://h1:2379'), /TLS/);
  assert.throws(() => parseDatastore('etcd://'), /names no endpoint/);
  assert.throws(() => parseDatastore(''), /empty/);
});

test('etcd endpoints become client URLs', () => {
  assert.deepEqual(etcdEndpoints('h1:2379, h2:2379,'), ['http://h1:2379', 'http://h2:2379']);
  assert.deepEqual(etcdEndpoints('http://h1:2379,h2:2379'), ['http://h1:2379', 'http://h2:2379']);
});

test('the default datastore is the data dir embedded database', () => {
  assert.equal(DEFAULT_SQLITE_PATH, '/var/lib/kts/server/state.db');
  assert.equal(defaultDatastoreFor(), 'sqlite:///var/lib/kts/server/state.db');
  assert.equal(defaultDatastoreFor('/data'), 'sqlite:///data/server/state.db');
});

test('openStore opens the SQLite backend for a sqlite:// URL', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kts-open-store-'));
  try {
    const store = await openStore(`sqlite://${dir}/server/state.db`, { compaction: { enabled: false } });
    assert.ok(store instanceof SqliteStore);
    await store.create('/x', new Uint8Array([1]));
    assert.equal(await store.count('/'), 1);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
