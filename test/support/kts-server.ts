// Starts a throwaway `kts server` for a test suite (one per suite, not per test): its own
// data dir and a free loopback port; stops it by PID and removes the data dir afterwards.
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { spawnTied } from './tied-spawn.ts';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
const KTS_BIN = join(REPO_ROOT, 'bin', 'kts');

export interface RunningServer {
  url: string;
  kubeconfig: string;
  dataDir: string;
  process: ChildProcess;
  /** Everything the server printed (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  args?: string[];
  /** Keep the data dir (and pass an existing one) for restart tests. */
  dataDir?: string;
  keepDataDir?: boolean;
  env?: Record<string, string>;
  /**
   * Run the controller manager inside the server (as `kts server` does by default). Off by
   * default here: API suites want objects to stay as they wrote them, and controller suites run
   * their controllers themselves.
   */
  controllers?: boolean;
  /** Run the scheduler inside the server (off by default, for the same reason). */
  scheduler?: boolean;
  /** Run the local agent (kubelet + containerd) inside the server; pass its node flags in `args`. */
  agent?: boolean;
  /** How long to wait for the kubeconfig (default 60 s; an agent imports its images first). */
  startTimeoutMs?: number;
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kts-test-'));
  const kubeconfig = join(dataDir, 'kubeconfig.yaml');
  rmSync(kubeconfig, { force: true });
  const child = spawnTied(
    KTS_BIN,
    [
      'server',
      ...(options.agent ? [] : ['--disable-agent']),
      ...(options.controllers ? [] : ['--disable-controllers']),
      ...(options.scheduler ? [] : ['--disable-scheduler']),
      '--data-dir',
      dataDir,
      '--port',
      '0',
      '--write-kubeconfig',
      kubeconfig,
      ...(options.args ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  while (!existsSync(kubeconfig)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`kts server did not start (exit ${child.exitCode}):\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  let url: string;
  try {
    const config = parse(readFileSync(kubeconfig, 'utf8')) as { clusters: { cluster: { server: string } }[] };
    url = config.clusters[0]!.cluster.server;
  } catch (e) {
    // Never leave a server behind: a test whose before() fails does not call stop().
    child.kill('SIGKILL');
    throw e;
  }
  let stopped = false;
  return {
    url,
    kubeconfig,
    dataDir,
    process: child,
    output: () => out,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      if (!options.keepDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
