// The etcd backend against the shared Store conformance suite, on a real etcd started here.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EtcdProcess, startEtcd } from '../../../test/support/etcd.ts';
import { freePort } from '../../../test/support/local-service.ts';
import { storeConformance } from '../conformance.ts';
import { openEtcdStore, restoreEtcdSnapshot } from './index.ts';

storeConformance('etcd', async () => {
  const etcd = await startEtcd();
  const started: EtcdProcess[] = [etcd];
  const dir = mkdtempSync(join(tmpdir(), 'kts-etcd-restore-'));
  let restores = 0;
  return {
    open: () => openEtcdStore({ endpoints: [etcd.endpoint], compaction: { enabled: false } }),
    async openRestored(snapshot) {
      // etcd's documented restore: a new member data dir from the snapshot, then a member on it.
      const name = `restored-${++restores}`;
      const peerPort = await freePort();
      const dataDir = join(dir, name);
      await restoreEtcdSnapshot({ snapshot, dataDir, name, peerUrl: `http://127.0.0.1:${peerPort}` });
      const member = await startEtcd({ dataDir, name, peerPort });
      started.push(member);
      return openEtcdStore({ endpoints: [member.endpoint], compaction: { enabled: false } });
    },
    async close() {
      for (const member of started) await member.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
