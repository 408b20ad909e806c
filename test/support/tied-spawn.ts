// Children of tests and benches that end with them. Spawned through `setpriv --pdeathsig TERM`,
// a child gets SIGTERM from the kernel when the process that started it dies, even by SIGKILL
// (a bench killed by hand, a runner's timeout), so no kts server, hollow nodes, scheduler or etcd
// outlives its run and loads the machine for the next one. setpriv execs the command, so the
// child's PID is the command's own; the signal is not inherited by the child's own children
// (an agent's containerd still outlives a killed agent, as it must).
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const SETPRIV = '/usr/bin/setpriv';
const HAS_SETPRIV = existsSync(SETPRIV);

/** `spawn(command, args, options)`, with the child tied to this process's life where setpriv exists (util-linux). */
export function spawnTied(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  return HAS_SETPRIV
    ? spawn(SETPRIV, ['--pdeathsig', 'TERM', '--', command, ...args], options)
    : spawn(command, args, options);
}
