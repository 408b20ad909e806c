// Writes a set of files into a volume directory so that readers never see a half-updated set
// (upstream's AtomicWriter): the files go into a fresh timestamped directory, `..data` is
// switched to it with one rename of a symlink, and each top-level name is a symlink through
// `..data`. Readers following `key` → `..data/key` see the old set or the new one, never a mix.
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

export interface FileProjection {
  data: Buffer;
  /** File mode (defaultMode / item mode), e.g. 0o644. */
  mode: number;
}

const DATA_LINK = '..data';
const TMP_LINK = '..data_tmp';

/** A payload path is relative, without `..` elements and not starting with `..`. */
export function validPayloadPath(path: string): boolean {
  if (!path || path.startsWith('/') || path.startsWith('..')) return false;
  return !path.split('/').some((p) => p === '..' || p === '');
}

/** `..2026_01_02_15_04_05.123456789`: Go's time layout upstream names the directories with. */
function timestampDirName(now = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `${now.getUTCFullYear()}_${p(now.getUTCMonth() + 1)}_${p(now.getUTCDate())}_${p(now.getUTCHours())}_${p(now.getUTCMinutes())}_${p(now.getUTCSeconds())}`;
  return `..${stamp}.${randomBytes(5).toString('hex').slice(0, 9)}`;
}

function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(join(dir, entry.name), rel));
    else out.push(rel);
  }
  return out;
}

/** Whether the directory `..data` points at holds exactly this payload. */
function samePayload(current: string, payload: Map<string, FileProjection>): boolean {
  let files: string[];
  try {
    files = listFiles(current);
  } catch {
    return false;
  }
  if (files.length !== payload.size) return false;
  for (const [path, f] of payload) {
    try {
      const st = lstatSync(join(current, path));
      if ((st.mode & 0o7777) !== f.mode) return false;
      if (!readFileSync(join(current, path)).equals(f.data)) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** Writes the payload into `dir` atomically; returns false when it was already there. */
export function writeAtomically(dir: string, payload: Map<string, FileProjection>): boolean {
  for (const path of payload.keys()) {
    if (!validPayloadPath(path))
      throw new Error(`invalid path ${JSON.stringify(path)}: must be relative and may not contain '..'`);
  }
  mkdirSync(dir, { recursive: true });
  const dataLink = join(dir, DATA_LINK);
  let oldTarget: string | undefined;
  try {
    oldTarget = readlinkSync(dataLink);
  } catch {
    oldTarget = undefined;
  }
  if (oldTarget && samePayload(join(dir, oldTarget), payload)) return false;

  const tsName = timestampDirName();
  const tsDir = join(dir, tsName);
  mkdirSync(tsDir, { mode: 0o755 });
  chmodSync(tsDir, 0o755);
  for (const [path, f] of payload) {
    const file = join(tsDir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, f.data);
    chmodSync(file, f.mode);
  }
  const tmpLink = join(dir, TMP_LINK);
  rmSync(tmpLink, { force: true });
  symlinkSync(tsName, tmpLink);
  renameSync(tmpLink, dataLink);

  const topLevel = new Set([...payload.keys()].map((p) => p.split('/')[0]!));
  for (const name of topLevel) {
    const link = join(dir, name);
    if (!existsSync(link)) symlinkSync(join(DATA_LINK, name), link);
  }
  for (const name of readdirSync(dir)) {
    if (name.startsWith('..') || topLevel.has(name)) continue;
    // A name the new payload no longer has: its link goes (only links we made).
    if (lstatSync(join(dir, name)).isSymbolicLink()) rmSync(join(dir, name), { force: true });
  }
  if (oldTarget && oldTarget !== tsName) rmSync(join(dir, oldTarget), { recursive: true, force: true });
  return true;
}
