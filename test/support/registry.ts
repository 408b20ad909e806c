// An image registry on loopback for pull tests: Debian's `docker-registry` (distribution 2.8)
// serving plain HTTP on 127.0.0.1 from a temp dir, optionally behind htpasswd auth (bcrypt, made
// by apache2-utils' `htpasswd -B`), filled with `skopeo copy` from kts's offline-built images.
// stop() kills it by PID and removes its files.
import { type ChildProcess, execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { freePort, killAtTestExit, startOnFreePorts } from './local-service.ts';
import { spawnTied } from './tied-spawn.ts';

const run = promisify(execFile);

export interface TestRegistry {
  /** `127.0.0.1:PORT`: the registry part of image references. */
  host: string;
  pid: number;
  credentials?: { username: string; password: string };
  /** Pushes an OCI image-layout archive as `<host>/<repository>`. */
  push(archive: Buffer, repository: string): Promise<string>;
  /**
   * Writes the containerd hosts.toml that lets a kts agent pull from this registry over plain
   * HTTP, into the agent's registry config dir (containerd's config_path).
   */
  configureAgent(registryConfigDir: string): void;
  stop(): Promise<void>;
}

export interface TestRegistryOptions {
  /** Serve behind htpasswd auth with these credentials. */
  credentials?: { username: string; password: string };
}

export function startTestRegistry(options: TestRegistryOptions = {}): Promise<TestRegistry> {
  return startOnFreePorts(() => startOnce(options));
}

async function startOnce(options: TestRegistryOptions): Promise<TestRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'kts-registry-'));
  let child: ChildProcess | undefined;
  const stop = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const port = await freePort();
    const host = `127.0.0.1:${port}`;
    let auth = '';
    const { credentials } = options;
    if (credentials) {
      const { stdout } = await run('htpasswd', ['-Bbn', credentials.username, credentials.password]);
      writeFileSync(join(dir, 'htpasswd'), stdout.trim() + '\n');
      auth = `auth:\n  htpasswd:\n    realm: kts-test\n    path: ${join(dir, 'htpasswd')}\n`;
    }
    mkdirSync(join(dir, 'data'));
    writeFileSync(
      join(dir, 'config.yml'),
      `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\n` +
        `http:\n  addr: ${host}\n  secret: kts-test-${port}\n${auth}`,
    );
    child = spawnTied('docker-registry', ['serve', join(dir, 'config.yml')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    killAtTestExit(child);
    let stderr = '';
    child.stderr?.on('data', (d) => {
      stderr += String(d);
    });
    const spawned = child;
    await waitUntilServing(
      host,
      () => spawned.exitCode !== null,
      () => stderr,
    );
    const pid = child.pid!;
    return {
      host,
      pid,
      ...(credentials ? { credentials } : {}),
      async push(archive, repository) {
        const file = join(dir, `push-${Date.now()}.tar`);
        writeFileSync(file, archive);
        const reference = `${host}/${repository}`;
        const creds = credentials ? ['--dest-creds', `${credentials.username}:${credentials.password}`] : [];
        try {
          // --insecure-policy: no signature policy applies to an image this test built itself.
          await run('skopeo', [
            '--insecure-policy',
            'copy',
            '--dest-tls-verify=false',
            ...creds,
            `oci-archive:${file}`,
            `docker://${reference}`,
          ]);
        } finally {
          rmSync(file, { force: true });
        }
        return reference;
      },
      configureAgent(registryConfigDir) {
        const hostDir = join(registryConfigDir, host);
        mkdirSync(hostDir, { recursive: true });
        writeFileSync(
          join(hostDir, 'hosts.toml'),
          `server = "http://${host}"\n\n[host."http://${host}"]\n  capabilities = ["pull", "resolve"]\n`,
        );
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function waitUntilServing(host: string, exited: () => boolean, log: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`docker-registry exited: ${log()}`);
    try {
      // 200 without auth, 401 with: either way it is serving the v2 API.
      const res = await fetch(`http://${host}/v2/`);
      if (res.status === 200 || res.status === 401) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`docker-registry on ${host} did not start: ${log()}`);
}
