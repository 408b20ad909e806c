// Keeps derived definitions in a JSON file so that a server start reads one file (~5 ms) instead
// of parsing the declaration files (~40 ms). The file name carries a hash of everything the result
// depends on: the kubernetes-types version and the text of our own schema sources (facts and
// derivation code), so any change to either makes a new file.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Definitions } from '../../machinery/schema.ts';

const CACHE_PREFIX = 'kts-schemas-';

/** Hash of the inputs: the package version and every non-test source file under `sourceDirs`. */
export function inputsHash(packageVersion: string, sourceDirs: string[]): string {
  const hash = createHash('sha256').update(packageVersion);
  for (const dir of sourceDirs) {
    for (const name of readdirSync(dir).sort()) {
      if (!name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
      hash.update(name).update(readFileSync(join(dir, name)));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

export function readCache(dir: string, key: string): Definitions | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, `${CACHE_PREFIX}${key}.json`), 'utf8')) as Definitions;
  } catch {
    return undefined;
  }
}

/** Writes atomically (temp file + rename) and removes files of older inputs. Failures are ignored: the cache is an optimisation. */
export function writeCache(dir: string, key: string, definitions: Definitions): void {
  try {
    mkdirSync(dir, { recursive: true });
    const target = join(dir, `${CACHE_PREFIX}${key}.json`);
    const temp = `${target}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(definitions));
    renameSync(temp, target);
    for (const name of readdirSync(dir)) {
      if (name.startsWith(CACHE_PREFIX) && name.endsWith('.json') && name !== `${CACHE_PREFIX}${key}.json`) {
        rmSync(join(dir, name), { force: true });
      }
    }
  } catch {
    // A read-only or full temp dir only costs the derivation on the next start.
  }
}
