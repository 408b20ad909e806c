// Static pods from a directory of manifests (kubelet --pod-manifest-path): every .yaml, .yml and
// .json file holding one Pod. The directory is read at start, again whenever it changes
// (fs.watch) and every 20 s regardless, as upstream's file source checks it. Files that cannot
// be read as a pod are logged and skipped; hidden files are ignored.
import { type FSWatcher, readdirSync, readFileSync, statSync, watch } from 'node:fs';
import { join } from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { parseAllDocuments } from 'yaml';
import { errorText, type Log } from '../internal/log.ts';
import { staticPodFromManifest } from './static-pod.ts';

export interface ManifestSourceOptions {
  dir: string;
  nodeName: string;
  log: Log;
  /** The set of static pods changed: these UIDs appeared, changed or went. */
  onChange: (uids: string[]) => void;
  periodMs?: number;
}

/** Reads the manifests of a directory into static pods (by UID). */
export function readManifests(
  dir: string,
  nodeName: string,
  log: Log,
  previous?: Map<string, Pod>,
): Map<string, Pod> {
  const pods = new Map<string, Pod>();
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return pods;
  }
  for (const name of names) {
    if (name.startsWith('.') || !/\.(ya?ml|json)$/.test(name)) continue;
    const file = join(dir, name);
    try {
      if (!statSync(file).isFile()) continue;
      const docs = parseAllDocuments(readFileSync(file, 'utf8')).filter((d) => d.contents !== null);
      if (docs.length !== 1) throw new Error(`${file}: expected one pod, found ${docs.length} documents`);
      const pod = staticPodFromManifest(docs[0]!.toJS(), nodeName, file, new Date());
      const uid = pod.metadata!.uid!;
      // Keep the first-seen object (and its config.seen time) while the manifest is unchanged.
      pods.set(uid, previous?.get(uid) ?? pod);
    } catch (err) {
      log.warn({ file, err: errorText(err) }, 'could not read static pod manifest');
    }
  }
  return pods;
}

export class ManifestSource {
  readonly #o: ManifestSourceOptions;
  #pods = new Map<string, Pod>();
  #watcher: FSWatcher | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #debounce: ReturnType<typeof setTimeout> | undefined;

  constructor(o: ManifestSourceOptions) {
    this.#o = o;
  }

  get(uid: string): Pod | undefined {
    return this.#pods.get(uid);
  }

  list(): Pod[] {
    return [...this.#pods.values()];
  }

  /** Reads the directory now and reports what changed. */
  refresh(): void {
    const next = readManifests(this.#o.dir, this.#o.nodeName, this.#o.log, this.#pods);
    const changed = [...new Set([...this.#pods.keys(), ...next.keys()])].filter(
      (uid) => this.#pods.has(uid) !== next.has(uid),
    );
    this.#pods = next;
    if (changed.length) this.#o.onChange(changed);
  }

  start(): void {
    this.refresh();
    try {
      this.#watcher = watch(this.#o.dir, () => {
        clearTimeout(this.#debounce);
        this.#debounce = setTimeout(() => this.refresh(), 100);
      });
      this.#watcher.on('error', () => {});
    } catch {
      // The directory does not exist (yet): the periodic read picks it up.
    }
    this.#timer = setInterval(() => this.refresh(), this.#o.periodMs ?? 20_000);
    this.#timer.unref?.();
  }

  stop(): void {
    this.#watcher?.close();
    clearInterval(this.#timer);
    clearTimeout(this.#debounce);
  }
}
