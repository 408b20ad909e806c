// What the agent does with images at start: make sure the images kts builds itself are present,
// and import the archives an operator dropped into <data-dir>/agent/images/ (air-gapped nodes,
// as k3s does). Unchanged archives are not imported twice.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CriClient } from '../cri/cri-client.ts';
import { BUSYBOX_IMAGE, buildBusyboxImage, buildPauseImage, PAUSE_IMAGE } from './builtin-images.ts';
import { type ImportOptions, importImageArchive, importImageBuffer } from './import-archive.ts';
import type { BuiltImage } from './oci-layout.ts';

const builders: Record<string, () => BuiltImage> = {
  [PAUSE_IMAGE]: () => buildPauseImage(),
  [BUSYBOX_IMAGE]: () => buildBusyboxImage(),
};

/**
 * Builds and imports each built-in image the runtime does not have yet. Returns the names it
 * imported. `images` defaults to both the pause and the busybox image.
 */
export async function ensureBuiltinImages(
  cri: CriClient,
  options: ImportOptions & { images?: string[] },
): Promise<string[]> {
  const imported: string[] = [];
  for (const name of options.images ?? [PAUSE_IMAGE, BUSYBOX_IMAGE]) {
    const build = builders[name];
    if (!build) throw new Error(`${name} is not an image kts builds`);
    if (await cri.imageStatus({ image: name })) continue;
    const result = await importImageBuffer(build().archive, options);
    imported.push(...result.images);
  }
  return imported;
}

/** Archive names the image directory accepts. */
export const ARCHIVE_SUFFIXES = ['.tar', '.tar.gz', '.tgz', '.tar.zst', '.tzst'];

export interface DirectoryImport {
  file: string;
  images: string[];
  /** Set when this archive failed; the others are still imported. */
  error?: Error;
  /** True when the archive was imported before and has not changed since. */
  skipped?: boolean;
}

interface ImportedState {
  [file: string]: { size: number; mtimeMs: number };
}

function readState(stateFile: string | undefined): ImportedState {
  if (!stateFile) return {};
  try {
    return JSON.parse(readFileSync(stateFile, 'utf8')) as ImportedState;
  } catch {
    return {};
  }
}

/**
 * Imports every archive in `dir` (sorted by name). With `stateFile`, archives whose size and
 * mtime match the last successful import are skipped. A missing directory imports nothing.
 */
export async function importImageDirectory(
  dir: string,
  options: ImportOptions & { stateFile?: string; onArchive?: (file: string) => void },
): Promise<DirectoryImport[]> {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const state = readState(options.stateFile);
  const results: DirectoryImport[] = [];
  for (const name of names) {
    if (!ARCHIVE_SUFFIXES.some((suffix) => name.endsWith(suffix))) continue;
    const file = join(dir, name);
    const st = statSync(file);
    if (!st.isFile()) continue;
    const seen = state[file];
    if (seen && seen.size === st.size && seen.mtimeMs === st.mtimeMs) {
      results.push({ file, images: [], skipped: true });
      continue;
    }
    options.onArchive?.(file);
    try {
      const { images } = await importImageArchive(file, options);
      state[file] = { size: st.size, mtimeMs: st.mtimeMs };
      results.push({ file, images });
    } catch (err) {
      results.push({ file, images: [], error: err as Error });
    }
  }
  if (options.stateFile) {
    mkdirSync(dirname(options.stateFile), { recursive: true });
    writeFileSync(options.stateFile, `${JSON.stringify(state, null, 2)}\n`);
  }
  return results;
}
