// Starts `kts controller-manager` as its own process against a test server; stops it by PID
// (or kills it outright, for crash tests).
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './kts-server.ts';

export interface RunningControllerManager {
  process: ChildProcess;
  output(): string;
  /** SIGTERM, then SIGKILL after 10 s. */
  stop(): Promise<void>;
  /** SIGKILL at once (a crash). */
  kill(): Promise<void>;
}

export function startControllerManager(kubeconfig: string, args: string[] = []): RunningControllerManager {
  const child = spawn(
    join(REPO_ROOT, 'bin', 'kts'),
    ['controller-manager', '--kubeconfig', kubeconfig, ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { process: child, output: () => out, stop: () => end('SIGTERM'), kill: () => end('SIGKILL') };
}
