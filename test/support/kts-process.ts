// Runs a `kts` subcommand as its own process for a test (scheduler, hollow nodes, controller
// manager), waits for a line that says it is ready, and stops it by PID.
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './kts-server.ts';
import { spawnTied } from './tied-spawn.ts';

export interface KtsProcess {
  process: ChildProcess;
  output(): string;
  /** Resolves once the output contains the ready text (rejects if the process exits first). */
  ready: Promise<void>;
  /** SIGTERM, then SIGKILL after 10 s. */
  stop(): Promise<void>;
  /** SIGKILL at once (a crash). */
  kill(): Promise<void>;
}

export function startKts(args: string[], readyText?: string, env?: Record<string, string>): KtsProcess {
  const child = spawnTied(join(REPO_ROOT, 'bin', 'kts'), args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(env ? { env: { ...process.env, ...env } } : {}),
  });
  let out = '';
  let resolveReady: () => void = () => {};
  let rejectReady: (e: Error) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => {});
  const onData = (d: Buffer) => {
    out += d;
    if (readyText && out.includes(readyText)) resolveReady();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  if (!readyText) resolveReady();
  const exited = new Promise<void>((r) =>
    child.once('exit', (code, signal) => {
      rejectReady(new Error(`kts ${args[0]} exited (${code ?? signal}):\n${out.slice(-3000)}`));
      r();
    }),
  );
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { process: child, output: () => out, ready, stop: () => end('SIGTERM'), kill: () => end('SIGKILL') };
}
