// Starts a real etcd (Debian's etcd-server, /usr/bin/etcd) for tests and benches: free loopback
// ports, a temporary data dir (unless one is given), stopped by PID. The process is also killed
// if the test process exits without stopping it, so no etcd outlives its test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, killAtTestExit, startOnFreePorts } from './local-service.ts';
import { spawnTied } from './tied-spawn.ts';

export const ETCD_BIN = process.env.KTS_ETCD_BIN ?? '/usr/bin/etcd';

export interface EtcdOptions {
  /** Use this data dir (e.g. one made by a snapshot restore); it is kept on stop. */
  dataDir?: string;
  /** Member name; must match the one a restored data dir was made with. Default 'kts-test'. */
  name?: string;
  /** Peer port to use (a restored data dir remembers its peer URL). Default: a free one. */
  peerPort?: number;
  /** Client port to use (to restart a member where its clients expect it). Default: a free one. */
  clientPort?: number;
  /** etcd's periodic watch progress notification interval. Default 1 s. */
  progressNotifyInterval?: string;
}

export interface EtcdProcess {
  /** Client endpoint, e.g. http://127.0.0.1:23791. */
  endpoint: string;
  peerUrl: string;
  name: string;
  dataDir: string;
  pid: number;
  stop(): Promise<void>;
}

export function startEtcd(options: EtcdOptions = {}): Promise<EtcdProcess> {
  return startOnFreePorts(() => startOnce(options));
}

async function startOnce(options: EtcdOptions): Promise<EtcdProcess> {
  const name = options.name ?? 'kts-test';
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kts-etcd-'));
  const clientPort = options.clientPort ?? (await freePort());
  const peerPort = options.peerPort ?? (await freePort());
  const endpoint = `http://127.0.0.1:${clientPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  const args = [
    `--name=${name}`,
    `--data-dir=${dataDir}`,
    `--listen-client-urls=${endpoint}`,
    `--advertise-client-urls=${endpoint}`,
    `--listen-peer-urls=${peerUrl}`,
    `--initial-advertise-peer-urls=${peerUrl}`,
    `--initial-cluster=${name}=${peerUrl}`,
    '--initial-cluster-state=new',
    // Values up to 1.5 MiB plus key and request overhead (etcd's default is exactly 1.5 MiB).
    '--max-request-bytes=3145728',
    `--experimental-watch-progress-notify-interval=${options.progressNotifyInterval ?? '1s'}`,
    '--logger=zap',
    '--log-level=error',
  ];
  const child = spawnTied(ETCD_BIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  killAtTestExit(child);
  let output = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    output = (output + chunk).slice(-8192);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (ownDir) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitHealthy(endpoint, exited, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, peerUrl, name, dataDir, pid: child.pid!, stop };
}

async function waitHealthy(
  endpoint: string,
  exited: Promise<number | null>,
  output: () => string,
): Promise<void> {
  let dead = false;
  void exited.then(() => {
    dead = true;
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (dead) throw new Error(`etcd exited during startup:\n${output()}`);
    try {
      const response = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1000) });
      const body = (await response.json()) as { health?: string };
      if (body.health === 'true') return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`etcd at ${endpoint} did not become healthy in 30 s:\n${output()}`);
}
