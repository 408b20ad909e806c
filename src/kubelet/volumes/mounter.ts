// tmpfs mounts for pod volumes without a process per mount. Node cannot call mount(2), and
// spawning `mount` forks the whole kubelet (a few hundred MB mapped): measured at ~15 ms of the
// kubelet's main thread per spawn, plus the mount binary itself — twice per pod (mount, then
// umount). Instead one long-lived helper makes the syscalls: Perl's `syscall` (perl-base is
// Essential on Debian, so it is on every node kts supports), fed one request per line on stdin.
// Where the helper cannot run (no perl, an architecture whose syscall numbers we do not know),
// the `mount`/`umount` commands are used as before.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { runCommand } from '../cni/host-commands.ts';

export interface Mounter {
  /** mount -t tmpfs -o <options> tmpfs <path> */
  mountTmpfs(path: string, options: string[]): Promise<void>;
  /** Unmounts `path`; a busy mount is detached (umount -l) instead. */
  unmount(path: string): Promise<void>;
  /** Ends the helper (it also ends by itself when the kubelet's process goes). */
  close(): void;
}

/** mount(2) and umount2(2) by architecture (asm/unistd_64.h, asm-generic/unistd.h). */
const SYSCALLS: Partial<Record<NodeJS.Architecture, { mount: number; umount2: number }>> = {
  x64: { mount: 165, umount2: 166 },
  arm64: { mount: 40, umount2: 39 },
};
const MNT_DETACH = 2;

// Requests: `<id> mount <source> <target> <fstype> <flags> <data>` or `<id> umount <target>
// <flags>`, strings hex-encoded; answers: `<id> <errno> <hex strerror>`.
const HELPER = `
use strict; $| = 1;
my ($sys_mount, $sys_umount2) = @ARGV;
while (my $line = <STDIN>) {
  chomp $line;
  my ($id, $op, @f) = split / /, $line, -1;
  my @s = map { pack('H*', $_) } @f;
  my $r = -1;
  $! = 22;
  if ($op eq 'mount') { $r = syscall($sys_mount + 0, $s[0], $s[1], $s[2], hex($f[3]) + 0, $s[4]); }
  elsif ($op eq 'umount') { $r = syscall($sys_umount2 + 0, $s[0], hex($f[1]) + 0); }
  my $errno = $r == -1 ? $! + 0 : 0;
  my $msg = $r == -1 ? "$!" : '';
  print "$id $errno ", unpack('H*', $msg), "\\n";
}
`;

const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex');

export class MountError extends Error {
  readonly errno: number;
  constructor(message: string, errno: number) {
    super(message);
    this.errno = errno;
  }
}

interface Pending {
  resolve: () => void;
  reject: (err: Error) => void;
}

/** The syscall helper, started on first use and again if it ever exits. */
export class SyscallMounter implements Mounter {
  #child: ChildProcessWithoutNullStreams | undefined;
  #pending = new Map<number, Pending>();
  #nextId = 1;
  /** Set once the helper could not be used: from then on the commands. */
  #fallback: CommandMounter | undefined;

  constructor() {
    if (!SYSCALLS[process.arch]) this.#fallback = new CommandMounter();
  }

  /** Whether calls go through the helper (false once it fell back to the commands). */
  get viaHelper(): boolean {
    return this.#fallback === undefined;
  }

  async mountTmpfs(path: string, options: string[]): Promise<void> {
    if (this.#fallback) return this.#fallback.mountTmpfs(path, options);
    try {
      await this.#call(['mount', hex('tmpfs'), hex(path), hex('tmpfs'), '0', hex(options.join(','))]);
    } catch (err) {
      if (err instanceof MountError) throw new Error(`mount tmpfs at ${path}: ${err.message}`);
      return this.#useCommands(err).mountTmpfs(path, options);
    }
  }

  async unmount(path: string): Promise<void> {
    if (this.#fallback) return this.#fallback.unmount(path);
    try {
      try {
        await this.#call(['umount', hex(path), '0']);
      } catch (err) {
        if (!(err instanceof MountError)) throw err;
        await this.#call(['umount', hex(path), MNT_DETACH.toString(16)]);
      }
    } catch (err) {
      if (err instanceof MountError) throw new Error(`umount ${path}: ${err.message}`);
      return this.#useCommands(err).unmount(path);
    }
  }

  close(): void {
    this.#child?.stdin.end();
    this.#child = undefined;
  }

  #useCommands(_cause: unknown): CommandMounter {
    this.close();
    this.#fallback ??= new CommandMounter();
    return this.#fallback;
  }

  #call(fields: string[]): Promise<void> {
    const child = this.#child ?? this.#start();
    const id = this.#nextId++;
    return new Promise<void>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      child.stdin.write(`${id} ${fields.join(' ')}\n`);
    });
  }

  #start(): ChildProcessWithoutNullStreams {
    const nr = SYSCALLS[process.arch]!;
    const child = spawn('perl', ['-e', HELPER, String(nr.mount), String(nr.umount2)], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.#child = child;
    // The helper must not keep a finished kubelet alive; pending calls are awaited by callers.
    child.unref();
    for (const stream of [child.stdin, child.stdout, child.stderr])
      (stream as unknown as { unref?: () => void }).unref?.();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-2000);
    });
    child.stdin.on('error', () => {});
    createInterface({ input: child.stdout }).on('line', (line) => {
      const [id, errno, message] = line.split(' ');
      const pending = this.#pending.get(Number(id));
      if (!pending) return;
      this.#pending.delete(Number(id));
      if (errno === '0') pending.resolve();
      else pending.reject(new MountError(Buffer.from(message ?? '', 'hex').toString('utf8'), Number(errno)));
    });
    const fail = (err: Error) => {
      if (this.#child === child) this.#child = undefined;
      for (const [id, p] of this.#pending) {
        this.#pending.delete(id);
        p.reject(err);
      }
    };
    child.on('error', fail);
    child.on('exit', (code, signal) =>
      fail(new Error(`mount helper exited (${code ?? signal})${stderr ? `: ${stderr.trim()}` : ''}`)),
    );
    return child;
  }
}

/** The `mount` and `umount` commands: one process per call. */
export class CommandMounter implements Mounter {
  async mountTmpfs(path: string, options: string[]): Promise<void> {
    const r = await runCommand('mount', ['-t', 'tmpfs', '-o', options.join(','), 'tmpfs', path]);
    if (r.code !== 0) throw new Error(`mount tmpfs at ${path}: ${r.stderr.trim()}`);
  }

  async unmount(path: string): Promise<void> {
    const r = await runCommand('umount', [path]);
    if (r.code === 0) return;
    const lazy = await runCommand('umount', ['-l', path]);
    if (lazy.code !== 0) throw new Error(`umount ${path}: ${lazy.stderr.trim() || r.stderr.trim()}`);
  }

  close(): void {}
}
