// Thin wrappers over the host tools the node's network setup uses (`ip`, `iptables`): each runs
// one command without a shell and returns its output, or throws with its stderr.
import { execFile } from 'node:child_process';

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command; resolves with its exit code instead of throwing on a non-zero exit. */
export function runCommand(file: string, args: string[]): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { env: { ...process.env, PATH }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err && typeof (err as NodeJS.ErrnoException).code === 'string') {
          reject(new Error(`${file}: ${err.message}`));
          return;
        }
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

/** Runs a command and throws when it fails. */
export async function mustRun(file: string, args: string[]): Promise<string> {
  const r = await runCommand(file, args);
  if (r.code !== 0) throw new Error(`${file} ${args.join(' ')} failed (${r.code}): ${r.stderr.trim()}`);
  return r.stdout;
}

export interface RouteLookup {
  /** `unicast`, `local`, `unreachable`… (`unreachable` also when the kernel refuses the lookup). */
  type: string;
  dev?: string;
}

/** `ip route get ADDRESS`: which way the kernel would send a packet to it. */
export async function routeGet(address: string): Promise<RouteLookup> {
  const r = await runCommand('ip', ['-j', 'route', 'get', address]);
  if (r.code !== 0) {
    // An unreachable/prohibit route makes the lookup itself fail with "No route to host".
    if (/No route to host|Network is unreachable/.test(r.stderr)) return { type: 'unreachable' };
    throw new Error(`ip route get ${address} failed: ${r.stderr.trim()}`);
  }
  const [route] = JSON.parse(r.stdout) as { type?: string; dev?: string }[];
  return { type: route?.type ?? 'unicast', dev: route?.dev };
}

/** Whether a network interface of that name exists. */
export async function linkExists(name: string): Promise<boolean> {
  const r = await runCommand('ip', ['link', 'show', 'dev', name]);
  return r.code === 0;
}

/** Names of the network interfaces whose kind matches (e.g. `veth`, `bridge`). */
export async function linksOfKind(kind: string): Promise<{ name: string; master?: string }[]> {
  const out = await mustRun('ip', ['-j', '-d', 'link', 'show', 'type', kind]);
  return (JSON.parse(out || '[]') as { ifname: string; master?: string }[]).map((l) => ({
    name: l.ifname,
    master: l.master,
  }));
}
