// hostPath volumes: the path on the node, checked (or created) according to its `type`, with
// the messages upstream's hostPath plugin gives when a check fails.
import { closeSync, mkdirSync, openSync, statSync } from 'node:fs';

export type HostPathType =
  | ''
  | 'DirectoryOrCreate'
  | 'Directory'
  | 'FileOrCreate'
  | 'File'
  | 'Socket'
  | 'CharDevice'
  | 'BlockDevice';

function stat(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Checks (and for *OrCreate types creates) the path; throws with upstream's message. */
export function checkHostPath(path: string, type: HostPathType | undefined): void {
  const st = stat(path);
  const failed = (what: string) => new Error(`hostPath type check failed: ${path} is not ${what}`);
  switch (type ?? '') {
    case '':
      return;
    case 'DirectoryOrCreate':
      if (!st) mkdirSync(path, { recursive: true, mode: 0o755 });
      else if (!st.isDirectory()) throw failed('a directory');
      return;
    case 'Directory':
      if (!st?.isDirectory()) throw failed('a directory');
      return;
    case 'FileOrCreate':
      if (!st) closeSync(openSync(path, 'a', 0o644));
      else if (!st.isFile()) throw failed('a file');
      return;
    case 'File':
      if (!st?.isFile()) throw failed('a file');
      return;
    case 'Socket':
      if (!st?.isSocket()) throw failed('a socket file');
      return;
    case 'CharDevice':
      if (!st?.isCharacterDevice()) throw failed('a character device');
      return;
    case 'BlockDevice':
      if (!st?.isBlockDevice()) throw failed('a block device');
      return;
    default:
      throw new Error(`hostPath type check failed: unknown type ${type}`);
  }
}
