// Structural schemas of every built-in kind, named as upstream's OpenAPI definitions
// (`io.k8s.api.apps.v1.Deployment`). Derived once per process from the kubernetes-types
// declaration files and our fact tables, and cached on disk between processes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Definitions, resolveSchema, type Schema } from '../../machinery/schema.ts';
import { inputsHash, readCache, writeCache } from './cache.ts';
import { deriveDefinitions, REF_PREFIX } from './derive.ts';
import { meta } from './packages.ts';

export { REF_PREFIX } from './derive.ts';
export * from './strict-errors.ts';
export { findUnknownFields } from './unknown-fields.ts';

type GroupVersionKind = { group: string; version: string; kind: string };

/** meta/v1 kinds of the core group only. */
const LEGACY_META_KINDS = ['APIGroup', 'APIGroupList', 'APIResourceList', 'APIVersions', 'Status'];
/** meta/v1 kinds every group version serves (upstream tags them with each one). */
const SHARED_META_KINDS = ['DeleteOptions', 'WatchEvent'];

/** Tags meta/v1 definitions that kubernetes-types leaves untagged (their apiVersion is a plain string). */
function tagMetaKinds(definitions: Definitions): void {
  const groupVersions = new Map<string, { group: string; version: string }>([
    ['/v1', { group: '', version: 'v1' }],
  ]);
  for (const schema of Object.values(definitions)) {
    for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
      groupVersions.set(`${gvk.group}/${gvk.version}`, { group: gvk.group, version: gvk.version });
    }
  }
  const sorted = [...groupVersions.values()].sort((a, b) =>
    a.group === b.group ? (a.version < b.version ? -1 : 1) : a.group < b.group ? -1 : 1,
  );
  for (const kind of LEGACY_META_KINDS) {
    const schema = definitions[meta + kind];
    if (schema) schema['x-kubernetes-group-version-kind'] = [{ group: '', kind, version: 'v1' }];
  }
  for (const kind of SHARED_META_KINDS) {
    const schema = definitions[meta + kind];
    if (schema)
      schema['x-kubernetes-group-version-kind'] = sorted.map((gv) => ({
        group: gv.group,
        kind,
        version: gv.version,
      }));
  }
}

function packageDir(): string {
  return dirname(createRequire(import.meta.url).resolve('kubernetes-types/package.json'));
}

export interface LoadOptions {
  /** Where to keep the derived definitions between processes (default: the OS temp dir). */
  cacheDir?: string;
  /** Skip the disk cache (tests of the derivation itself). */
  noCache?: boolean;
}

/** Derives (or reads from the cache) the definitions of every built-in type. */
export function loadBuiltinDefinitions(options: LoadOptions = {}): Definitions {
  const root = packageDir();
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string })
    .version;
  const here = import.meta.dirname;
  const cacheDir = options.cacheDir ?? tmpdir();
  let key: string | undefined;
  try {
    // Sources that cannot be read (a bundled binary) only cost the cache.
    if (!options.noCache) key = inputsHash(version, [here, join(here, 'facts')]);
  } catch {
    key = undefined;
  }
  const cached = key === undefined ? undefined : readCache(cacheDir, key);
  if (cached) return cached;
  const definitions = deriveDefinitions((modulePath) =>
    readFileSync(join(root, `${modulePath}.d.ts`), 'utf8'),
  );
  tagMetaKinds(definitions);
  if (key !== undefined) writeCache(cacheDir, key, definitions);
  return definitions;
}

let builtin: Definitions | undefined;
let byKind: Map<string, string> | undefined;

/**
 * Every built-in definition, keyed by upstream's name. Loaded on first call, then shared:
 * callers must not mutate it (copy a schema before changing it).
 */
export function builtinDefinitions(): Definitions {
  builtin ??= loadBuiltinDefinitions();
  return builtin;
}

function kindKey(group: string, version: string, kind: string): string {
  return `${group}/${version}/${kind}`;
}

/** Every group/version/kind tagged on a definition, mapped to the definition name. */
function kindIndex(): Map<string, string> {
  if (!byKind) {
    byKind = new Map();
    for (const [name, schema] of Object.entries(builtinDefinitions())) {
      const gvks = schema['x-kubernetes-group-version-kind'] ?? [];
      // Shared meta kinds (DeleteOptions …) are tagged with every group; a group's own kinds win.
      for (const gvk of gvks) {
        const key = kindKey(gvk.group, gvk.version, gvk.kind);
        if (!byKind.has(key) || gvks.length === 1) byKind.set(key, name);
      }
    }
  }
  return byKind;
}

/** Upstream's definition name of a kind (`apps`, `v1`, `Deployment` → `io.k8s.api.apps.v1.Deployment`). */
export function definitionNameForKind(group: string, version: string, kind: string): string | undefined {
  return kindIndex().get(kindKey(group, version, kind));
}

/** The top-level schema of a built-in kind, or undefined for kinds we do not know. */
export function schemaForKind(group: string, version: string, kind: string): Schema | undefined {
  const name = definitionNameForKind(group, version, kind);
  return name === undefined ? undefined : builtinDefinitions()[name];
}

/** Every group/version/kind with a built-in schema. */
export function builtinKinds(): GroupVersionKind[] {
  return [...kindIndex().keys()].map((key) => {
    const [group, version, kind] = key.split('/') as [string, string, string];
    return { group, version, kind };
  });
}

/** Resolves a `$ref` against the built-in definitions. */
export function resolveBuiltin(schema: Schema | undefined): Schema | undefined {
  return resolveSchema(schema, builtinDefinitions());
}

/** A `$ref` to a built-in definition. */
export function refTo(name: string): Schema {
  return { $ref: REF_PREFIX + name };
}
