// Where the CPU goes while the kubelet benches start a batch of pods: `perf record` samples every
// CPU once per millisecond of CPU time (the `cpu-clock` software event, so it also works in VMs
// without hardware counters) together with the fork/exec events, and each sample is charged to a
// part of the stack: the kubelet, the kts server, containerd, the CNI plugins it execs, the
// per-pod shims, runc (invoked by the shims), the pause processes and the containers. Short-lived
// processes (runc, CNI plugins, iptables) are counted too, which /proc sampling would miss.
// Used only by bench/kubelet*.ts with `--profile`; needs root and perf.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Each sample stands for this much CPU time (ns): one per millisecond. */
const SAMPLE_PERIOD_NS = 1_000_000;

export interface ProfileRoots {
  /** The kubelet's process (the `kts agent`), when the bench runs one. */
  kubelet?: number;
  /** The `kts server` process. */
  server?: number;
  /** containerd. */
  containerd?: number;
  /** The bench itself (the CRI client in bench:kubelet-cri). */
  bench?: number;
  /** A string in the command line of every shim of our containerd: its socket path. */
  shimMarker?: string;
}

export interface CpuProfile {
  /** Stops recording and returns CPU seconds per part of the stack, largest first. */
  stop(): Promise<[part: string, cpuSeconds: number][]>;
}

function processParents(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // Gone meanwhile.
    }
  }
  return parents;
}

function shimPids(marker: string | undefined): Set<number> {
  const shims = new Set<number>();
  if (!marker) return shims;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes('containerd-shim') && cmdline.includes(marker)) shims.add(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return shims;
}

/** Starts `perf record` on all CPUs; undefined (with a message) when perf is not usable. */
export async function startCpuProfile(dir: string, roots: ProfileRoots): Promise<CpuProfile | undefined> {
  // KTS_PROFILE_KEEP=FILE keeps the recording there for `perf report -i FILE`.
  const output = process.env.KTS_PROFILE_KEEP || join(dir, 'perf.data');
  const perf: ChildProcess = spawn(
    'perf',
    [
      'record',
      '-e',
      'cpu-clock',
      '-c',
      String(SAMPLE_PERIOD_NS),
      '-a',
      ...(process.env.KTS_PROFILE_KEEP ? ['-g'] : []),
      '-o',
      output,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  perf.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const failed = await Promise.race([
    new Promise<boolean>((resolve) => perf.once('error', () => resolve(true))),
    new Promise<boolean>((resolve) => perf.once('exit', () => resolve(true))),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 500)),
  ]);
  if (failed) {
    console.error(`--profile: perf record did not start: ${stderr.trim()}`);
    return undefined;
  }
  const shimsBefore = shimPids(roots.shimMarker);
  return {
    async stop() {
      const exited = new Promise<void>((resolve) => perf.once('exit', () => resolve()));
      perf.kill('SIGINT');
      await exited;
      const shims = new Set([...shimsBefore, ...shimPids(roots.shimMarker)]);
      const parents = processParents();
      const script = await promisify(execFile)(
        'perf',
        ['script', '-i', output, '--show-task-events', '-F', 'pid,tid,comm,event'],
        { maxBuffer: 1 << 30 },
      );
      if (!process.env.KTS_PROFILE_KEEP) rmSync(output, { force: true });
      const samples = new Map<number, Map<string, number>>();
      for (const line of script.stdout.split('\n')) {
        const fork = /PERF_RECORD_FORK\((\d+):(\d+)\):\((\d+):(\d+)\)/.exec(line);
        if (fork) {
          // A new process (not a thread): remember who made it, even after it is re-parented.
          if (fork[1] === fork[2] && fork[1] !== fork[3]) parents.set(Number(fork[1]), Number(fork[3]));
          continue;
        }
        const sample = /^\s*(.*?)\s+(\d+)\/(\d+)\s+cpu-clock:/.exec(line);
        if (!sample) continue;
        const pid = Number(sample[2]);
        if (pid === 0) continue; // idle
        const comm = sample[1]!;
        const byComm = samples.get(pid) ?? new Map<string, number>();
        byComm.set(comm, (byComm.get(comm) ?? 0) + 1);
        samples.set(pid, byComm);
      }
      const totals = new Map<string, number>();
      for (const [pid, byComm] of samples) {
        for (const [comm, count] of byComm) {
          const part = partOf(pid, comm, parents, roots, shims);
          totals.set(part, (totals.get(part) ?? 0) + (count * SAMPLE_PERIOD_NS) / 1e9);
        }
      }
      return [...totals].sort((a, b) => b[1] - a[1]);
    },
  };
}

function partOf(
  pid: number,
  comm: string,
  parents: Map<number, number>,
  roots: ProfileRoots,
  shims: Set<number>,
): string {
  const named: [number | undefined, string][] = [
    [roots.kubelet, 'kubelet'],
    [roots.server, 'kts server'],
    [roots.containerd, 'containerd'],
    [roots.bench, 'bench (CRI client)'],
  ];
  for (const [root, name] of named) if (pid === root) return name;
  const program = comm.startsWith('runc') ? 'runc' : comm;
  // Walk up to the nearest process of ours.
  const seen = new Set<number>();
  for (let p = parents.get(pid); p !== undefined && p > 1 && !seen.has(p); p = parents.get(p)) {
    seen.add(p);
    if (p === 2) return 'kernel threads';
    if (shims.has(p)) {
      if (program === 'runc') return 'runc (run by the shims)';
      return `in pods: ${program}`;
    }
    if (p === roots.containerd) {
      if (comm.startsWith('containerd-shim')) return 'containerd-shim-runc-v2';
      return `containerd's children: ${program}`;
    }
    for (const [root, name] of named) if (p === root) return `${name}'s children: ${program}`;
  }
  if (shims.has(pid)) return 'containerd-shim-runc-v2';
  if (parents.get(pid) === 2 || pid === 2) return 'kernel threads';
  return 'other processes (not ours)';
}

/** Prints a breakdown: CPU seconds per part, per pod, and what the parts of ours add up to. */
export function printCpuProfile(breakdown: [string, number][], pods: number): void {
  console.log(`CPU while the ${pods} started, by part (perf, 1 sample per ms of CPU):`);
  let ours = 0;
  for (const [part, seconds] of breakdown) {
    const notOurs = part === 'other processes (not ours)' || part === 'kernel threads';
    if (!notOurs) ours += seconds;
    console.log(
      `  ${part.padEnd(44)} ${seconds.toFixed(2).padStart(6)} s  ${((seconds / pods) * 1000).toFixed(1).padStart(6)} ms/pod`,
    );
  }
  console.log(
    `  ${'total of ours'.padEnd(44)} ${ours.toFixed(2).padStart(6)} s  ${((ours / pods) * 1000).toFixed(1).padStart(6)} ms/pod`,
  );
}
