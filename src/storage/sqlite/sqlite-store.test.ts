// The SQLite backend against the shared Store conformance suite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeConformance } from '../conformance.ts';
import { openSqliteStore, restoreSqliteSnapshot } from './index.ts';

storeConformance('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kts-sqlite-conformance-'));
  let restores = 0;
  return {
    open: () => openSqliteStore({ file: join(dir, 'state.db'), compaction: { enabled: false } }),
    async openRestored(snapshot) {
      const file = join(dir, `restored-${++restores}`, 'state.db');
      restoreSqliteSnapshot(snapshot, file);
      return openSqliteStore({ file, compaction: { enabled: false } });
    },
    async close() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
