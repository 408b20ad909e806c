// `kts store snapshot save|restore` end to end: the real CLI in a child process, beside a store
// held open in this process the way a running server holds it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { startEtcd } from '../../test/support/etcd.ts';
import { freePort } from '../../test/support/local-service.ts';
import { openStore } from '../storage/open-store.ts';
import { sqlitePathFor } from '../storage/paths.ts';

const kts = resolve(import.meta.dirname, '../../bin/kts');
const dir = mkdtempSync(join(tmpdir(), 'kts-store-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array | undefined) => (b === undefined ? undefined : new TextDecoder().decode(b));

function run(...args: string[]) {
  const r = spawnSync(kts, args, { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('snapshot save while the server runs, restore once it stopped', async () => {
  const dataDir = join(dir, 'data');
  const datastore = `sqlite://${sqlitePathFor(dataDir)}`;
  const server = await openStore(datastore, { compaction: { enabled: false } });
  let serverOpen = true;
  try {
    for (let i = 0; i < 20; i++) await server.create(`/registry/configmaps/default/cm${i}`, enc(`v${i}`));
    const revisionAtSave = await server.currentRevision();
    const file = join(dir, 'backup.db');
    const saved = run('store', 'snapshot', 'save', file, '--data-dir', dataDir);
    assert.equal(saved.code, 0, saved.err);
    assert.match(saved.out, /saved a snapshot of sqlite:\/\/.*state\.db to .*backup\.db \(\d+ bytes\)/);

    // The cluster moves on after the backup.
    await server.delete('/registry/configmaps/default/cm0');
    await server.create('/registry/configmaps/default/late', enc('late'));

    const refused = run('store', 'snapshot', 'restore', file, '--data-dir', dataDir);
    assert.notEqual(refused.code, 0);
    assert.match(refused.err, /in use by another process/);

    await server.close();
    serverOpen = false;
    const restored = run('store', 'snapshot', 'restore', file, '--datastore', datastore);
    assert.equal(restored.code, 0, restored.err);
    assert.match(restored.out, /the previous database was moved to .*before-restore/);

    const store = await openStore(datastore, { compaction: { enabled: false } });
    try {
      assert.equal(await store.currentRevision(), revisionAtSave);
      const items = (await store.list('/registry/configmaps/')).items;
      assert.equal(items.length, 20);
      assert.equal(dec((await store.get('/registry/configmaps/default/cm0'))?.value), 'v0');
      assert.equal(await store.get('/registry/configmaps/default/late'), undefined);
    } finally {
      await store.close();
    }
  } finally {
    if (serverOpen) await server.close();
  }
});

test('snapshot save and restore of an etcd datastore', async () => {
  const etcd = await startEtcd();
  let member: Awaited<ReturnType<typeof startEtcd>> | undefined;
  try {
    const datastore = `etcd://${etcd.endpoint.replace('http://', '')}`;
    const store = await openStore(datastore, { compaction: { enabled: false } });
    await store.create('/registry/namespaces/default', enc('ns'));
    const revision = await store.currentRevision();
    await store.close();

    const file = join(dir, 'etcd-backup.db');
    const saved = run('store', 'snapshot', 'save', file, '--datastore', datastore);
    assert.equal(saved.code, 0, saved.err);

    const refused = run('store', 'snapshot', 'restore', file, '--datastore', datastore);
    assert.notEqual(refused.code, 0);
    assert.match(refused.err, /--etcd-data-dir/);

    const memberDir = join(dir, 'member');
    const peerPort = await freePort();
    const peerUrl = `http://127.0.0.1:${peerPort}`;
    const restored = run(
      'store',
      'snapshot',
      'restore',
      file,
      '--datastore',
      datastore,
      '--etcd-data-dir',
      memberDir,
      '--etcd-name',
      'restored',
      '--etcd-peer-url',
      peerUrl,
    );
    assert.equal(restored.code, 0, restored.err);
    assert.ok(existsSync(join(memberDir, 'member')));
    member = await startEtcd({ dataDir: memberDir, name: 'restored', peerPort });
    const copy = await openStore(`etcd://${member.endpoint.replace('http://', '')}`, {
      compaction: { enabled: false },
    });
    try {
      assert.equal(dec((await copy.get('/registry/namespaces/default'))?.value), 'ns');
      assert.ok((await copy.currentRevision()) >= revision);
    } finally {
      await copy.close();
    }
  } finally {
    await member?.stop();
    await etcd.stop();
  }
});
