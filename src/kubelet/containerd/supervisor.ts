// Starts kts's own containerd with the config kts writes, waits until its CRI answers, restarts
// it with back-off when it dies, and stops it by PID. Containers survive a containerd restart
// (their shims are separate processes), which is what lets a kubelet adopt running pods.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CriClient } from '../cri/cri-client.ts';
import { type ContainerdConfigOptions, type ContainerdLayout, renderContainerdConfig } from './config.ts';
import { processAlive, processCommandLine, stopProcess } from './processes.ts';
import { ensureTmpfsStateDir } from './volatile-state.ts';

export interface SupervisorOptions extends ContainerdConfigOptions {
  layout: ContainerdLayout;
  /** The containerd binary. Default /usr/bin/containerd. */
  binary?: string;
  /** How long to wait for the CRI to answer after a start. Default 60 s. */
  startTimeoutMs?: number;
  /**
   * Give the state dir its own tmpfs when it is on a disk filesystem (default true; see
   * volatile-state.ts).
   */
  tmpfsState?: boolean;
  /** Told about exits and restarts (for logs and the node's Ready condition). */
  onEvent?: (event: SupervisorEvent) => void;
}

export type SupervisorEvent =
  | { type: 'started'; pid: number }
  | { type: 'exited'; pid: number; code: number | null; signal: string | null }
  | { type: 'restarting'; afterMs: number }
  | { type: 'restart-failed'; error: Error };

const INITIAL_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 30_000;
/** Running this long resets the back-off. */
const BACKOFF_RESET_MS = 60_000;
const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export class ContainerdSupervisor {
  readonly layout: ContainerdLayout;
  private readonly options: SupervisorOptions;
  private child: ChildProcess | undefined;
  private stopping = false;
  /** Set once the first start succeeded: from then on an exit means a restart. */
  private supervising = false;
  private backoffMs = INITIAL_BACKOFF_MS;
  private startedAt = 0;
  private restartTimer: NodeJS.Timeout | undefined;

  constructor(options: SupervisorOptions) {
    this.options = options;
    this.layout = options.layout;
  }

  /** The CRI endpoint of this containerd. */
  get endpoint(): string {
    return `unix://${this.layout.socket}`;
  }

  /** The PID of the running containerd, if any. */
  get pid(): number | undefined {
    const child = this.child;
    return child && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
  }

  /**
   * Writes the config, replaces a containerd left behind by an earlier kts (by its PID file),
   * starts containerd and resolves once its CRI answers Version.
   */
  async start(): Promise<void> {
    this.stopping = false;
    const { layout } = this;
    const dirs = [
      layout.rootDir,
      layout.stateDir,
      dirname(layout.configFile),
      layout.cniConfDir,
      layout.registryConfigDir,
    ];
    for (const dir of dirs) {
      mkdirSync(dir, { recursive: true, mode: 0o755 });
    }
    writeFileSync(layout.configFile, renderContainerdConfig(layout, this.options), { mode: 0o644 });
    await this.stopLeftover();
    if (this.options.tmpfsState !== false) await ensureTmpfsStateDir(layout.stateDir);
    await this.spawnAndWait();
    this.supervising = true;
  }

  /** Stops containerd by PID: SIGTERM, then SIGKILL after `graceMs`. Shims keep running. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    this.supervising = false;
    clearTimeout(this.restartTimer);
    const child = this.child;
    this.child = undefined;
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      await stopProcess(child.pid, graceMs);
    }
    rmSync(this.layout.pidFile, { force: true });
  }

  /** A containerd whose PID file we wrote and that still runs our config: stop it first. */
  private async stopLeftover(): Promise<void> {
    let pid: number;
    try {
      pid = Number.parseInt(readFileSync(this.layout.pidFile, 'utf8'), 10);
    } catch {
      return;
    }
    if (!Number.isInteger(pid) || !processAlive(pid)) return;
    const cmdline = processCommandLine(pid);
    if (cmdline.includes('containerd') && cmdline.includes(this.layout.configFile))
      await stopProcess(pid, 10_000);
  }

  private async spawnAndWait(): Promise<void> {
    const { layout } = this;
    mkdirSync(dirname(layout.logFile), { recursive: true });
    const log = openSync(layout.logFile, 'a');
    const child = spawn(this.options.binary ?? '/usr/bin/containerd', ['--config', layout.configFile], {
      stdio: ['ignore', log, log],
      // Its own process group: a Ctrl-C meant for kts does not kill the runtime under the pods.
      detached: true,
      env: { ...process.env, PATH },
    });
    closeSync(log);
    // kts stops it explicitly; a running containerd must not keep a finished kts process alive.
    child.unref();
    this.child = child;
    this.startedAt = Date.now();
    const exited = new Promise<never>((_, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) =>
        reject(
          new Error(`containerd exited during start (code ${code}, signal ${signal}); see ${layout.logFile}`),
        ),
      );
    });
    exited.catch(() => {});
    if (child.pid === undefined) await exited;
    writeFileSync(layout.pidFile, `${child.pid}\n`);
    child.once('exit', (code, signal) => this.onExit(child, code, signal));

    const cri = new CriClient(layout.socket, { timeoutMs: 5000 });
    try {
      const deadline = Date.now() + (this.options.startTimeoutMs ?? 60_000);
      await Promise.race([exited, this.waitForCri(cri, deadline)]);
    } catch (err) {
      if (child.exitCode === null) await stopProcess(child.pid!, 5000);
      throw err;
    } finally {
      cri.close();
    }
    this.options.onEvent?.({ type: 'started', pid: child.pid! });
  }

  private async waitForCri(cri: CriClient, deadline: number): Promise<void> {
    let lastError: unknown;
    while (Date.now() < deadline) {
      try {
        await cri.version();
        return;
      } catch (err) {
        lastError = err;
      }
      await sleep(100);
    }
    throw new Error(
      `containerd did not answer on ${this.layout.socket} in time: ${String(lastError)}; see ${this.layout.logFile}`,
    );
  }

  private onExit(child: ChildProcess, code: number | null, signal: string | null): void {
    this.options.onEvent?.({ type: 'exited', pid: child.pid!, code, signal });
    if (!this.supervising || this.stopping || this.child !== child) return;
    this.child = undefined;
    if (Date.now() - this.startedAt > BACKOFF_RESET_MS) this.backoffMs = INITIAL_BACKOFF_MS;
    const afterMs = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    this.options.onEvent?.({ type: 'restarting', afterMs });
    this.restartTimer = setTimeout(() => {
      if (this.stopping) return;
      // A failed restart stops its child, whose exit schedules the next try.
      this.spawnAndWait().catch((error: Error) => this.options.onEvent?.({ type: 'restart-failed', error }));
    }, afterMs);
  }
}
