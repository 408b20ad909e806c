// Keeps DESIGN §3's import rules: who may import whom among src/ folders.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const root = resolve(import.meta.dirname, '..', 'src');

/** For each top-level folder under src/, the folders of ours it may import (itself always allowed). */
const allowed: Record<string, string[]> = {
  machinery: [],
  api: ['machinery'],
  storage: [],
  apiserver: ['api', 'machinery', 'storage'],
  client: ['api', 'machinery'],
  scheduler: ['client', 'api', 'machinery'],
  controllers: ['client', 'api', 'machinery'],
  kubelet: ['client', 'api', 'machinery'],
  proxy: ['client', 'api', 'machinery'],
  dns: ['client', 'api', 'machinery'],
  dashboard: ['client', 'api', 'machinery'],
  hollow: ['client', 'api', 'machinery'],
  cli: ['*'],
};

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (path.endsWith('.ts')) yield path;
  }
}

test('src/ folders import only what DESIGN §3 allows', () => {
  const violations: string[] = [];
  for (const file of sourceFiles(root)) {
    const from = relative(root, file).split('/')[0]!;
    const rules = allowed[from];
    if (!rules) {
      violations.push(
        `${relative(root, file)}: folder src/${from} is not in the import rules (add it to test/architecture.test.ts)`,
      );
      continue;
    }
    if (rules.includes('*')) continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(
      /(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g,
    )) {
      const spec = m[1] ?? m[2]!;
      const target = relative(root, resolve(dirname(file), spec)).split('/')[0]!;
      if (target === from || target.startsWith('..')) continue;
      if (!rules.includes(target))
        violations.push(`${relative(root, file)} imports ${spec} (src/${from} may not import src/${target})`);
    }
  }
  assert.deepEqual(violations, []);
});
